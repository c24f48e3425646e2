package dev.tern.thrift.internal;

import dev.tern.thrift.ThriftProtocol;
import dev.tern.thrift.ThriftWriter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.util.UUID;

/**
 * Thrift binary protocol writer (strict: messages start with the versioned header 0x8001). Writes
 * big-endian straight into the target buffer; strings are encoded as UTF-8 in place.
 */
public final class BinaryWriter extends ThriftWriter {

  /** High half of a strict message header; the low byte carries the message type. */
  public static final int VERSION_1 = 0x80010000;

  /** Kitex Protobuf's message header magic, in place of {@link #VERSION_1}. */
  public static final int KITEX_PROTOBUF_VERSION = 0x90010000;

  private final ByteBuf out;
  private final int version;

  public BinaryWriter(ByteBuf out) {
    this(out, VERSION_1);
  }

  /** A writer whose message headers carry {@code version} (Kitex Protobuf reuses the layout). */
  public BinaryWriter(ByteBuf out, int version) {
    this.out = out;
    this.version = version;
  }

  @Override
  public ThriftProtocol protocol() {
    return version == KITEX_PROTOBUF_VERSION ? ThriftProtocol.KITEX_PROTOBUF : ThriftProtocol.BINARY;
  }

  @Override
  public ByteBuf buffer() {
    return out;
  }

  @Override
  public void writeMessageBegin(String name, byte type, int seqId) {
    out.writeInt(version | (type & 0xff));
    writeString(name);
    out.writeInt(seqId);
  }

  @Override
  public void writeStructBegin(String name) {}

  @Override
  public void writeStructEnd() {}

  @Override
  public void writeFieldBegin(byte type, short id) {
    out.writeByte(type);
    out.writeShort(id);
  }

  @Override
  public void writeFieldStop() {
    out.writeByte(0);
  }

  @Override
  public void writeMapBegin(byte keyType, byte valueType, int size) {
    out.writeByte(keyType);
    out.writeByte(valueType);
    out.writeInt(size);
  }

  @Override
  public void writeListBegin(byte elementType, int size) {
    out.writeByte(elementType);
    out.writeInt(size);
  }

  @Override
  public void writeSetBegin(byte elementType, int size) {
    writeListBegin(elementType, size);
  }

  @Override
  public void writeBool(boolean v) {
    out.writeByte(v ? 1 : 0);
  }

  @Override
  public void writeByte(byte v) {
    out.writeByte(v);
  }

  @Override
  public void writeI16(short v) {
    out.writeShort(v);
  }

  @Override
  public void writeI32(int v) {
    out.writeInt(v);
  }

  @Override
  public void writeI64(long v) {
    out.writeLong(v);
  }

  @Override
  public void writeDouble(double v) {
    out.writeLong(Double.doubleToRawLongBits(v));
  }

  @Override
  public void writeString(String v) {
    int len = ByteBufUtil.utf8Bytes(v);
    out.ensureWritable(4 + len);
    out.writeInt(len);
    ByteBufUtil.reserveAndWriteUtf8(out, v, len);
  }

  @Override
  public void writeBinary(byte[] v) {
    out.writeInt(v.length);
    out.writeBytes(v);
  }

  @Override
  public void writeUuid(UUID v) {
    out.writeLong(v.getMostSignificantBits());
    out.writeLong(v.getLeastSignificantBits());
  }
}
