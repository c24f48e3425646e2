/**
 * Call policies: per-method middleware ({@link dev.tern.governance.policy.PerMethodMiddleware}),
 * timeouts ({@link dev.tern.governance.policy.TimeoutMiddleware}) and fallbacks that turn errors
 * into answers ({@link dev.tern.governance.policy.FallbackMiddleware}).
 */
package dev.tern.governance.policy;
