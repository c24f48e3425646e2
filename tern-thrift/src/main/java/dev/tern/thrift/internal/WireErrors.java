package dev.tern.thrift.internal;

import dev.tern.core.ProtocolException;
import dev.tern.core.ProtocolException.Kind;
import io.netty.buffer.ByteBuf;

/** Builds the {@link ProtocolException}s the readers and frame decoders raise. */
public final class WireErrors {
  private WireErrors() {}

  public static ProtocolException truncated(String what, long needed, int available) {
    return new ProtocolException(
        Kind.INVALID_DATA, "truncated " + what + ": needs " + needed + " bytes, " + available + " remain");
  }

  public static ProtocolException negativeSize(String what, long size) {
    return new ProtocolException(Kind.NEGATIVE_SIZE, "negative " + what + " length: " + size);
  }

  public static ProtocolException sizeLimit(String what, long size, int limit) {
    return new ProtocolException(Kind.SIZE_LIMIT, what + " length " + size + " exceeds the limit of " + limit);
  }

  public static ProtocolException depthLimit(int limit) {
    return new ProtocolException(Kind.DEPTH_LIMIT, "nesting deeper than the limit of " + limit);
  }

  public static ProtocolException invalid(String message) {
    return new ProtocolException(Kind.INVALID_DATA, message);
  }

  public static ProtocolException unknownType(int type) {
    return new ProtocolException(Kind.INVALID_DATA, "unknown type id " + type);
  }

  public static ProtocolException badVersion(String message) {
    return new ProtocolException(Kind.BAD_VERSION, message);
  }

  /** Up to {@code max} bytes from {@code index} in hex, for error messages about what was seen. */
  public static String hex(ByteBuf buf, int index, int max) {
    int n = Math.min(max, buf.writerIndex() - index);
    StringBuilder sb = new StringBuilder(n * 3);
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        sb.append(' ');
      }
      int b = buf.getUnsignedByte(index + i);
      sb.append(Character.forDigit(b >>> 4, 16)).append(Character.forDigit(b & 0xf, 16));
    }
    return sb.toString();
  }
}
