/**
 * Service discovery: {@link dev.tern.governance.discovery.Instance}s found by a watch-based
 * {@link dev.tern.governance.discovery.Resolver} (static, DNS, cached) and announced by servers
 * through a {@link dev.tern.governance.discovery.Registry}.
 */
package dev.tern.governance.discovery;
