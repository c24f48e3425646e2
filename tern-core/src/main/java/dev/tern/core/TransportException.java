package dev.tern.core;

/** The connection could not be opened, or broke before the response arrived. */
public class TransportException extends RpcException {

  /** What went wrong on the connection. */
  public enum Kind {
    /** No connection could be made (refused, unreachable, connect timeout). Safe to retry. */
    CONNECT_FAILED,
    /** The connection closed or reset while the call was in flight. */
    CONNECTION_CLOSED,
    /** The client or server is shutting down and takes no new calls. */
    SHUTTING_DOWN,
    /** Any other I/O failure. */
    IO
  }

  private final Kind kind;

  public TransportException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  public TransportException(Kind kind, String message) {
    this(kind, message, null);
  }

  public Kind kind() {
    return kind;
  }

  @Override
  public boolean isRetryable() {
    return kind == Kind.CONNECT_FAILED || kind == Kind.SHUTTING_DOWN;
  }
}
