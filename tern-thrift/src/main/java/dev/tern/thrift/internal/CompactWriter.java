package dev.tern.thrift.internal;

import dev.tern.thrift.TType;
import dev.tern.thrift.ThriftWriter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.util.Arrays;
import java.util.UUID;

/**
 * Thrift compact protocol writer: zigzag varints, field-id deltas, bool values folded into field
 * headers, short list headers, little-endian doubles.
 */
public final class CompactWriter extends ThriftWriter {

  public static final int PROTOCOL_ID = 0x82;
  public static final int VERSION = 1;

  private final ByteBuf out;
  /** Last field id of each enclosing struct; ids are written as deltas from it. */
  private short[] lastFieldIds = new short[8];
  private int structDepth;
  private short lastFieldId;
  /** Id of a bool field whose header waits for the value; NO_PENDING_BOOL when none. */
  private int pendingBoolField = NO_PENDING_BOOL;

  private static final int NO_PENDING_BOOL = Integer.MIN_VALUE;

  @Override
  public dev.tern.thrift.ThriftProtocol protocol() {
    return dev.tern.thrift.ThriftProtocol.COMPACT;
  }

  @Override
  public ByteBuf buffer() {
    return out;
  }

  public CompactWriter(ByteBuf out) {
    this.out = out;
  }

  @Override
  public void writeMessageBegin(String name, byte type, int seqId) {
    out.writeByte(PROTOCOL_ID);
    out.writeByte(VERSION | (type << 5 & 0xe0));
    writeVarint32(seqId);
    writeString(name);
  }

  @Override
  public void writeStructBegin(String name) {
    if (structDepth == lastFieldIds.length) {
      lastFieldIds = Arrays.copyOf(lastFieldIds, structDepth * 2);
    }
    lastFieldIds[structDepth++] = lastFieldId;
    lastFieldId = 0;
  }

  @Override
  public void writeStructEnd() {
    lastFieldId = lastFieldIds[--structDepth];
  }

  @Override
  public void writeFieldBegin(byte type, short id) {
    if (type == TType.BOOL) {
      pendingBoolField = id;
    } else {
      writeFieldHeader(CompactTypes.toCompact(type), id);
    }
  }

  private void writeFieldHeader(int compactType, short id) {
    int delta = id - lastFieldId;
    if (delta > 0 && delta <= 15) {
      out.writeByte(delta << 4 | compactType);
    } else {
      out.writeByte(compactType);
      writeVarint32(zigzag(id));
    }
    lastFieldId = id;
  }

  @Override
  public void writeFieldStop() {
    out.writeByte(0);
  }

  @Override
  public void writeMapBegin(byte keyType, byte valueType, int size) {
    if (size == 0) {
      out.writeByte(0);
    } else {
      writeVarint32(size);
      out.writeByte(CompactTypes.toCompact(keyType) << 4 | CompactTypes.toCompact(valueType));
    }
  }

  @Override
  public void writeListBegin(byte elementType, int size) {
    int type = CompactTypes.toCompact(elementType);
    if (size <= 14) {
      out.writeByte(size << 4 | type);
    } else {
      out.writeByte(0xf0 | type);
      writeVarint32(size);
    }
  }

  @Override
  public void writeSetBegin(byte elementType, int size) {
    writeListBegin(elementType, size);
  }

  @Override
  public void writeBool(boolean v) {
    byte type = v ? CompactTypes.BOOLEAN_TRUE : CompactTypes.BOOLEAN_FALSE;
    if (pendingBoolField != NO_PENDING_BOOL) {
      writeFieldHeader(type, (short) pendingBoolField);
      pendingBoolField = NO_PENDING_BOOL;
    } else {
      out.writeByte(type);
    }
  }

  @Override
  public void writeByte(byte v) {
    out.writeByte(v);
  }

  @Override
  public void writeI16(short v) {
    writeVarint32(zigzag(v));
  }

  @Override
  public void writeI32(int v) {
    writeVarint32(zigzag(v));
  }

  @Override
  public void writeI64(long v) {
    writeVarint64(v << 1 ^ v >> 63);
  }

  @Override
  public void writeDouble(double v) {
    out.writeLongLE(Double.doubleToRawLongBits(v));
  }

  @Override
  public void writeString(String v) {
    int len = ByteBufUtil.utf8Bytes(v);
    out.ensureWritable(5 + len);
    writeVarint32(len);
    ByteBufUtil.reserveAndWriteUtf8(out, v, len);
  }

  @Override
  public void writeBinary(byte[] v) {
    writeVarint32(v.length);
    out.writeBytes(v);
  }

  @Override
  public void writeUuid(UUID v) {
    out.writeLong(v.getMostSignificantBits());
    out.writeLong(v.getLeastSignificantBits());
  }

  private static int zigzag(int v) {
    return v << 1 ^ v >> 31;
  }

  /** Writes an unsigned LEB128 varint of the 32 bits of {@code v}. */
  private void writeVarint32(int v) {
    while ((v & ~0x7f) != 0) {
      out.writeByte(v & 0x7f | 0x80);
      v >>>= 7;
    }
    out.writeByte(v);
  }

  private void writeVarint64(long v) {
    while ((v & ~0x7fL) != 0) {
      out.writeByte((int) v & 0x7f | 0x80);
      v >>>= 7;
    }
    out.writeByte((int) v);
  }
}
