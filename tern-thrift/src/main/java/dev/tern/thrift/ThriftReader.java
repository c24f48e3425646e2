package dev.tern.thrift;

import dev.tern.core.ProtocolException;
import java.util.UUID;

/**
 * Reads Thrift values in one protocol (binary or compact) from a buffer holding a whole message.
 * Enforces the {@link ThriftLimits}: string and container lengths, nesting depth; a violation or
 * truncated input raises {@link ProtocolException}. Single-use per message, not thread-safe.
 *
 * <p>To keep the hot path free of allocation, {@link #readFieldBegin()} returns the field type and
 * id packed in an int; use {@link #fieldType(int)} and {@link #fieldId(int)}. Container begins
 * return the size; element types of the last container read are available from
 * {@link #lastKeyType()}, {@link #lastValueType()} and {@link #lastElementType()}.
 *
 * <p>Nesting is counted by the struct, map, list and set begin methods and given back by the
 * matching end methods, so callers must call every end method, even those that read nothing.
 */
public abstract class ThriftReader {

  /** The protocol this reader speaks. */
  public ThriftProtocol protocol() {
    throw new UnsupportedOperationException(getClass().getName() + " does not say its protocol");
  }

  /**
   * The buffer this reader consumes, positioned after what was read so far: for message bodies
   * that are not Thrift structs (Kitex Protobuf).
   */
  public io.netty.buffer.ByteBuf buffer() {
    throw new UnsupportedOperationException(getClass().getName() + " has no buffer");
  }

  public abstract ThriftMessage readMessageBegin();

  public void readMessageEnd() {}

  /** Enters a struct; fails with DEPTH_LIMIT past the configured nesting depth. */
  public abstract void readStructBegin();

  public abstract void readStructEnd();

  /** Returns {@code type << 16 | (id & 0xffff)}; type {@link TType#STOP} ends the struct. */
  public abstract int readFieldBegin();

  public void readFieldEnd() {}

  public static byte fieldType(int packed) {
    return (byte) (packed >>> 16);
  }

  public static short fieldId(int packed) {
    return (short) packed;
  }

  /** Returns the number of entries; key and value types via lastKeyType/lastValueType. */
  public abstract int readMapBegin();

  public void readMapEnd() {}

  /** Returns the number of elements; element type via lastElementType. */
  public abstract int readListBegin();

  public void readListEnd() {}

  public abstract int readSetBegin();

  public void readSetEnd() {}

  public abstract byte lastKeyType();

  public abstract byte lastValueType();

  public abstract byte lastElementType();

  public abstract boolean readBool();

  public abstract byte readByte();

  public abstract short readI16();

  public abstract int readI32();

  public abstract long readI64();

  public abstract double readDouble();

  public abstract String readString();

  public abstract byte[] readBinary();

  public abstract UUID readUuid();

  /** Skips one value of the given type, nested values included, within the depth limit. */
  public abstract void skip(byte type);
}
