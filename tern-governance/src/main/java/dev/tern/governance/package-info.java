/**
 * Service governance for Tern clients and servers, each capability a plain
 * {@link dev.tern.core.Middleware}: {@linkplain dev.tern.governance.discovery discovery},
 * {@linkplain dev.tern.governance.loadbalance load balancing},
 * {@linkplain dev.tern.governance.circuitbreak circuit breaking},
 * {@linkplain dev.tern.governance.retry retries and backup requests} and server-side
 * {@linkplain dev.tern.governance.limit limits}. Every decision is recorded in the call's
 * {@link dev.tern.governance.GovernanceEvents}.
 */
package dev.tern.governance;
