package dev.tern.core;

/**
 * Base of the errors the framework raises. Each kind of failure has its own subclass so that
 * callers and middleware can match on it ({@code catch (RpcTimeoutException e)} or a switch with
 * type patterns) instead of parsing messages:
 *
 * <ul>
 *   <li>{@link TransportException}: the connection could not be made or was lost.
 *   <li>{@link ProtocolException}: bytes that do not parse, or exceed a configured limit.
 *   <li>{@link RpcTimeoutException}: the deadline passed.
 *   <li>{@link RemoteException}: the peer answered with a framework-level error (unknown method,
 *       internal error in the handler), as a Thrift application exception or gRPC status.
 *   <li>{@link BizStatusException}: the handler answered with a business status code.
 * </ul>
 *
 * Exceptions declared in the IDL are not RpcExceptions: they are generated checked types that
 * extend {@link DeclaredException}.
 */
public abstract class RpcException extends RuntimeException {

  protected RpcException(String message, Throwable cause) {
    super(message, cause);
  }

  protected RpcException(String message) {
    super(message);
  }

  /** Whether a retry to the same or another instance may succeed (governance reads this). */
  public boolean isRetryable() {
    return false;
  }
}
