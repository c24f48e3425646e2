/**
 * Retries: failure retry with {@link dev.tern.governance.retry.Backoff}, backup (hedged)
 * requests, and a {@link dev.tern.governance.retry.RetryBudget} that keeps retries from storming.
 */
package dev.tern.governance.retry;
