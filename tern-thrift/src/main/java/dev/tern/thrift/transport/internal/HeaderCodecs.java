package dev.tern.thrift.transport.internal;

import dev.tern.core.ProtocolException;
import dev.tern.core.ProtocolException.Kind;
import dev.tern.thrift.ThriftLimits;
import dev.tern.thrift.ThriftProtocol;
import dev.tern.thrift.internal.WireErrors;
import dev.tern.thrift.transport.HeaderInfo;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Encodes and decodes the variable part of TTHeader and THeader frames: everything after the
 * 14 fixed bytes (length, magic, flags, sequence id, header size) and before the payload.
 *
 * <pre>
 * TTHeader (Kitex): u8 protocol id, u8 transform count, u8 transform ids,
 *   info blocks: 0x00 padding | 0x01 string KVs (u16 count, u16-length strings)
 *              | 0x10 int KVs (u16 count, u16 key, u16-length string) | 0x11 ACL token (u16-length)
 * THeader (Apache): varint protocol id, varint transform count, varint transform ids,
 *   info blocks: 1 = string KVs (varint count, varint-length strings); 0 or an unknown id ends
 *   the infos (the rest of the header is padding or data a reader may ignore)
 * </pre>
 *
 * Both pad the header with zeros to a multiple of 4 bytes.
 */
public final class HeaderCodecs {
  private HeaderCodecs() {}

  /** Frame length, magic, flags, sequence id and header size. */
  public static final int FIXED_SIZE = 14;
  public static final int TTHEADER_MAGIC = 0x1000;
  public static final int THEADER_MAGIC = 0x0fff;
  /** The largest frame either header format allows (leaves the top bits to tell formats apart). */
  public static final int MAX_HEADER_FRAME = 0x3fffffff;

  private static final int INFO_PADDING = 0x00;
  private static final int INFO_KEY_VALUE = 0x01;
  private static final int INFO_INT_KEY_VALUE = 0x10;
  private static final int INFO_ACL_TOKEN = 0x11;
  private static final int THEADER_INFO_KEY_VALUE = 1;
  private static final int MAX_U16 = 0xffff;

  // ---- encoding ----

  /** Writes the TTHeader variable header (without padding); returns nothing, the caller pads. */
  public static void writeTTHeader(ByteBuf out, ThriftProtocol protocol, HeaderInfo info) {
    out.writeByte(switch (protocol) {
      case BINARY -> HeaderInfo.PROTOCOL_BINARY;
      case COMPACT -> HeaderInfo.PROTOCOL_COMPACT;
      case KITEX_PROTOBUF -> HeaderInfo.PROTOCOL_KITEX_PROTOBUF;
    });
    if (info != null && info.transforms().length != 0) {
      throw new IllegalArgumentException("TTHeader transforms are not supported");
    }
    out.writeByte(0);
    if (info == null) {
      return;
    }
    // Same block order as Kitex: ACL token, string KVs, int KVs.
    if (info.aclToken() != null) {
      out.writeByte(INFO_ACL_TOKEN);
      writeU16String(out, info.aclToken());
    }
    if (info.hasHeaders()) {
      out.writeByte(INFO_KEY_VALUE);
      out.writeShort(checkU16Count(info.headerCount()));
      info.forEachHeader((k, v) -> {
        writeU16String(out, k);
        writeU16String(out, v);
      });
    }
    if (info.hasIntHeaders()) {
      out.writeByte(INFO_INT_KEY_VALUE);
      out.writeShort(checkU16Count(info.intHeaderCount()));
      info.forEachIntHeader((key, v) -> {
        if (key < 0 || key > MAX_U16) {
          throw new IllegalArgumentException("TTHeader int key out of the u16 range: " + key);
        }
        out.writeShort(key);
        writeU16String(out, v);
      });
    }
  }

  /** Writes the THeader variable header (without padding). */
  public static void writeTHeader(ByteBuf out, ThriftProtocol protocol, HeaderInfo info) {
    if (protocol == ThriftProtocol.KITEX_PROTOBUF) {
      throw new IllegalArgumentException("THeader cannot carry Kitex Protobuf; use TTHeader or Framed");
    }
    writeVarint(out, protocol == ThriftProtocol.COMPACT ? HeaderInfo.PROTOCOL_COMPACT : HeaderInfo.PROTOCOL_BINARY);
    int[] transforms = info == null ? new int[0] : info.transforms();
    for (int id : transforms) {
      if (id != HeaderInfo.TRANSFORM_ZLIB) {
        throw new IllegalArgumentException("THeader transform " + id + " (" + transformName(id) + ") is not supported");
      }
    }
    writeVarint(out, transforms.length);
    for (int id : transforms) {
      writeVarint(out, id);
    }
    if (info != null && info.hasHeaders()) {
      writeVarint(out, THEADER_INFO_KEY_VALUE);
      writeVarint(out, info.headerCount());
      info.forEachHeader((k, v) -> {
        writeVarintString(out, k);
        writeVarintString(out, v);
      });
    }
  }

  private static String transformName(int id) {
    return switch (id) {
      case HeaderInfo.TRANSFORM_ZLIB -> "zlib";
      case HeaderInfo.TRANSFORM_HMAC -> "hmac";
      case HeaderInfo.TRANSFORM_SNAPPY -> "snappy";
      default -> "unknown";
    };
  }

  /**
   * The number of zlib transforms in the THeader frame whose fixed header starts at
   * {@code frameStart}: the header this class wrote, read back so that
   * {@link dev.tern.thrift.transport.ThriftFrames#endFrame} needs nothing but the mark.
   */
  public static int zlibTransforms(ByteBuf buf, int frameStart) {
    int start = frameStart + FIXED_SIZE;
    int end = start + buf.getUnsignedShort(frameStart + 12) * 4;
    Cursor c = new Cursor(buf, start, end, "THeader");
    c.varint(); // protocol id
    int n = c.varint();
    int zlib = 0;
    for (int i = 0; i < n; i++) {
      if (c.varint() == HeaderInfo.TRANSFORM_ZLIB) {
        zlib++;
      }
    }
    return zlib;
  }

  /** Where the payload of the header frame starting at {@code frameStart} begins. */
  public static int payloadStart(ByteBuf buf, int frameStart) {
    return frameStart + FIXED_SIZE + buf.getUnsignedShort(frameStart + 12) * 4;
  }

  private static int checkU16Count(int n) {
    if (n > MAX_U16) {
      throw new IllegalArgumentException("more than 65535 TTHeader entries: " + n);
    }
    return n;
  }

  /** A u16 length, then the UTF-8 bytes: written in one pass, the length patched after. */
  private static void writeU16String(ByteBuf out, String s) {
    int lengthIndex = out.writerIndex();
    out.writeShort(0);
    int len = out.writeCharSequence(s, StandardCharsets.UTF_8);
    if (len > MAX_U16) {
      out.writerIndex(lengthIndex);
      throw new IllegalArgumentException("TTHeader string longer than 65535 bytes: " + len);
    }
    out.setShort(lengthIndex, len);
  }

  private static void writeVarintString(ByteBuf out, String s) {
    int len = ByteBufUtil.utf8Bytes(s);
    writeVarint(out, len);
    ByteBufUtil.reserveAndWriteUtf8(out, s, len);
  }

  private static void writeVarint(ByteBuf out, int v) {
    while ((v & ~0x7f) != 0) {
      out.writeByte(v & 0x7f | 0x80);
      v >>>= 7;
    }
    out.writeByte(v);
  }

  // ---- decoding ----

  /**
   * Reads a TTHeader variable header from {@code [start, end)} of {@code buf} into {@code info}
   * (absolute indexes, buffer indexes unchanged).
   */
  public static void readTTHeader(ByteBuf buf, int start, int end, HeaderInfo info, ThriftLimits limits) {
    Cursor c = new Cursor(buf, start, end, "TTHeader");
    info.protocolId(c.u8());
    int transforms = c.u8();
    if (transforms != 0) {
      throw new ProtocolException(Kind.NOT_IMPLEMENTED,
          "TTHeader transforms are not supported (transform id " + c.u8() + ")");
    }
    while (c.more()) {
      int id = c.u8();
      switch (id) {
        case INFO_PADDING -> {}
        case INFO_KEY_VALUE -> {
          int n = checkCount(c.u16(), limits);
          for (int i = 0; i < n; i++) {
            String key = c.string(c.u16(), limits);
            info.header(key, c.string(c.u16(), limits));
          }
        }
        case INFO_INT_KEY_VALUE -> {
          int n = checkCount(c.u16(), limits);
          for (int i = 0; i < n; i++) {
            int key = c.u16();
            info.intHeader(key, c.string(c.u16(), limits));
          }
        }
        case INFO_ACL_TOKEN -> info.aclToken(c.string(c.u16(), limits));
        default -> throw WireErrors.invalid(String.format("unknown TTHeader info id 0x%02x", id));
      }
    }
  }

  /** Reads a THeader variable header from {@code [start, end)} of {@code buf} into {@code info}. */
  public static void readTHeader(ByteBuf buf, int start, int end, HeaderInfo info, ThriftLimits limits) {
    Cursor c = new Cursor(buf, start, end, "THeader");
    info.protocolId(c.varint());
    int transforms = c.varint();
    if (transforms < 0 || transforms > c.remaining()) {
      throw WireErrors.invalid("THeader transform count " + transforms + " does not fit the header");
    }
    if (transforms > 0) {
      int[] ids = new int[transforms];
      for (int i = 0; i < transforms; i++) {
        ids[i] = c.varint();
        if (ids[i] != HeaderInfo.TRANSFORM_ZLIB) {
          throw new ProtocolException(Kind.NOT_IMPLEMENTED,
              "THeader transform " + ids[i] + " (" + transformName(ids[i]) + ") is not supported");
        }
      }
      info.transforms(ids);
    }
    while (c.more()) {
      int id = c.varint();
      if (id != THEADER_INFO_KEY_VALUE) {
        break; // padding, or an info this reader does not know: the rest may be ignored
      }
      int n = checkCount(c.varint(), limits);
      for (int i = 0; i < n; i++) {
        String key = c.string(c.varint(), limits);
        info.header(key, c.string(c.varint(), limits));
      }
    }
  }

  private static int checkCount(int n, ThriftLimits limits) {
    if (n < 0) {
      throw WireErrors.negativeSize("header key-value count", n);
    }
    if (n > limits.maxContainerLength()) {
      throw WireErrors.sizeLimit("header key-value count", n, limits.maxContainerLength());
    }
    return n;
  }

  /**
   * Reads within [start, end) of a buffer, from a copy of those bytes: a header is small, and one
   * bulk copy is cheaper than a bounds and reference-count check on the buffer for every field.
   * Running past the end is a truncated header.
   */
  private static final class Cursor {
    final byte[] bytes;
    final int end;
    final String what;
    int pos;

    Cursor(ByteBuf buf, int start, int end, String what) {
      this.bytes = new byte[end - start];
      buf.getBytes(start, bytes);
      this.end = bytes.length;
      this.what = what;
    }

    /** Whether unread bytes are left. */
    boolean more() {
      return pos < end;
    }

    /** The bytes not read yet. */
    int remaining() {
      return end - pos;
    }

    private void need(int n) {
      if (end - pos < n) {
        throw WireErrors.truncated(what + " header", n, end - pos);
      }
    }

    int u8() {
      need(1);
      return bytes[pos++] & 0xff;
    }

    int u16() {
      need(2);
      int v = (bytes[pos] & 0xff) << 8 | bytes[pos + 1] & 0xff;
      pos += 2;
      return v;
    }

    int varint() {
      int value = 0;
      for (int shift = 0; shift < 35; shift += 7) {
        int b = (byte) u8();
        value |= (b & 0x7f) << shift;
        if (b >= 0) {
          return value;
        }
      }
      throw WireErrors.invalid(what + " header varint longer than 5 bytes");
    }

    String string(int len, ThriftLimits limits) {
      if (len < 0) {
        throw WireErrors.negativeSize(what + " header string", len);
      }
      if (len > limits.maxStringLength()) {
        throw WireErrors.sizeLimit(what + " header string", len, limits.maxStringLength());
      }
      need(len);
      String s = new String(bytes, pos, len, StandardCharsets.UTF_8);
      pos += len;
      return s;
    }
  }
}
