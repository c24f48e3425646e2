package dev.tern.core;

/** The call's deadline passed before it completed. */
public class RpcTimeoutException extends RpcException {

  /** Which deadline passed. */
  public enum Phase { CONNECT, RPC }

  private final Phase phase;

  public RpcTimeoutException(Phase phase, String message) {
    super(message);
    this.phase = phase;
  }

  public Phase phase() {
    return phase;
  }

  @Override
  public boolean isRetryable() {
    return phase == Phase.CONNECT;
  }
}
