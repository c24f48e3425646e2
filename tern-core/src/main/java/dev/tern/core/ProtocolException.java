package dev.tern.core;

/**
 * Bytes that could not be decoded, or a message that breaks a configured limit. The kinds match
 * Apache Thrift's TProtocolException types so they map one to one onto the wire.
 */
public class ProtocolException extends RpcException {

  /** Kinds, numbered as Apache Thrift's TProtocolException. */
  public enum Kind {
    UNKNOWN(0), INVALID_DATA(1), NEGATIVE_SIZE(2), SIZE_LIMIT(3), BAD_VERSION(4),
    NOT_IMPLEMENTED(5), DEPTH_LIMIT(6);

    private final int code;

    Kind(int code) {
      this.code = code;
    }

    public int code() {
      return code;
    }
  }

  private final Kind kind;

  public ProtocolException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public ProtocolException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
