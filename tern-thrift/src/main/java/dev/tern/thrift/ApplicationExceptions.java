package dev.tern.thrift;

import dev.tern.core.RemoteException;

/**
 * Reads and writes Thrift's {@code TApplicationException} struct (field 1: message string,
 * field 2: type i32), the body of an {@link TMessageType#EXCEPTION} message, as a
 * {@link RemoteException} whose {@link RemoteException#code()} is the type.
 */
public final class ApplicationExceptions {
  private ApplicationExceptions() {}

  private static final short MESSAGE_FIELD = 1;
  private static final short TYPE_FIELD = 2;

  /** Writes the struct for {@code type} and {@code message} (a null message is left out). */
  public static void write(ThriftWriter out, int type, String message) {
    out.writeStructBegin("TApplicationException");
    if (message != null) {
      out.writeFieldBegin(TType.STRING, MESSAGE_FIELD);
      out.writeString(message);
      out.writeFieldEnd();
    }
    out.writeFieldBegin(TType.I32, TYPE_FIELD);
    out.writeI32(type);
    out.writeFieldEnd();
    out.writeFieldStop();
    out.writeStructEnd();
  }

  /** Writes the struct for {@code e}: its code and its message without the "(type N)" suffix. */
  public static void write(ThriftWriter out, RemoteException e) {
    write(out, e.code(), e.remoteMessage());
  }

  /**
   * Writes a whole {@link TMessageType#EXCEPTION} message: header, struct and message end; the
   * reply a server sends for an unknown method or a failed handler.
   */
  public static void writeMessage(ThriftWriter out, String method, int seqId, int type, String message) {
    out.writeMessageBegin(method, TMessageType.EXCEPTION, seqId);
    write(out, type, message);
    out.writeMessageEnd();
  }

  /**
   * Reads the struct (after the message header) into a RemoteException. Unknown fields are
   * skipped; a missing message reads as empty and a missing type as {@link RemoteException#UNKNOWN}.
   */
  public static RemoteException read(ThriftReader in) {
    String message = "";
    int type = RemoteException.UNKNOWN;
    in.readStructBegin();
    while (true) {
      int field = in.readFieldBegin();
      byte fieldType = ThriftReader.fieldType(field);
      if (fieldType == TType.STOP) {
        break;
      }
      short id = ThriftReader.fieldId(field);
      if (id == MESSAGE_FIELD && fieldType == TType.STRING) {
        message = in.readString();
      } else if (id == TYPE_FIELD && fieldType == TType.I32) {
        type = in.readI32();
      } else {
        in.skip(fieldType);
      }
      in.readFieldEnd();
    }
    in.readStructEnd();
    return new RemoteException(type, message);
  }
}
