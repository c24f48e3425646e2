/**
 * Circuit breaking: {@link dev.tern.governance.circuitbreak.CircuitBreaker}s over sliding
 * windows, per method or per instance, applied by
 * {@link dev.tern.governance.circuitbreak.CircuitBreakerMiddleware}.
 */
package dev.tern.governance.circuitbreak;
