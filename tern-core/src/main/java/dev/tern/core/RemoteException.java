package dev.tern.core;

/**
 * The peer reported a framework-level failure: for Thrift, an application exception (unknown
 * method, internal error, ...); the {@link #code()} is the Thrift TApplicationException type.
 */
public class RemoteException extends RpcException {

  /** Thrift TApplicationException types. */
  public static final int UNKNOWN = 0;
  public static final int UNKNOWN_METHOD = 1;
  public static final int INVALID_MESSAGE_TYPE = 2;
  public static final int WRONG_METHOD_NAME = 3;
  public static final int BAD_SEQUENCE_ID = 4;
  public static final int MISSING_RESULT = 5;
  public static final int INTERNAL_ERROR = 6;
  public static final int PROTOCOL_ERROR = 7;
  public static final int INVALID_TRANSFORM = 8;
  public static final int INVALID_PROTOCOL = 9;
  public static final int UNSUPPORTED_CLIENT_TYPE = 10;

  private final int code;
  private final String remoteMessage;

  public RemoteException(int code, String message) {
    super(message + " (type " + code + ")");
    this.code = code;
    this.remoteMessage = message;
  }

  public int code() {
    return code;
  }

  /** The message as the peer sent it, without the type suffix {@link #getMessage()} adds. */
  public String remoteMessage() {
    return remoteMessage;
  }
}
