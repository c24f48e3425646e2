package dev.tern.http.internal;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.handler.codec.http2.HttpConversionUtil;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * One HTTP/2 stream, as a child channel: Netty's codec turns its frames into the same HTTP
 * objects HTTP/1.1 yields, the bounded aggregator collects the body (or lets a streamed one
 * through), and this handler runs the request through the same {@link ServerCore#serve} as
 * HTTP/1.1. Responses are written as HTTP objects and leave as HEADERS and DATA frames.
 *
 * <p>Limits: the body limit (413), the header count (431; the header list size is enforced by
 * the codec from SETTINGS), and the request timeout from the stream's opening to its last byte
 * (408) — all per stream, so one stream's failure leaves the connection and its other streams
 * alone.
 */
final class Http2StreamHandler extends ChannelInboundHandlerAdapter implements Exchange {

  private static final Http2StreamFrameToHttpObjectCodec CODEC = new Http2StreamFrameToHttpObjectCodec(true, true);

  private final ServerCore server;
  private final BoundedAggregator aggregator;
  private ChannelHandlerContext ctx;
  private BodyStream upload;
  private ScheduledFuture<?> timer;
  private boolean received;

  private Http2StreamHandler(ServerCore server, BoundedAggregator aggregator) {
    this.server = server;
    this.aggregator = aggregator;
  }

  static void install(ServerCore server, Channel stream) {
    BoundedAggregator aggregator = new BoundedAggregator(server.limits.maxBodySize());
    Http2StreamHandler handler = new Http2StreamHandler(server, aggregator);
    stream.pipeline().addLast(CODEC, handler.new HeadWatch(), aggregator, handler);
  }

  @Override
  public Channel channel() {
    return ctx.channel();
  }

  @Override
  public boolean finishHead(RequestContext c, HttpHeaders headers) {
    return false; // connection-level headers do not exist in HTTP/2
  }

  /** Decides, from a request's head, whether its body is streamed; sends {@code 100 Continue}. */
  final class HeadWatch extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext c, Object msg) {
      if (msg instanceof HttpRequest req && !(msg instanceof FullHttpRequest)) {
        if (server.streamsBody(req)) {
          aggregator.passThrough = true;
        } else if (HttpUtil.is100ContinueExpected(req)
            && HttpUtil.getContentLength(req, -1L) <= server.limits.maxBodySize()) {
          writeContinue();
        }
      }
      c.fireChannelRead(msg);
    }
  }

  private void writeContinue() {
    ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE, Unpooled.EMPTY_BUFFER));
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
    long millis = server.limits.requestTimeoutMillis();
    if (millis > 0) {
      timer = ctx.executor().schedule(() -> {
        if (!received) writeError(HttpResponseStatus.REQUEST_TIMEOUT, "the request was not received in time");
      }, millis, TimeUnit.MILLISECONDS);
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    cancelTimer();
    if (upload != null) upload.fail(400, "the stream was reset before the request body ended");
    ctx.fireChannelInactive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    boolean unexpected = msg instanceof HttpRequest ? received : msg instanceof HttpContent && upload == null;
    if (unexpected) { // e.g. the rest of a body after a 413: nothing more is wanted on this stream
      ReferenceCountUtil.release(msg);
      return;
    }
    if (msg instanceof FullHttpRequest req) {
      requestReceived();
      try {
        if (tooManyHeaders(req)) return;
        serve(req, ByteBufUtil.getBytes(req.content()), null);
      } finally {
        req.release();
      }
    } else if (msg instanceof HttpRequest head) {
      requestReceived(); // the handler paces the body from here on
      if (tooManyHeaders(head)) return;
      upload = new BodyStream(ctx.executor(), new BodyStream.Flow() {
        @Override
        public void pause() {
          ctx.channel().config().setAutoRead(false); // the stream's window is not refilled: flow control holds the client
        }

        @Override
        public void resume() {
          ctx.channel().config().setAutoRead(true);
        }
      }, server.limits.requestTimeoutMillis());
      serve(head, null, upload);
    } else if (msg instanceof HttpContent content) {
      upload.offer(content.content().retain());
      content.release();
      if (content instanceof LastHttpContent) {
        upload.end();
        upload = null;
      }
    } else if (msg == BoundedAggregator.OVERSIZED) {
      requestReceived();
      writeError(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "request body is larger than " + server.limits.maxBodySize() + " bytes");
    } else {
      ReferenceCountUtil.release(msg);
    }
  }

  private boolean tooManyHeaders(HttpRequest req) {
    if (req.headers().size() <= server.limits.maxHeaderCount()) return false;
    writeError(HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "more than " + server.limits.maxHeaderCount() + " header fields");
    return true;
  }

  private void serve(HttpRequest req, byte[] body, BodyStream stream) {
    HttpHeaders headers = req.headers();
    for (HttpConversionUtil.ExtensionHeaderNames ext : HttpConversionUtil.ExtensionHeaderNames.values()) {
      headers.remove(ext.text()); // x-http2-stream-id and friends: codec bookkeeping, not the client's
    }
    String target = ServerCore.originForm(req.uri());
    if (target == null) {
      writeError(HttpResponseStatus.BAD_REQUEST, "bad request target");
      return;
    }
    RequestContext c = new RequestContext(req.method().name(), target, headers, body, stream,
        ctx.channel().parent().remoteAddress(), server, this);
    c.protocol = "HTTP/2";
    c.head = req.method().equals(HttpMethod.HEAD);
    if (stream != null && HttpUtil.is100ContinueExpected(req)) {
      stream.onFirstRead(() -> ctx.executor().execute(() -> {
        if (c.stream == null || !c.stream.started()) writeContinue();
      }));
    }
    server.serve(c, ctx.executor(), this::complete);
  }

  private void complete(RequestContext c) {
    ChannelFuture f;
    if (c.webSocket != null) { // unreachable: webSocket() refuses HTTP/2 requests
      c.webSocket = null;
      c.status(400).text("WebSocket needs HTTP/1.1");
    }
    if (c.stream != null) {
      f = c.stream.lastWrite;
    } else {
      FullHttpResponse resp = ServerCore.fullResponse(c);
      f = ctx.writeAndFlush(resp);
    }
    boolean unreadBody = c.requestBody != null && !c.requestBody.fullyReceived();
    c.finish();
    if (f == null || c.aborted) {
      server.inFlight.decrementAndGet();
      ctx.close(); // RST_STREAM: the response was cut short
      return;
    }
    f.addListener(done -> {
      server.inFlight.decrementAndGet();
      // our side is complete; a body still arriving is not wanted any more
      if (unreadBody || !done.isSuccess()) ctx.close();
    });
  }

  private void writeError(HttpResponseStatus status, String message) {
    received = true;
    FullHttpResponse resp = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
        Unpooled.copiedBuffer(status + ": " + message + "\n", StandardCharsets.UTF_8));
    resp.headers()
        .set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=UTF-8")
        .setInt(HttpHeaderNames.CONTENT_LENGTH, resp.content().readableBytes());
    ctx.writeAndFlush(resp).addListener(f -> ctx.close());
  }

  private void requestReceived() {
    received = true;
    cancelTimer();
  }

  private void cancelTimer() {
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
  }
}
