/**
 * Tern's HTTP client: HTTP/1.1 with connection pooling and HTTP/2 (ALPN over TLS, prior knowledge
 * in clear text) with one multiplexed connection per origin; connect, request and read timeouts;
 * retries with a predicate; middleware; streamed request and response bodies; service discovery
 * through the same {@link dev.tern.governance.discovery.Resolver}s as RPC. Start with
 * {@link dev.tern.http.client.HttpClient}.
 */
package dev.tern.http.client;
