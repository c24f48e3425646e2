package dev.tern.thrift.internal;

import dev.tern.thrift.TType;
import dev.tern.thrift.ThriftLimits;
import dev.tern.thrift.ThriftMessage;
import io.netty.buffer.ByteBuf;
import java.util.Arrays;

/** Thrift compact protocol reader. */
public final class CompactReader extends AbstractReader {

  private short[] lastFieldIds = new short[8];
  private int structDepth;
  private short lastFieldId;
  /** A bool field's value, taken from its header: 0 none pending, 1 true, 2 false. */
  private byte pendingBool;

  public CompactReader(ByteBuf in, ThriftLimits limits) {
    super(in, limits);
  }

  @Override
  public dev.tern.thrift.ThriftProtocol protocol() {
    return dev.tern.thrift.ThriftProtocol.COMPACT;
  }

  @Override
  public ThriftMessage readMessageBegin() {
    require(2, "message header");
    int protocolId = in.readUnsignedByte();
    if (protocolId != CompactWriter.PROTOCOL_ID) {
      throw WireErrors.badVersion(String.format("bad compact protocol id 0x%02x, expected 0x82", protocolId));
    }
    int versionAndType = in.readUnsignedByte();
    if ((versionAndType & 0x1f) != CompactWriter.VERSION) {
      throw WireErrors.badVersion("bad compact protocol version " + (versionAndType & 0x1f) + ", expected 1");
    }
    int seqId = readVarint32();
    String name = readString();
    return new ThriftMessage(name, (byte) (versionAndType >>> 5), seqId);
  }

  @Override
  public void readStructBegin() {
    super.readStructBegin();
    if (structDepth == lastFieldIds.length) {
      lastFieldIds = Arrays.copyOf(lastFieldIds, structDepth * 2);
    }
    lastFieldIds[structDepth++] = lastFieldId;
    lastFieldId = 0;
  }

  @Override
  public void readStructEnd() {
    super.readStructEnd();
    lastFieldId = lastFieldIds[--structDepth];
  }

  @Override
  public int readFieldBegin() {
    require(1, "field header");
    int header = in.readUnsignedByte();
    int compactType = header & 0x0f;
    if (compactType == 0) {
      return 0;
    }
    byte type = CompactTypes.fromCompact(compactType);
    int delta = header >>> 4;
    short id = delta == 0 ? readI16() : (short) (lastFieldId + delta);
    lastFieldId = id;
    if (type == TType.BOOL) {
      pendingBool = (byte) compactType;
    }
    return (type & 0xff) << 16 | (id & 0xffff);
  }

  @Override
  public int readMapBegin() {
    int size = checkContainerSize(readVarint32(), 2);
    if (size == 0) {
      keyType = TType.STOP;
      valueType = TType.STOP;
    } else {
      require(1, "map types");
      int types = in.readUnsignedByte();
      keyType = CompactTypes.fromCompact(types >>> 4);
      valueType = CompactTypes.fromCompact(types);
    }
    enter();
    return size;
  }

  @Override
  public int readListBegin() {
    require(1, "list header");
    int header = in.readUnsignedByte();
    int size = header >>> 4;
    elementType = CompactTypes.fromCompact(header);
    if (size == 15) {
      size = readVarint32();
    }
    checkContainerSize(size, 1);
    enter();
    return size;
  }

  @Override
  public int readSetBegin() {
    return readListBegin();
  }

  @Override
  public boolean readBool() {
    if (pendingBool != 0) {
      boolean v = pendingBool == CompactTypes.BOOLEAN_TRUE;
      pendingBool = 0;
      return v;
    }
    return readByte() == CompactTypes.BOOLEAN_TRUE;
  }

  @Override
  public byte readByte() {
    require(1, "byte");
    return in.readByte();
  }

  @Override
  public short readI16() {
    return (short) unzigzag(readVarint32());
  }

  @Override
  public int readI32() {
    return unzigzag(readVarint32());
  }

  @Override
  public long readI64() {
    long v = readVarint64();
    return v >>> 1 ^ -(v & 1);
  }

  @Override
  public double readDouble() {
    require(8, "double");
    return Double.longBitsToDouble(in.readLongLE());
  }

  @Override
  public String readString() {
    return readUtf8(readVarint32());
  }

  @Override
  public byte[] readBinary() {
    return readBytes(readVarint32());
  }

  @Override
  protected void skipBinary() {
    in.skipBytes(checkStringLength(readVarint32()));
  }

  private static int unzigzag(int v) {
    return v >>> 1 ^ -(v & 1);
  }

  private int readVarint32() {
    int result = 0;
    int readerIndex = in.readerIndex();
    int end = in.writerIndex();
    for (int shift = 0, i = readerIndex; shift < 35; shift += 7, i++) {
      if (i == end) {
        throw WireErrors.truncated("varint", i - readerIndex + 1, end - readerIndex);
      }
      int b = in.getByte(i);
      result |= (b & 0x7f) << shift;
      if (b >= 0) {
        in.readerIndex(i + 1);
        return result;
      }
    }
    throw WireErrors.invalid("varint longer than 5 bytes");
  }

  private long readVarint64() {
    long result = 0;
    int readerIndex = in.readerIndex();
    int end = in.writerIndex();
    for (int shift = 0, i = readerIndex; shift < 70; shift += 7, i++) {
      if (i == end) {
        throw WireErrors.truncated("varint", i - readerIndex + 1, end - readerIndex);
      }
      int b = in.getByte(i);
      result |= (long) (b & 0x7f) << shift;
      if (b >= 0) {
        in.readerIndex(i + 1);
        return result;
      }
    }
    throw WireErrors.invalid("varint longer than 10 bytes");
  }
}
