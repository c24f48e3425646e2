package dev.tern.http.internal;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.io.IOException;
import java.io.OutputStream;

/**
 * A response body written from a handler's virtual thread. Writes go straight to the channel
 * (Netty hands them to the event loop in order); when the socket's buffer, or on HTTP/2 the
 * stream's flow-control window, is full the writer waits for the flush, which is how a slow
 * client pushes back on the handler.
 *
 * <p>On HTTP/1.1 the body is chunked, unless the handler set {@code Content-Length} first: then
 * exactly that many bytes must be written, or the connection is closed to mark the response as
 * cut short. On HTTP/2 each flush is a DATA frame.
 */
final class ResponseStream extends OutputStream {

  private final RequestContext ctx;
  private final Channel channel;
  private final byte[] buf = new byte[8192];
  private final long declaredLength; // -1: chunked
  private long written;
  private int count;
  private boolean headersSent;
  private boolean closed;
  private ChannelFuture pending;
  ChannelFuture lastWrite;
  boolean closeConnection;

  ResponseStream(RequestContext ctx) {
    this.ctx = ctx;
    this.channel = ctx.exchange.channel();
    String length = ctx.responseHeaders.get(HttpHeaderNames.CONTENT_LENGTH);
    this.declaredLength = length == null ? -1 : Long.parseLong(length);
  }

  @Override
  public void write(int b) throws IOException {
    ensureOpen();
    if (count == buf.length) flushBuffer();
    buf[count++] = (byte) b;
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    ensureOpen();
    java.util.Objects.checkFromIndexSize(off, len, b.length);
    while (len > 0) {
      if (count == buf.length) flushBuffer();
      int n = Math.min(len, buf.length - count);
      System.arraycopy(b, off, buf, count, n);
      count += n;
      off += n;
      len -= n;
    }
  }

  @Override
  public void flush() throws IOException {
    ensureOpen();
    flushBuffer();
  }

  @Override
  public void close() throws IOException {
    if (closed) return;
    closed = true;
    if (ctx.head) { // no body, so no chunked framing: the whole answer is its header section
      count = 0;
      var head = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(ctx.status), Unpooled.EMPTY_BUFFER);
      head.headers().set(ctx.responseHeaders);
      closeConnection = ctx.exchange.finishHead(ctx, head.headers());
      lastWrite = channel.writeAndFlush(head);
      return;
    }
    flushBuffer();
    if (declaredLength >= 0 && written != declaredLength) {
      // the client would wait for bytes that never come, or read the next response as body
      ctx.aborted = true;
      throw new IOException("response declared Content-Length " + declaredLength + " but " + written + " bytes were written");
    }
    lastWrite = channel.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
  }

  private void flushBuffer() throws IOException {
    if (ctx.head) {
      count = 0;
      return;
    }
    if (!headersSent) {
      headersSent = true;
      DefaultHttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(ctx.status));
      head.headers().set(ctx.responseHeaders);
      if (declaredLength < 0) {
        head.headers().remove(HttpHeaderNames.CONTENT_LENGTH);
        head.headers().set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED); // dropped on HTTP/2
      }
      closeConnection = ctx.exchange.finishHead(ctx, head.headers());
      pending = channel.write(head);
    }
    if (count > 0) {
      written += count;
      if (declaredLength >= 0 && written > declaredLength) {
        ctx.aborted = true;
        throw new IOException("response body is longer than its Content-Length " + declaredLength);
      }
      pending = channel.write(new DefaultHttpContent(Unpooled.copiedBuffer(buf, 0, count)));
    }
    channel.flush();
    count = 0;
    if (!channel.isWritable() && pending != null) pending.awaitUninterruptibly();
    if (!channel.isActive()) throw new IOException("connection closed by the client");
  }

  /** Whether the response head has gone out (an error can then only cut the response short). */
  boolean started() {
    return headersSent || closed;
  }

  private void ensureOpen() throws IOException {
    if (closed) throw new IOException("stream closed");
  }
}
