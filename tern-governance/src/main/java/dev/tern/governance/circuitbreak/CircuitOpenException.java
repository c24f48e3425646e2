package dev.tern.governance.circuitbreak;

import dev.tern.core.RpcException;

/**
 * A circuit breaker rejected the call without sending it. Retryable: another instance (or the
 * same one once its breaker closes) may take it.
 */
public class CircuitOpenException extends RpcException {

  private final String breakerKey;

  public CircuitOpenException(String breakerKey) {
    super("circuit breaker open for " + breakerKey);
    this.breakerKey = breakerKey;
  }

  /** What the open breaker guards: an instance address or "caller/callee/method". */
  public String breakerKey() {
    return breakerKey;
  }

  @Override
  public boolean isRetryable() {
    return true;
  }
}
