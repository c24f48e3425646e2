package dev.tern.http.internal;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The first handler of a clear-text connection: reads just enough of the first bytes to tell
 * the HTTP/2 connection preface ({@code PRI * HTTP/2.0...}, sent by clients with prior
 * knowledge) from an HTTP/1.1 request, installs that protocol's handlers and removes itself,
 * handing them every byte read so far. A connection that sends nothing is closed after the idle
 * timeout, one that stops inside the preface after the request timeout.
 */
final class PrefaceDetector extends ByteToMessageDecoder {

  private static final ByteBuf PREFACE = Http2CodecUtil.connectionPrefaceBuf();

  private final ServerCore server;
  private ScheduledFuture<?> timer;
  private boolean started;

  PrefaceDetector(ServerCore server) {
    this.server = server;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    timer = schedule(ctx, server.limits.idleTimeoutMillis());
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    int n = Math.min(in.readableBytes(), PREFACE.readableBytes());
    for (int i = 0; i < n; i++) {
      if (in.getByte(in.readerIndex() + i) != PREFACE.getByte(PREFACE.readerIndex() + i)) {
        select(ctx, false);
        return;
      }
    }
    if (n == PREFACE.readableBytes()) {
      select(ctx, true);
    } else if (n > 0 && !started) {
      started = true;
      if (timer != null) timer.cancel(false);
      timer = schedule(ctx, server.limits.requestTimeoutMillis());
    }
  }

  private void select(ChannelHandlerContext ctx, boolean http2) {
    if (timer != null) timer.cancel(false);
    if (http2) {
      Http2Connection.install(server, ctx.pipeline());
    } else {
      Http1Handler.install(server, ctx.pipeline(), true);
    }
    ctx.pipeline().remove(this); // the bytes read so far go on to the new handlers
  }

  @Override
  protected void handlerRemoved0(ChannelHandlerContext ctx) {
    if (timer != null) timer.cancel(false);
  }

  private static ScheduledFuture<?> schedule(ChannelHandlerContext ctx, long millis) {
    return millis <= 0 ? null : ctx.executor().schedule(() -> {
      if (!ctx.isRemoved()) ctx.close();
    }, millis, TimeUnit.MILLISECONDS);
  }
}
