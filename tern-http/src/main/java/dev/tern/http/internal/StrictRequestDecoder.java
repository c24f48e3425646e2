package dev.tern.http.internal;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpMessage;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.List;

/**
 * Netty's request decoder, plus a refusal of obsolete line folding (a header line starting with a
 * space or tab). Netty joins such a line to the previous header, which RFC 9112 allows, but
 * proxies disagree on it and it has been used to smuggle headers, so Tern answers 400 instead.
 *
 * <p>Before each decode step the bytes of the current header section not yet examined are
 * scanned (at most the header size limit per request); the scan stops at the blank line that ends
 * the headers and restarts when the decoder emits the end of the message.
 */
final class StrictRequestDecoder extends HttpRequestDecoder {

  /** Handed on in place of a request whose headers are folded. */
  static final Object OBS_FOLD = new Object();

  private boolean scanning = true;
  private boolean discarding;
  private long scanned; // bytes of this message examined
  private long consumed; // bytes of this message the decoder has taken
  private boolean atLineStart = true;
  private int lines;

  StrictRequestDecoder(HttpDecoderConfig config) {
    super(config);
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
    if (discarding) {
      in.skipBytes(in.readableBytes());
      return;
    }
    if (scanning && scanForFold(in)) {
      discarding = true;
      in.skipBytes(in.readableBytes());
      out.add(OBS_FOLD);
      return;
    }
    int readerBefore = in.readerIndex();
    int outBefore = out.size();
    super.decode(ctx, in, out);
    consumed += in.readerIndex() - readerBefore;
    for (int i = outBefore; i < out.size(); i++) {
      Object o = out.get(i);
      if (o instanceof LastHttpContent || o instanceof FullHttpMessage) {
        // the decoder returns right after a message ends, so what follows is the next message
        scanning = true;
        scanned = 0;
        consumed = 0;
        atLineStart = true;
        lines = 0;
      }
    }
  }

  /** Whether the unexamined header bytes contain a folded line; stops at the end of the headers. */
  private boolean scanForFold(ByteBuf in) {
    int from = in.readerIndex() + (int) (scanned - consumed);
    int to = in.writerIndex();
    for (int i = from; i < to; i++) {
      byte b = in.getByte(i);
      scanned++;
      if (atLineStart) {
        if (b == '\r') continue;
        if (b == '\n') {
          if (lines > 0) { // the blank line after the headers: the body is none of our business
            scanning = false;
            return false;
          }
          continue; // blank lines before the request line are skipped by the decoder too
        }
        if (lines > 0 && (b == ' ' || b == '\t')) return true;
        atLineStart = false;
      } else if (b == '\n') {
        atLineStart = true;
        lines++;
      }
    }
    return false;
  }
}
