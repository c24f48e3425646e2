package dev.tern.thrift;

import dev.tern.core.ProtocolException;
import dev.tern.core.RemoteException;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * Reads and writes Thrift's {@code TApplicationException} struct (field 1: message string,
 * field 2: type i32), the body of an {@link TMessageType#EXCEPTION} message, as a
 * {@link RemoteException} whose {@link RemoteException#code()} is the type. Over
 * {@link ThriftProtocol#KITEX_PROTOBUF} the body is Kitex's protobuf {@code ErrorProto}
 * (field 1: TypeID int32, field 2: Message string) instead.
 */
public final class ApplicationExceptions {
  private ApplicationExceptions() {}

  private static final short MESSAGE_FIELD = 1;
  private static final short TYPE_FIELD = 2;

  /** Writes the struct for {@code type} and {@code message} (a null message is left out). */
  public static void write(ThriftWriter out, int type, String message) {
    if (out.protocol() == ThriftProtocol.KITEX_PROTOBUF) {
      writeErrorProto(out.buffer(), type, message);
      return;
    }
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
    if (in.protocol() == ThriftProtocol.KITEX_PROTOBUF) {
      return readErrorProto(in.buffer());
    }
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

  private static void writeErrorProto(ByteBuf out, int type, String message) {
    out.writeByte(0x08); // field 1, varint
    writeVarint(out, type & 0xffffffffL | (type < 0 ? 0xffffffff00000000L : 0)); // int32: sign-extended
    if (message != null && !message.isEmpty()) {
      byte[] utf8 = message.getBytes(StandardCharsets.UTF_8);
      out.writeByte(0x12); // field 2, length-delimited
      writeVarint(out, utf8.length);
      out.writeBytes(utf8);
    }
  }

  private static RemoteException readErrorProto(ByteBuf in) {
    int type = RemoteException.UNKNOWN;
    String message = "";
    try {
      while (in.isReadable()) {
        long key = readVarint(in);
        int wireType = (int) (key & 7);
        long field = key >>> 3;
        switch (wireType) {
          case 0 -> {
            long v = readVarint(in);
            if (field == 1) type = (int) v;
          }
          case 1 -> in.skipBytes(8);
          case 2 -> {
            long len = readVarint(in);
            if (len < 0 || len > in.readableBytes()) throw new IndexOutOfBoundsException("length " + len);
            if (field == 2) message = in.readCharSequence((int) len, StandardCharsets.UTF_8).toString();
            else in.skipBytes((int) len);
          }
          case 5 -> in.skipBytes(4);
          default -> throw new IllegalArgumentException("wire type " + wireType);
        }
      }
    } catch (RuntimeException e) {
      throw new ProtocolException(ProtocolException.Kind.INVALID_DATA, "malformed Kitex Protobuf ErrorProto: " + e.getMessage(), e);
    }
    return new RemoteException(type, message);
  }

  private static void writeVarint(ByteBuf out, long v) {
    while ((v & ~0x7fL) != 0) {
      out.writeByte((int) ((v & 0x7f) | 0x80));
      v >>>= 7;
    }
    out.writeByte((int) v);
  }

  private static long readVarint(ByteBuf in) {
    long result = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      byte b = in.readByte();
      result |= (long) (b & 0x7f) << shift;
      if (b >= 0) return result;
    }
    throw new IllegalArgumentException("varint longer than 10 bytes");
  }
}
