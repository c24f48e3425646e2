package dev.tern.thrift.transport;

import dev.tern.core.ProtocolException;
import dev.tern.thrift.ThriftProtocol;
import dev.tern.thrift.internal.WireErrors;
import dev.tern.thrift.transport.internal.HeaderCodecs;
import dev.tern.thrift.transport.internal.Zlib;
import io.netty.buffer.ByteBuf;

/**
 * Writes frames around a message in one buffer, without copying the message:
 *
 * <pre>{@code
 * ByteBuf out = ctx.alloc().ioBuffer();
 * int mark = ThriftFrames.beginFrame(out, Framing.TTHEADER, ThriftProtocol.BINARY, header);
 * ThriftWriter w = ThriftProtocols.writer(ThriftProtocol.BINARY, out);
 * w.writeMessageBegin("echo", TMessageType.CALL, seqId);
 * ...
 * ThriftFrames.endFrame(out, Framing.TTHEADER, mark);
 * ctx.writeAndFlush(out);
 * }</pre>
 *
 * Several frames may be written one after another into the same buffer. The one exception to
 * "no copy" is a THeader frame whose header asks for the zlib transform: {@link #endFrame}
 * compresses the message in place.
 */
public final class ThriftFrames {
  private ThriftFrames() {}

  /**
   * Writes the frame's header, reserving room for the length, and returns the mark to pass to
   * {@link #endFrame}. For TTHeader and THeader the header carries {@code header}'s sequence id,
   * flags and key-values (null writes an empty header); the protocol id comes from
   * {@code protocol}. {@code header} is ignored for buffered and framed frames.
   *
   * @throws IllegalArgumentException if the header cannot be written in the framing (transforms
   *     other than THeader's zlib, TTHeader strings over 65535 bytes, a header over 256 KiB)
   */
  public static int beginFrame(ByteBuf out, Framing framing, ThriftProtocol protocol, HeaderInfo header) {
    int mark = out.writerIndex();
    switch (framing) {
      case BUFFERED -> {
        if (protocol == ThriftProtocol.KITEX_PROTOBUF) {
          throw new IllegalArgumentException("Kitex Protobuf needs Framed or TTHeader framing, not Buffered");
        }
      }
      case FRAMED -> out.writeInt(0);
      case TTHEADER, THEADER -> {
        out.writeInt(0);
        out.writeShort(framing == Framing.TTHEADER ? HeaderCodecs.TTHEADER_MAGIC : HeaderCodecs.THEADER_MAGIC);
        out.writeShort(header == null ? 0 : header.flags());
        out.writeInt(header == null ? 0 : header.seqId());
        int sizeIndex = out.writerIndex();
        out.writeShort(0);
        int start = out.writerIndex();
        if (framing == Framing.TTHEADER) {
          HeaderCodecs.writeTTHeader(out, protocol, header);
        } else {
          HeaderCodecs.writeTHeader(out, protocol, header);
        }
        int padding = -(out.writerIndex() - start) & 3;
        out.writeZero(padding);
        int words = (out.writerIndex() - start) >>> 2;
        if (words > 0xffff) {
          out.writerIndex(mark);
          throw new IllegalArgumentException("frame header of " + words * 4 + " bytes exceeds 262140");
        }
        out.setShort(sizeIndex, words);
      }
    }
    return mark;
  }

  /**
   * Completes the frame begun at {@code mark}: compresses the message if the THeader asks for
   * zlib, then patches the length to cover everything written since. A no-op for buffered frames.
   *
   * @throws ProtocolException (SIZE_LIMIT) if a TTHeader or THeader frame exceeds 0x3FFFFFFF bytes
   */
  public static void endFrame(ByteBuf out, Framing framing, int mark) {
    if (framing == Framing.BUFFERED) {
      return;
    }
    if (framing == Framing.THEADER) {
      int zlib = HeaderCodecs.zlibTransforms(out, mark);
      for (int i = 0; i < zlib; i++) {
        Zlib.deflateInPlace(out, HeaderCodecs.payloadStart(out, mark));
      }
    }
    int length = out.writerIndex() - mark - 4;
    if (framing.hasHeader() && length > HeaderCodecs.MAX_HEADER_FRAME) {
      throw WireErrors.sizeLimit("frame", length, HeaderCodecs.MAX_HEADER_FRAME);
    }
    out.setInt(mark, length);
  }
}
