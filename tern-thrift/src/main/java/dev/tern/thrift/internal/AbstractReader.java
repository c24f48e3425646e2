package dev.tern.thrift.internal;

import dev.tern.thrift.TType;
import dev.tern.thrift.ThriftLimits;
import dev.tern.thrift.ThriftReader;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * What the binary and compact readers share: bounds checks against the readable bytes and the
 * {@link ThriftLimits}, nesting depth, UUIDs and {@link #skip(byte)}. Every read checks the bytes it
 * needs first, so truncated input raises a ProtocolException and never an IndexOutOfBoundsException.
 */
abstract class AbstractReader extends ThriftReader {

  protected final ByteBuf in;
  protected final ThriftLimits limits;
  private final int maxDepth;
  private int depth;

  protected byte keyType;
  protected byte valueType;
  protected byte elementType;

  AbstractReader(ByteBuf in, ThriftLimits limits) {
    this.in = in;
    this.limits = limits;
    this.maxDepth = limits.maxDepth();
  }

  /** Fails unless {@code n} more bytes are readable. */
  @Override
  public ByteBuf buffer() {
    return in;
  }

  protected final void require(int n, String what) {
    if (in.readableBytes() < n) {
      throw WireErrors.truncated(what, n, in.readableBytes());
    }
  }

  /** Validates a string/binary length read off the wire; returns it. */
  protected final int checkStringLength(long len) {
    if (len < 0) {
      throw WireErrors.negativeSize("string", len);
    }
    if (len > limits.maxStringLength()) {
      throw WireErrors.sizeLimit("string", len, limits.maxStringLength());
    }
    if (len > in.readableBytes()) {
      throw WireErrors.truncated("string", len, in.readableBytes());
    }
    return (int) len;
  }

  /**
   * Validates a container size read off the wire; returns it. Every element takes at least one
   * byte (a map entry two), so a size larger than what is left is rejected before anything sized
   * by it is allocated.
   */
  /** Reads a UTF-8 string whose length (already read, in either protocol's encoding) is {@code declared}. */
  protected final String readUtf8(long declared) {
    int len = checkStringLength(declared);
    String s = in.toString(in.readerIndex(), len, StandardCharsets.UTF_8);
    in.skipBytes(len);
    return s;
  }

  /** Reads {@code declared} bytes into a new array, within the string limit. */
  protected final byte[] readBytes(long declared) {
    byte[] bytes = new byte[checkStringLength(declared)];
    in.readBytes(bytes);
    return bytes;
  }

  protected final int checkContainerSize(long size, int minBytesPerElement) {
    if (size < 0) {
      throw WireErrors.negativeSize("container", size);
    }
    if (size > limits.maxContainerLength()) {
      throw WireErrors.sizeLimit("container", size, limits.maxContainerLength());
    }
    if (size * minBytesPerElement > in.readableBytes()) {
      throw WireErrors.truncated("container of " + size + " elements", size * minBytesPerElement, in.readableBytes());
    }
    return (int) size;
  }

  protected final void enter() {
    if (++depth > maxDepth) {
      throw WireErrors.depthLimit(maxDepth);
    }
  }

  protected final void leave() {
    depth--;
  }

  @Override
  public void readStructBegin() {
    enter();
  }

  @Override
  public void readStructEnd() {
    leave();
  }

  @Override
  public void readMapEnd() {
    leave();
  }

  @Override
  public void readListEnd() {
    leave();
  }

  @Override
  public void readSetEnd() {
    leave();
  }

  @Override
  public final byte lastKeyType() {
    return keyType;
  }

  @Override
  public final byte lastValueType() {
    return valueType;
  }

  @Override
  public final byte lastElementType() {
    return elementType;
  }

  @Override
  public final UUID readUuid() {
    require(16, "uuid");
    return new UUID(in.readLong(), in.readLong());
  }

  /** Skips a string or binary value without decoding it. */
  protected abstract void skipBinary();

  @Override
  public final void skip(byte type) {
    switch (type) {
      case TType.BOOL -> readBool();
      case TType.BYTE -> readByte();
      case TType.I16 -> readI16();
      case TType.I32 -> readI32();
      case TType.I64 -> readI64();
      case TType.DOUBLE -> readDouble();
      case TType.STRING -> skipBinary();
      case TType.UUID -> {
        require(16, "uuid");
        in.skipBytes(16);
      }
      case TType.STRUCT -> {
        readStructBegin();
        while (true) {
          int field = readFieldBegin();
          byte fieldType = fieldType(field);
          if (fieldType == TType.STOP) {
            break;
          }
          skip(fieldType);
          readFieldEnd();
        }
        readStructEnd();
      }
      case TType.MAP -> {
        int size = readMapBegin();
        byte k = keyType;
        byte v = valueType;
        for (int i = 0; i < size; i++) {
          skip(k);
          skip(v);
        }
        readMapEnd();
      }
      case TType.LIST -> {
        int size = readListBegin();
        byte e = elementType;
        for (int i = 0; i < size; i++) {
          skip(e);
        }
        readListEnd();
      }
      case TType.SET -> {
        int size = readSetBegin();
        byte e = elementType;
        for (int i = 0; i < size; i++) {
          skip(e);
        }
        readSetEnd();
      }
      default -> throw WireErrors.unknownType(type);
    }
  }
}
