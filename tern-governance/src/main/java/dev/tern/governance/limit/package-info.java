/**
 * Server-side limits: {@link dev.tern.governance.limit.LimitMiddleware} rejects calls over a
 * QPS or concurrency limit with {@link dev.tern.governance.limit.OverloadedException}.
 */
package dev.tern.governance.limit;
