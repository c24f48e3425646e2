package dev.tern.thrift.internal;

import dev.tern.thrift.TType;
import dev.tern.thrift.ThriftLimits;
import dev.tern.thrift.ThriftMessage;
import dev.tern.thrift.ThriftProtocol;
import io.netty.buffer.ByteBuf;

/**
 * Thrift binary protocol reader. Accepts strict (versioned, 0x8001) and old non-strict message
 * headers, as libthrift does by default.
 */
public final class BinaryReader extends AbstractReader {

  private static final int VERSION_MASK = 0xffff0000;

  private final int version;

  public BinaryReader(ByteBuf in, ThriftLimits limits) {
    this(in, limits, BinaryWriter.VERSION_1);
  }

  /** A reader whose strict message headers must carry {@code version} (Kitex Protobuf: 0x9001). */
  public BinaryReader(ByteBuf in, ThriftLimits limits, int version) {
    super(in, limits);
    this.version = version;
  }

  @Override
  public ThriftProtocol protocol() {
    return version == BinaryWriter.KITEX_PROTOBUF_VERSION ? ThriftProtocol.KITEX_PROTOBUF : ThriftProtocol.BINARY;
  }

  @Override
  public ThriftMessage readMessageBegin() {
    int first = readI32();
    if (first < 0) {
      if ((first & VERSION_MASK) != version) {
        throw WireErrors.badVersion(String.format("bad binary protocol version 0x%08x", first));
      }
      String name = readString();
      int seqId = readI32();
      return new ThriftMessage(name, (byte) first, seqId);
    }
    if (version != BinaryWriter.VERSION_1) {
      throw WireErrors.badVersion(String.format("expected message version 0x%08x, got 0x%08x", version, first));
    }
    // Non-strict: the header starts with the method name's length.
    String name = readUtf8(first);
    byte type = readByte();
    int seqId = readI32();
    return new ThriftMessage(name, type, seqId);
  }

  @Override
  public int readFieldBegin() {
    byte type = readByte();
    if (type == TType.STOP) {
      return 0;
    }
    short id = readI16();
    return (type & 0xff) << 16 | (id & 0xffff);
  }

  @Override
  public int readMapBegin() {
    require(6, "map header");
    keyType = in.readByte();
    valueType = in.readByte();
    int size = checkContainerSize(in.readInt(), 2);
    enter();
    return size;
  }

  @Override
  public int readListBegin() {
    require(5, "list header");
    elementType = in.readByte();
    int size = checkContainerSize(in.readInt(), 1);
    enter();
    return size;
  }

  @Override
  public int readSetBegin() {
    return readListBegin();
  }

  @Override
  public boolean readBool() {
    return readByte() == 1;
  }

  @Override
  public byte readByte() {
    require(1, "byte");
    return in.readByte();
  }

  @Override
  public short readI16() {
    require(2, "i16");
    return in.readShort();
  }

  @Override
  public int readI32() {
    require(4, "i32");
    return in.readInt();
  }

  @Override
  public long readI64() {
    require(8, "i64");
    return in.readLong();
  }

  @Override
  public double readDouble() {
    require(8, "double");
    return Double.longBitsToDouble(in.readLong());
  }

  @Override
  public String readString() {
    return readUtf8(readI32());
  }

  @Override
  public byte[] readBinary() {
    return readBytes(readI32());
  }

  @Override
  protected void skipBinary() {
    in.skipBytes(checkStringLength(readI32()));
  }
}
