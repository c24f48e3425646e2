/**
 * Load balancing: a {@link dev.tern.governance.loadbalance.LoadBalancer} picks an instance per
 * call and {@link dev.tern.governance.loadbalance.LoadBalancingMiddleware} sends the call there.
 */
package dev.tern.governance.loadbalance;
