package dev.tern.thrift;

import java.util.UUID;

/**
 * Writes Thrift values in one protocol (binary or compact) into a buffer. Generated code calls
 * these methods directly; an abstract class rather than an interface keeps call sites cheap.
 * Instances are single-use per message and not thread-safe.
 */
public abstract class ThriftWriter {

  /** The protocol this writer speaks. */
  public ThriftProtocol protocol() {
    throw new UnsupportedOperationException(getClass().getName() + " does not say its protocol");
  }

  /**
   * The buffer this writer appends to, for message bodies that are not Thrift structs (Kitex
   * Protobuf's protobuf message follows a Thrift-shaped message header).
   */
  public io.netty.buffer.ByteBuf buffer() {
    throw new UnsupportedOperationException(getClass().getName() + " has no buffer");
  }

  public abstract void writeMessageBegin(String name, byte type, int seqId);

  public void writeMessageEnd() {}

  public abstract void writeStructBegin(String name);

  public abstract void writeStructEnd();

  public abstract void writeFieldBegin(byte type, short id);

  public void writeFieldEnd() {}

  public abstract void writeFieldStop();

  public abstract void writeMapBegin(byte keyType, byte valueType, int size);

  public void writeMapEnd() {}

  public abstract void writeListBegin(byte elementType, int size);

  public void writeListEnd() {}

  public abstract void writeSetBegin(byte elementType, int size);

  public void writeSetEnd() {}

  public abstract void writeBool(boolean v);

  public abstract void writeByte(byte v);

  public abstract void writeI16(short v);

  public abstract void writeI32(int v);

  public abstract void writeI64(long v);

  public abstract void writeDouble(double v);

  /** Writes a string as UTF-8. */
  public abstract void writeString(String v);

  public abstract void writeBinary(byte[] v);

  public abstract void writeUuid(UUID v);
}
