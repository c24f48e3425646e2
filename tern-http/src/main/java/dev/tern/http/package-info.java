/**
 * Tern HTTP, in the style of CloudWeGo Hertz: an HTTP/1.1 and HTTP/2 server
 * ({@link dev.tern.http.HttpServer}; h2c with prior knowledge or upgrade, h2 over TLS with ALPN)
 * whose handlers see a {@link dev.tern.http.HttpContext} on either protocol. Records are bound
 * from requests with {@link dev.tern.http.HttpContext#bind(Class)} and validated with
 * {@link dev.tern.http.Required}, {@link dev.tern.http.Min}, {@link dev.tern.http.Max} and
 * {@link dev.tern.http.Pattern}. Bodies stream both ways ({@link dev.tern.http.HttpHandler#streamingBody},
 * {@link dev.tern.http.HttpContext#stream}), with Server-Sent Events
 * ({@link dev.tern.http.EventStream}) and WebSockets ({@link dev.tern.http.WebSocketListener});
 * {@link dev.tern.http.StaticFiles}, {@link dev.tern.http.Templates} and {@link dev.tern.http.Tls}
 * round it off. The client is in {@link dev.tern.http.client}.
 */
package dev.tern.http;
