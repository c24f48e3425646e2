package dev.tern.http.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One HTTP/1.1 connection, after the codec and the aggregator. Requests are queued and handled one
 * at a time, so pipelined requests are answered in order; past {@value #MAX_QUEUED} queued
 * requests the connection stops reading until the queue drains. A request the codec could not
 * parse, or one over a limit, becomes an error response in its place in the queue, after which
 * the connection is closed: after a framing error nothing that follows on the stream can be
 * trusted (request smuggling).
 *
 * <p>A request whose route {@linkplain StreamingBodyHandler streams its body} is queued as soon as
 * its head arrives; its content then flows into its {@link BodyStream}, which stops the
 * connection from reading while the handler falls behind.
 *
 * <p>Two timers run on the event loop: a request timeout from the first byte of a request to its
 * last (so a slowloris trickle is cut off), and an idle timeout between requests.
 */
public final class Http1Handler extends ChannelInboundHandlerAdapter implements Exchange, ServerConnection {

  private static final Logger log = LoggerFactory.getLogger(Http1Handler.class);
  static final int MAX_QUEUED = 16;

  private record Rejection(HttpResponseStatus status, String message) {}

  /** A request whose body is read by its handler as it arrives. */
  private record StreamingRequest(HttpRequest head, BodyStream body) {}

  private final ServerCore server;
  private final BoundedAggregator aggregator;
  private final ArrayDeque<Object> queue = new ArrayDeque<>();
  private ChannelHandlerContext ctx;
  private boolean busy;
  private boolean rejecting;
  private boolean receiving;
  private boolean continuePending;
  private BodyStream upload; // the streamed body still arriving, if any
  private boolean uploadPaused;
  private RequestContext current; // the request being handled
  private ScheduledFuture<?> timer;

  private Http1Handler(ServerCore server, BoundedAggregator aggregator) {
    this.server = server;
    this.aggregator = aggregator;
  }

  /**
   * Adds the HTTP/1.1 handlers to a connection's pipeline: read watch, decoder, encoder, (h2c
   * upgrade), head watch, bounded aggregator, connection handler.
   */
  static void install(ServerCore server, ChannelPipeline p, boolean h2cUpgrade) {
    BoundedAggregator aggregator = new BoundedAggregator(server.limits.maxBodySize());
    Http1Handler handler = new Http1Handler(server, aggregator);
    HttpDecoderConfig config = new HttpDecoderConfig()
        .setMaxInitialLineLength(server.limits.maxRequestLineLength())
        .setMaxHeaderSize(server.limits.maxHeaderSize())
        .setMaxChunkSize(64 * 1024);
    p.addLast("read-watch", handler.new ReadWatch())
        .addLast("decoder", new StrictRequestDecoder(config))
        .addLast("encoder", new HttpResponseEncoder());
    if (h2cUpgrade) p.addLast("h2c-upgrade", H2cUpgrade.handler(server, handler));
    p.addLast("head-watch", handler.new HeadWatch())
        .addLast("aggregator", aggregator)
        .addLast("http", handler);
  }

  @Override
  public Channel channel() {
    return ctx.channel();
  }

  /** Whether nothing is being handled or queued: the only state in which the protocol may change. */
  boolean idle() {
    return !busy && queue.isEmpty() && upload == null && !rejecting;
  }

  /** Placed before the codec: notices the first bytes of each request to start its timer. */
  final class ReadWatch extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext c, Object msg) {
      if (!receiving && upload == null && msg instanceof ByteBuf b && b.isReadable()) {
        receiving = true;
        schedule(server.limits.requestTimeoutMillis(), true);
      }
      c.fireChannelRead(msg);
    }
  }

  /**
   * Placed between the decoder and the aggregator: sees a request's head before its body, decides
   * whether the body is streamed, and sends {@code 100 Continue} for an aggregated one once every
   * earlier response is out, never in the middle of one.
   */
  final class HeadWatch extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext c, Object msg) {
      if (msg instanceof HttpRequest req && !(msg instanceof FullHttpRequest) && req.decoderResult().isSuccess()) {
        if (server.streamsBody(req)) {
          aggregator.passThrough = true;
        } else if (HttpUtil.is100ContinueExpected(req)
            && HttpUtil.getContentLength(req, -1L) <= server.limits.maxBodySize()) { // else the aggregator refuses it
          if (!busy && queue.isEmpty()) {
            writeContinue();
          } else {
            continuePending = true;
          }
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
    server.connections.add(this);
    schedule(server.limits.idleTimeoutMillis(), false);
  }

  /** Removed on a protocol switch (h2c, WebSocket) or when the channel closes. */
  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    server.connections.remove(this);
    cancelTimer();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    server.connections.remove(this);
    cancelTimer();
    Object o;
    while ((o = queue.poll()) != null) release(o);
    if (upload != null) upload.fail(400, "the connection closed before the request body ended");
    if (current != null && current.requestBody != null) current.requestBody.fail(400, "the connection closed");
    ctx.fireChannelInactive();
  }

  private static void release(Object queued) {
    if (queued instanceof StreamingRequest s) {
      s.body.close();
    } else {
      ReferenceCountUtil.release(queued);
    }
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (rejecting) { // the stream is no longer trusted: drop everything until the close
      ReferenceCountUtil.release(msg);
      return;
    }
    if (msg instanceof FullHttpRequest req) {
      requestReceived();
      if (!req.decoderResult().isSuccess()) {
        Throwable cause = req.decoderResult().cause();
        req.release();
        reject(statusFor(cause), cause == null ? "bad request" : cause.getMessage());
      } else if (req.headers().size() > server.limits.maxHeaderCount()) {
        req.release();
        reject(HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE,
            "more than " + server.limits.maxHeaderCount() + " header fields");
      } else {
        enqueue(req);
      }
    } else if (msg instanceof HttpRequest head) { // a streamed body follows
      streamingHead(head);
    } else if (msg instanceof HttpContent content) {
      streamingContent(content);
    } else if (msg == StrictRequestDecoder.OBS_FOLD) {
      requestReceived();
      reject(HttpResponseStatus.BAD_REQUEST, "obsolete header line folding is not allowed");
    } else if (msg == BoundedAggregator.OVERSIZED) {
      requestReceived();
      reject(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
          "request body is larger than " + server.limits.maxBodySize() + " bytes");
    } else {
      ReferenceCountUtil.release(msg);
    }
  }

  private void streamingHead(HttpRequest head) {
    requestReceived(); // the handler paces the body from here on
    if (!head.decoderResult().isSuccess()) {
      aggregator.passThrough = false;
      reject(statusFor(head.decoderResult().cause()), String.valueOf(head.decoderResult().cause().getMessage()));
      return;
    }
    if (head.headers().size() > server.limits.maxHeaderCount()) {
      aggregator.passThrough = false;
      reject(HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "more than " + server.limits.maxHeaderCount() + " header fields");
      return;
    }
    upload = new BodyStream(ctx.executor(), new BodyStream.Flow() {
      @Override
      public void pause() {
        uploadPaused = true;
        updateReading();
      }

      @Override
      public void resume() {
        uploadPaused = false;
        updateReading();
      }
    }, server.limits.requestTimeoutMillis());
    enqueue(new StreamingRequest(head, upload));
  }

  private void streamingContent(HttpContent content) {
    BodyStream body = upload;
    if (body == null) { // stray content (after a rejection was decided): nothing to attach it to
      content.release();
      return;
    }
    if (!content.decoderResult().isSuccess()) { // e.g. a bad chunk size: the body and the connection are done
      content.release();
      body.fail(400, String.valueOf(content.decoderResult().cause().getMessage()));
      upload = null;
      rejecting = true; // its own handler answers (400); nothing after it is read
      updateReading();
      return;
    }
    body.offer(content.content().retain());
    content.release();
    if (content instanceof LastHttpContent) {
      body.end();
      upload = null;
      uploadPaused = false;
      updateReading();
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    log.debug("HTTP connection {} failed", ctx.channel(), cause);
    ctx.close();
  }

  @Override
  public void drain() {
    ctx.executor().execute(() -> {
      if (!busy && queue.isEmpty()) ctx.close();
    });
  }

  private static HttpResponseStatus statusFor(Throwable cause) {
    if (cause instanceof TooLongHttpLineException) return HttpResponseStatus.REQUEST_URI_TOO_LONG;
    if (cause instanceof TooLongHttpHeaderException) return HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE;
    if (cause instanceof TooLongFrameException) return HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE;
    return HttpResponseStatus.BAD_REQUEST;
  }

  private void reject(HttpResponseStatus status, String message) {
    rejecting = true;
    updateReading();
    enqueue(new Rejection(status, message));
  }

  private void enqueue(Object item) {
    queue.add(item);
    updateReading();
    if (!busy) processNext();
  }

  /** Reads from the socket unless the stream is refused, the queue is full or an upload is paused. */
  private void updateReading() {
    boolean read = !rejecting && queue.size() < MAX_QUEUED && !uploadPaused;
    if (ctx.channel().config().isAutoRead() != read) ctx.channel().config().setAutoRead(read);
  }

  private void processNext() {
    Object next = queue.poll();
    if (next == null) {
      busy = false;
      current = null;
      if (continuePending) {
        continuePending = false;
        writeContinue();
      }
      updateReading();
      if (!receiving && upload == null) schedule(server.limits.idleTimeoutMillis(), false);
      return;
    }
    busy = true;
    updateReading();
    if (next instanceof Rejection r) {
      writeError(r.status, r.message);
      return;
    }
    HttpRequest req;
    BodyStream body = null;
    byte[] bytes;
    if (next instanceof StreamingRequest s) {
      req = s.head;
      body = s.body;
      bytes = null;
    } else {
      FullHttpRequest full = (FullHttpRequest) next;
      req = full;
      bytes = ByteBufUtil.getBytes(full.content());
      full.release();
    }
    String target = ServerCore.originForm(req.uri());
    if (target == null) {
      if (body != null) body.close();
      rejecting = true;
      writeError(HttpResponseStatus.BAD_REQUEST, "bad request target");
      return;
    }
    RequestContext c = new RequestContext(req.method().name(), target, req.headers(), bytes, body,
        ctx.channel().remoteAddress(), server, this);
    c.keepAlive = HttpUtil.isKeepAlive(req);
    c.head = req.method().equals(HttpMethod.HEAD);
    c.protocol = req.protocolVersion().equals(HttpVersion.HTTP_1_0) ? "HTTP/1.0" : "HTTP/1.1";
    if (body != null && HttpUtil.is100ContinueExpected(req)) {
      // the handler may refuse without reading: then the client is never invited to send the body
      body.onFirstRead(() -> ctx.executor().execute(() -> {
        if (current == c && (c.stream == null || !c.stream.started())) writeContinue();
      }));
    }
    current = c;
    server.serve(c, ctx.executor(), this::complete);
  }

  @Override
  public boolean finishHead(RequestContext c, HttpHeaders headers) {
    boolean unreadBody = c.requestBody != null && !c.requestBody.fullyReceived();
    boolean close = !c.keepAlive || server.draining || unreadBody
        || headers.containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE, true);
    if (close) {
      headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    } else if (c.protocol.equals("HTTP/1.0")) {
      headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
    }
    return close;
  }

  /** Sends the response of the current request (on the event loop), then goes on with the queue. */
  private void complete(RequestContext c) {
    if (c.webSocket != null) {
      server.inFlight.decrementAndGet();
      c.finish();
      WebSocketSession.upgrade(server, c, ctx.channel());
      return;
    }
    ChannelFuture f;
    boolean close;
    if (c.stream != null) {
      f = c.stream.lastWrite;
      close = c.stream.closeConnection || c.aborted;
    } else {
      FullHttpResponse resp = ServerCore.fullResponse(c);
      close = finishHead(c, resp.headers());
      f = ctx.writeAndFlush(resp);
    }
    c.finish(); // drops whatever of a streamed body still arrives, deletes upload files
    if (f == null || c.aborted) { // streaming failed: the response is cut short
      server.inFlight.decrementAndGet();
      ctx.close();
      return;
    }
    f.addListener(done -> {
      server.inFlight.decrementAndGet();
      if (close || !done.isSuccess()) {
        ctx.close();
      } else {
        processNext();
      }
    });
  }

  private void writeError(HttpResponseStatus status, String message) {
    FullHttpResponse resp = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
        Unpooled.copiedBuffer(status + ": " + message + "\n", StandardCharsets.UTF_8));
    resp.headers()
        .set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=UTF-8")
        .setInt(HttpHeaderNames.CONTENT_LENGTH, resp.content().readableBytes())
        .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    ctx.writeAndFlush(resp).addListener(f -> ctx.close());
  }

  private void requestReceived() {
    receiving = false;
    cancelTimer();
  }

  private void schedule(long millis, boolean request) {
    cancelTimer();
    if (millis <= 0) return;
    timer = ctx.executor().schedule(() -> onTimeout(request), millis, TimeUnit.MILLISECONDS);
  }

  private void cancelTimer() {
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
  }

  private void onTimeout(boolean request) {
    timer = null;
    if (ctx.isRemoved()) return;
    if (busy || !queue.isEmpty()) {
      if (request) ctx.close(); // a pipelined request stalled mid-way while another is answered
      return;
    }
    if (request) {
      rejecting = true;
      busy = true;
      writeError(HttpResponseStatus.REQUEST_TIMEOUT, "the request was not received in time");
    } else {
      ctx.close();
    }
  }
}
