package dev.tern.thrift.internal;

import dev.tern.thrift.TType;
import dev.tern.thrift.ThriftLimits;
import dev.tern.thrift.ThriftProtocol;
import io.netty.buffer.ByteBuf;
import java.util.Arrays;

/**
 * Finds where an unframed (buffered) message ends by walking its structure over the readable
 * bytes, without decoding values. The walk keeps an explicit stack instead of recursing, so deep
 * input cannot overflow the thread's stack, and it is resumable: when the bytes run out it returns
 * {@link #INCOMPLETE} and keeps its progress, so that a message arriving in many chunks is walked
 * once rather than once per chunk. Every token is committed only when it is complete, so a retry
 * resumes at a token boundary.
 *
 * <p>Enforces the limits as it goes: message size (as soon as it is known to be exceeded), string
 * and container lengths, nesting depth, type ids and protocol version.
 */
public final class MessageScanner {

  public static final int INCOMPLETE = -1;

  private static final byte STRUCT = 0;
  private static final byte LIST = 1;
  private static final byte MAP = 2;

  private final ThriftLimits limits;
  private final boolean compact;
  private final boolean allowNonStrict;

  /** Offset from the message start of the next uncommitted token. */
  private int pos;
  private boolean headerDone;
  private int depth;
  private byte[] kinds = new byte[16];
  /** Values left in a list or set; keys plus values left in a map. */
  private long[] remaining = new long[16];
  private byte[] firstTypes = new byte[16];
  private byte[] secondTypes = new byte[16];

  /** End offset of the last varint read by {@link #varint}; {@link #INCOMPLETE} when it was cut off. */
  private int varintEnd;

  /**
   * @param allowNonStrict whether a binary message may start with the old unversioned header
   */
  public MessageScanner(ThriftProtocol protocol, ThriftLimits limits, boolean allowNonStrict) {
    this.limits = limits;
    this.compact = protocol == ThriftProtocol.COMPACT;
    this.allowNonStrict = allowNonStrict;
  }

  /** Forgets the progress, for the next message. */
  public void reset() {
    pos = 0;
    headerDone = false;
    depth = 0;
  }

  /**
   * Returns the length of the message starting at {@code in}'s reader index, or
   * {@link #INCOMPLETE} when more bytes are needed. Does not move the buffer's indexes. After a
   * complete result call {@link #reset()} before scanning the next message.
   */
  public int scan(ByteBuf in) {
    int base = in.readerIndex();
    int avail = in.readableBytes();
    if (!headerDone) {
      int end = compact ? compactHeader(in, base, avail) : binaryHeader(in, base, avail);
      if (end == INCOMPLETE) {
        return incomplete(avail);
      }
      push(STRUCT, 0, (byte) 0, (byte) 0);
      pos = end;
      headerDone = true;
    }
    while (depth > 0) {
      int top = depth - 1;
      int p = pos;
      byte type;
      if (kinds[top] == STRUCT) {
        if (p >= avail) {
          return incomplete(avail);
        }
        int b = in.getUnsignedByte(base + p++);
        if (compact) {
          int compactType = b & 0x0f;
          if (compactType == 0) {
            pos = p;
            depth--;
            continue;
          }
          if (b >>> 4 == 0) {
            varint(in, base, p, avail, 5);
            if (varintEnd == INCOMPLETE) {
              return incomplete(avail);
            }
            p = varintEnd;
          }
          if (compactType == CompactTypes.BOOLEAN_TRUE || compactType == CompactTypes.BOOLEAN_FALSE) {
            pos = p; // a bool field's value is in its header
            continue;
          }
          type = CompactTypes.fromCompact(compactType);
        } else {
          if (b == TType.STOP) {
            pos = p;
            depth--;
            continue;
          }
          p += 2;
          if (p > avail) {
            return incomplete(avail);
          }
          type = (byte) b;
        }
      } else {
        long left = remaining[top];
        if (left == 0) {
          depth--;
          continue;
        }
        type = kinds[top] == MAP && (left & 1) == 1 ? secondTypes[top] : firstTypes[top];
      }
      int end = compact ? compactValue(in, base, p, avail, type) : binaryValue(in, base, p, avail, type);
      if (end == INCOMPLETE) {
        return incomplete(avail);
      }
      if (kinds[top] != STRUCT) {
        remaining[top]--;
      }
      pos = end;
    }
    checkFrameSize(pos);
    return pos;
  }

  private int incomplete(int avail) {
    // The message is not complete, so every readable byte belongs to it.
    checkFrameSize(avail);
    return INCOMPLETE;
  }

  private void checkFrameSize(long size) {
    if (size > limits.maxFrameSize()) {
      throw WireErrors.sizeLimit("message", size, limits.maxFrameSize());
    }
  }

  private int checkString(long len, int dataStart, int avail) {
    if (len < 0) {
      throw WireErrors.negativeSize("string", len);
    }
    if (len > limits.maxStringLength()) {
      throw WireErrors.sizeLimit("string", len, limits.maxStringLength());
    }
    long end = dataStart + len;
    checkFrameSize(end);
    return end > avail ? INCOMPLETE : (int) end;
  }

  private long checkContainer(long size) {
    if (size < 0) {
      throw WireErrors.negativeSize("container", size);
    }
    if (size > limits.maxContainerLength()) {
      throw WireErrors.sizeLimit("container", size, limits.maxContainerLength());
    }
    return size;
  }

  private void push(byte kind, long count, byte first, byte second) {
    if (depth >= limits.maxDepth()) {
      throw WireErrors.depthLimit(limits.maxDepth());
    }
    if (depth == kinds.length) {
      int n = depth * 2;
      kinds = Arrays.copyOf(kinds, n);
      remaining = Arrays.copyOf(remaining, n);
      firstTypes = Arrays.copyOf(firstTypes, n);
      secondTypes = Arrays.copyOf(secondTypes, n);
    }
    kinds[depth] = kind;
    remaining[depth] = count;
    firstTypes[depth] = first;
    secondTypes[depth] = second;
    depth++;
  }

  private int binaryHeader(ByteBuf in, int base, int avail) {
    if (avail < 4) {
      return INCOMPLETE;
    }
    int first = in.getInt(base);
    if (first < 0) {
      if ((first & 0xffff0000) != BinaryWriter.VERSION_1) {
        throw WireErrors.badVersion(String.format("bad binary protocol version 0x%08x", first));
      }
      if (avail < 8) {
        return INCOMPLETE;
      }
      int nameEnd = checkString(in.getInt(base + 4), 8, avail);
      return nameEnd == INCOMPLETE || nameEnd + 4 > avail ? INCOMPLETE : nameEnd + 4;
    }
    if (!allowNonStrict) {
      throw WireErrors.badVersion(String.format("expected a strict binary message header, saw 0x%08x", first));
    }
    int nameEnd = checkString(first, 4, avail);
    return nameEnd == INCOMPLETE || nameEnd + 5 > avail ? INCOMPLETE : nameEnd + 5;
  }

  private int compactHeader(ByteBuf in, int base, int avail) {
    if (avail < 2) {
      return INCOMPLETE;
    }
    int protocolId = in.getUnsignedByte(base);
    if (protocolId != CompactWriter.PROTOCOL_ID) {
      throw WireErrors.badVersion(String.format("bad compact protocol id 0x%02x, expected 0x82", protocolId));
    }
    int version = in.getUnsignedByte(base + 1) & 0x1f;
    if (version != CompactWriter.VERSION) {
      throw WireErrors.badVersion("bad compact protocol version " + version + ", expected 1");
    }
    varint(in, base, 2, avail, 5); // sequence id
    if (varintEnd == INCOMPLETE) {
      return INCOMPLETE;
    }
    int len = (int) varint(in, base, varintEnd, avail, 5);
    if (varintEnd == INCOMPLETE) {
      return INCOMPLETE;
    }
    return checkString(len, varintEnd, avail);
  }

  private int binaryValue(ByteBuf in, int base, int p, int avail, byte type) {
    int end;
    switch (type) {
      case TType.BOOL, TType.BYTE -> end = p + 1;
      case TType.I16 -> end = p + 2;
      case TType.I32 -> end = p + 4;
      case TType.I64, TType.DOUBLE -> end = p + 8;
      case TType.UUID -> end = p + 16;
      case TType.STRING -> {
        if (p + 4 > avail) {
          return INCOMPLETE;
        }
        return checkString(in.getInt(base + p), p + 4, avail);
      }
      case TType.STRUCT -> {
        push(STRUCT, 0, (byte) 0, (byte) 0);
        return p;
      }
      case TType.LIST, TType.SET -> {
        if (p + 5 > avail) {
          return INCOMPLETE;
        }
        long size = checkContainer(in.getInt(base + p + 1));
        push(LIST, size, in.getByte(base + p), (byte) 0);
        return p + 5;
      }
      case TType.MAP -> {
        if (p + 6 > avail) {
          return INCOMPLETE;
        }
        long size = checkContainer(in.getInt(base + p + 2));
        push(MAP, size * 2, in.getByte(base + p), in.getByte(base + p + 1));
        return p + 6;
      }
      default -> throw WireErrors.unknownType(type);
    }
    return end > avail ? INCOMPLETE : end;
  }

  private int compactValue(ByteBuf in, int base, int p, int avail, byte type) {
    int end;
    switch (type) {
      case TType.BOOL, TType.BYTE -> end = p + 1;
      case TType.I16, TType.I32 -> {
        varint(in, base, p, avail, 5);
        return varintEnd;
      }
      case TType.I64 -> {
        varint(in, base, p, avail, 10);
        return varintEnd;
      }
      case TType.DOUBLE -> end = p + 8;
      case TType.UUID -> end = p + 16;
      case TType.STRING -> {
        int len = (int) varint(in, base, p, avail, 5);
        return varintEnd == INCOMPLETE ? INCOMPLETE : checkString(len, varintEnd, avail);
      }
      case TType.STRUCT -> {
        push(STRUCT, 0, (byte) 0, (byte) 0);
        return p;
      }
      case TType.LIST, TType.SET -> {
        if (p >= avail) {
          return INCOMPLETE;
        }
        int header = in.getUnsignedByte(base + p);
        byte elementType = CompactTypes.fromCompact(header);
        long size = header >>> 4;
        end = p + 1;
        if (size == 15) {
          size = (int) varint(in, base, end, avail, 5);
          if (varintEnd == INCOMPLETE) {
            return INCOMPLETE;
          }
          end = varintEnd;
        }
        push(LIST, checkContainer(size), elementType, (byte) 0);
        return end;
      }
      case TType.MAP -> {
        int size = (int) varint(in, base, p, avail, 5);
        if (varintEnd == INCOMPLETE) {
          return INCOMPLETE;
        }
        end = varintEnd;
        checkContainer(size);
        if (size == 0) {
          push(MAP, 0, (byte) 0, (byte) 0);
          return end;
        }
        if (end >= avail) {
          return INCOMPLETE;
        }
        int types = in.getUnsignedByte(base + end);
        push(MAP, size * 2L, CompactTypes.fromCompact(types >>> 4), CompactTypes.fromCompact(types));
        return end + 1;
      }
      default -> throw WireErrors.unknownType(type);
    }
    return end > avail ? INCOMPLETE : end;
  }

  /**
   * Reads an unsigned varint of at most {@code maxBytes} bytes at offset {@code p}; sets
   * {@link #varintEnd} to the offset after it, or to {@link #INCOMPLETE}.
   */
  private long varint(ByteBuf in, int base, int p, int avail, int maxBytes) {
    long value = 0;
    for (int i = 0; i < maxBytes; i++) {
      if (p + i >= avail) {
        varintEnd = INCOMPLETE;
        return 0;
      }
      int b = in.getByte(base + p + i);
      value |= (long) (b & 0x7f) << (7 * i);
      if (b >= 0) {
        varintEnd = p + i + 1;
        return value;
      }
    }
    throw WireErrors.invalid("varint longer than " + maxBytes + " bytes");
  }
}
