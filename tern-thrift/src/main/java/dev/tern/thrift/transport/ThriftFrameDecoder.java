package dev.tern.thrift.transport;

import dev.tern.core.ProtocolException;
import dev.tern.core.ProtocolException.Kind;
import dev.tern.thrift.ThriftLimits;
import dev.tern.thrift.ThriftProtocol;
import dev.tern.thrift.internal.MessageScanner;
import dev.tern.thrift.internal.WireErrors;
import dev.tern.thrift.transport.internal.HeaderCodecs;
import dev.tern.thrift.transport.internal.Zlib;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;
import java.util.Objects;

/**
 * Splits a connection's bytes into {@link ThriftFrame}s. A server decoder detects the framing and
 * protocol from the first bytes (see {@link ThriftProtocolDetector}); a client decoder is told
 * which to expect. Either way the connection then keeps them: a later frame of another kind is a
 * protocol error.
 *
 * <p>Frame payloads are retained slices of the inbound buffer, never copies (except THeader frames
 * with the zlib transform, whose payload is inflated into a new buffer). Buffered (unframed)
 * messages have no length, so their structure is walked to find where each ends.
 *
 * <p>Bad input (unknown first bytes, a length over {@link ThriftLimits#maxFrameSize()}, which is
 * rejected as soon as the length is read, malformed headers, limits broken by a buffered message)
 * is reported as a {@link ProtocolException} through {@code exceptionCaught}, not wrapped in a
 * DecoderException; frames decoded before it are delivered first, and everything after it is
 * discarded. The handler is expected to answer or close the connection.
 *
 * <p>Not sharable: it holds the connection's state.
 */
public class ThriftFrameDecoder extends ByteToMessageDecoder {

  private final ThriftLimits limits;
  private final boolean detect;
  private Framing framing;
  private ThriftProtocol protocol;
  private MessageScanner scanner;
  private boolean failed;

  /** A server decoder: detects framing and protocol from the first bytes of the connection. */
  public ThriftFrameDecoder(ThriftLimits limits) {
    this.limits = Objects.requireNonNull(limits, "limits");
    this.detect = true;
  }

  /**
   * A client decoder: expects frames of {@code framing} carrying {@code protocol} messages. A
   * buffered or framed binary peer may use the old non-strict message header.
   */
  public ThriftFrameDecoder(ThriftLimits limits, Framing framing, ThriftProtocol protocol) {
    this.limits = Objects.requireNonNull(limits, "limits");
    this.framing = Objects.requireNonNull(framing, "framing");
    this.protocol = Objects.requireNonNull(protocol, "protocol");
    this.detect = false;
  }

  /** The connection's framing; null until detected. */
  public Framing framing() {
    return framing;
  }

  /** The connection's protocol; null until detected (for header framings, until the first frame). */
  public ThriftProtocol protocol() {
    return protocol;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    if (failed) {
      in.skipBytes(in.readableBytes());
      return;
    }
    try {
      ThriftFrame frame = decodeFrame(in);
      if (frame != null) {
        out.add(frame);
      }
    } catch (ProtocolException e) {
      failed = true;
      in.skipBytes(in.readableBytes());
      ctx.fireExceptionCaught(e);
    }
  }

  private ThriftFrame decodeFrame(ByteBuf in) {
    if (framing == null) {
      ThriftProtocolDetector.Detection d = ThriftProtocolDetector.detect(in);
      if (d == null) {
        return null;
      }
      framing = d.framing();
      protocol = d.protocol();
    }
    return switch (framing) {
      case BUFFERED -> decodeBuffered(in);
      case FRAMED -> decodeFramed(in);
      case TTHEADER, THEADER -> decodeHeader(in);
    };
  }

  private ThriftFrame decodeBuffered(ByteBuf in) {
    if (scanner == null) {
      scanner = new MessageScanner(protocol, limits, !detect);
    }
    int length = scanner.scan(in);
    if (length == MessageScanner.INCOMPLETE) {
      return null;
    }
    scanner.reset();
    return new ThriftFrame(Framing.BUFFERED, protocol, null, in.readRetainedSlice(length));
  }

  /** Returns the frame length (after the 4-byte prefix) once the whole frame is readable, else -1. */
  private int frameLength(ByteBuf in, int max) {
    if (in.readableBytes() < 4) {
      return -1;
    }
    long length = in.getUnsignedInt(in.readerIndex());
    if (length > max) {
      throw WireErrors.sizeLimit(framing + " frame", length, max);
    }
    return in.readableBytes() - 4 < length ? -1 : (int) length;
  }

  private ThriftFrame decodeFramed(ByteBuf in) {
    int length = frameLength(in, limits.maxFrameSize());
    if (length < 0) {
      return null;
    }
    int start = in.readerIndex() + 4;
    checkPayload(in, start, length, protocol);
    in.skipBytes(4);
    return new ThriftFrame(Framing.FRAMED, protocol, null, in.readRetainedSlice(length));
  }

  private ThriftFrame decodeHeader(ByteBuf in) {
    int r = in.readerIndex();
    if (in.readableBytes() >= 6) {
      int magic = in.getUnsignedShort(r + 4);
      int expected = framing == Framing.TTHEADER ? HeaderCodecs.TTHEADER_MAGIC : HeaderCodecs.THEADER_MAGIC;
      if (magic != expected) {
        throw WireErrors.badVersion("expected a " + framing + " frame, saw " + WireErrors.hex(in, r, 16));
      }
    }
    int length = frameLength(in, Math.min(limits.maxFrameSize(), HeaderCodecs.MAX_HEADER_FRAME));
    if (length < 0) {
      return null;
    }
    if (length < HeaderCodecs.FIXED_SIZE - 4) {
      throw WireErrors.invalid(framing + " frame of " + length + " bytes is shorter than its fixed header");
    }
    int headerStart = r + HeaderCodecs.FIXED_SIZE;
    int frameEnd = r + 4 + length;
    int headerSize = in.getUnsignedShort(r + 12) * 4;
    if (headerSize > frameEnd - headerStart) {
      throw WireErrors.invalid(framing + " header of " + headerSize + " bytes exceeds its frame of " + length);
    }
    HeaderInfo info = new HeaderInfo().flags(in.getUnsignedShort(r + 6)).seqId(in.getInt(r + 8));
    int payloadStart = headerStart + headerSize;
    int payloadLength = frameEnd - payloadStart;
    ThriftProtocol frameProtocol;
    if (framing == Framing.TTHEADER) {
      HeaderCodecs.readTTHeader(in, headerStart, payloadStart, info, limits);
      frameProtocol = ttheaderProtocol(info.protocolId(), in, payloadStart, payloadLength);
    } else {
      HeaderCodecs.readTHeader(in, headerStart, payloadStart, info, limits);
      frameProtocol = theaderProtocol(info.protocolId());
    }
    if (protocol != null && protocol != frameProtocol) {
      throw WireErrors.badVersion(framing + " frame carries " + frameProtocol + " but the connection speaks " + protocol);
    }
    ByteBuf payload;
    if (info.transforms().length == 0) {
      checkPayload(in, payloadStart, payloadLength, frameProtocol);
      in.readerIndex(payloadStart);
      payload = in.readRetainedSlice(payloadLength);
    } else {
      // Only zlib gets this far (HeaderCodecs rejects the others); each one wraps the payload once more.
      payload = in.retainedSlice(payloadStart, payloadLength);
      try {
        for (int i = 0; i < info.transforms().length; i++) {
          ByteBuf inflated = Zlib.inflate(payload, payload.readerIndex(), payload.readableBytes(), limits.maxFrameSize());
          payload.release();
          payload = inflated;
        }
        checkPayload(payload, payload.readerIndex(), payload.readableBytes(), frameProtocol);
      } catch (RuntimeException e) {
        payload.release();
        throw e;
      }
      in.readerIndex(frameEnd);
    }
    protocol = frameProtocol;
    return new ThriftFrame(framing, frameProtocol, info, payload);
  }

  /**
   * Kitex writes protocol id 0 whatever the payload and tells the payload's protocol from its
   * first bytes, so do the same; the id decides only for payloads without a versioned header.
   */
  private static ThriftProtocol ttheaderProtocol(int id, ByteBuf in, int payloadStart, int payloadLength) {
    switch (id) {
      case HeaderInfo.PROTOCOL_BINARY, HeaderInfo.PROTOCOL_COMPACT, HeaderInfo.PROTOCOL_COMPACT_V2 -> {
        if (payloadLength > 0) {
          int b0 = in.getUnsignedByte(payloadStart);
          if (b0 == 0x82) {
            return ThriftProtocol.COMPACT;
          }
          if (b0 == 0x80) {
            return ThriftProtocol.BINARY;
          }
          if (b0 == 0x90 && id == HeaderInfo.PROTOCOL_BINARY) {
            return ThriftProtocol.KITEX_PROTOBUF; // older Kitex wrote id 0 for protobuf too
          }
        }
        return id == HeaderInfo.PROTOCOL_BINARY ? ThriftProtocol.BINARY : ThriftProtocol.COMPACT;
      }
      case HeaderInfo.PROTOCOL_KITEX_PROTOBUF -> {
        return ThriftProtocol.KITEX_PROTOBUF;
      }
      default -> throw WireErrors.badVersion("unsupported TTHeader protocol id " + id);
    }
  }

  private static ThriftProtocol theaderProtocol(int id) {
    return switch (id) {
      case HeaderInfo.PROTOCOL_BINARY -> ThriftProtocol.BINARY;
      case HeaderInfo.PROTOCOL_COMPACT -> ThriftProtocol.COMPACT;
      default -> throw WireErrors.badVersion("unsupported THeader protocol id " + id + (id == 1 ? " (JSON)" : ""));
    };
  }

  /**
   * Checks that a frame's payload starts like a message of {@code expected}: 0x82 for compact;
   * 0x80 0x01 for binary, or (client side only) a non-strict header's non-negative name length.
   */
  private void checkPayload(ByteBuf in, int start, int length, ThriftProtocol expected) {
    if (length < 2) {
      throw WireErrors.invalid(framing + " frame payload of " + length + " bytes is too short for a message");
    }
    int b0 = in.getUnsignedByte(start);
    int b1 = in.getUnsignedByte(start + 1);
    boolean ok = switch (expected) {
      case COMPACT -> b0 == 0x82;
      case KITEX_PROTOBUF -> b0 == 0x90 && b1 == 0x01;
      case BINARY -> (b0 == 0x80 && b1 == 0x01) || (!detect && b0 < 0x80);
    };
    if (!ok) {
      throw WireErrors.badVersion("expected a " + expected + " message in the " + framing + " frame, saw "
          + WireErrors.hex(in, start, 8));
    }
  }
}
