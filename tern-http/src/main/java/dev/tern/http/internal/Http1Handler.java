package dev.tern.http.internal;

import dev.tern.http.BindException;
import dev.tern.http.HttpStatusException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
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
 * <p>Two timers run on the event loop: a request timeout from the first byte of a request to its
 * last (so a slowloris trickle is cut off), and an idle timeout between requests.
 */
public final class Http1Handler extends ChannelInboundHandlerAdapter {

  private static final Logger log = LoggerFactory.getLogger(Http1Handler.class);
  static final int MAX_QUEUED = 16;

  /** Sent by the aggregator in place of a request whose body is over the limit. */
  static final Object OVERSIZED = new Object();

  private record Rejection(HttpResponseStatus status, String message) {}

  private final ServerCore server;
  private final ArrayDeque<Object> queue = new ArrayDeque<>();
  private ChannelHandlerContext ctx;
  private boolean busy;
  private boolean rejecting;
  private boolean receiving;
  private boolean continuePending;
  private ScheduledFuture<?> timer;

  Http1Handler(ServerCore server) {
    this.server = server;
  }

  Channel channel() {
    return ctx.channel();
  }

  /** Placed before the codec: notices the first bytes of each request to start its timer. */
  final class ReadWatch extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext c, Object msg) {
      if (!receiving && msg instanceof ByteBuf b && b.isReadable()) {
        receiving = true;
        schedule(server.limits.requestTimeoutMillis(), true);
      }
      c.fireChannelRead(msg);
    }
  }

  /**
   * Placed between the decoder and the aggregator: sees a request's headers before its body, and
   * sends {@code 100 Continue} once every earlier response is out, never in the middle of one.
   */
  final class ExpectWatch extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext c, Object msg) {
      if (msg instanceof HttpRequest req && !(msg instanceof FullHttpRequest) && HttpUtil.is100ContinueExpected(req)
          && HttpUtil.getContentLength(req, -1L) <= server.limits.maxBodySize()) { // else the aggregator refuses it
        if (!busy && queue.isEmpty()) {
          writeContinue();
        } else {
          continuePending = true;
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

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    server.connections.remove(this);
    cancelTimer();
    Object o;
    while ((o = queue.poll()) != null) ReferenceCountUtil.release(o);
    ctx.fireChannelInactive();
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
    } else if (msg == StrictRequestDecoder.OBS_FOLD) {
      requestReceived();
      reject(HttpResponseStatus.BAD_REQUEST, "obsolete header line folding is not allowed");
    } else if (msg == OVERSIZED) {
      requestReceived();
      reject(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
          "request body is larger than " + server.limits.maxBodySize() + " bytes");
    } else {
      ReferenceCountUtil.release(msg);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    log.debug("HTTP connection {} failed", ctx.channel(), cause);
    ctx.close();
  }

  /** Asks the connection to close once its current response is out (graceful shutdown). */
  void drain() {
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
    ctx.channel().config().setAutoRead(false);
    enqueue(new Rejection(status, message));
  }

  private void enqueue(Object item) {
    queue.add(item);
    if (queue.size() >= MAX_QUEUED) ctx.channel().config().setAutoRead(false);
    if (!busy) processNext();
  }

  private void processNext() {
    Object next = queue.poll();
    if (next == null) {
      busy = false;
      if (continuePending) {
        continuePending = false;
        writeContinue();
      }
      if (!rejecting && !ctx.channel().config().isAutoRead()) ctx.channel().config().setAutoRead(true);
      if (!receiving) schedule(server.limits.idleTimeoutMillis(), false);
      return;
    }
    busy = true;
    if (next instanceof Rejection r) {
      writeError(r.status, r.message);
      return;
    }
    FullHttpRequest req = (FullHttpRequest) next;
    RequestContext c;
    boolean keepAlive = HttpUtil.isKeepAlive(req);
    boolean head = req.method().equals(HttpMethod.HEAD);
    HttpVersion version = req.protocolVersion();
    String target;
    try {
      target = originForm(req.uri());
      if (target == null) {
        writeError(HttpResponseStatus.BAD_REQUEST, "bad request target");
        rejecting = true;
        return;
      }
      c = new RequestContext(req.method().name(), target, req.headers(), ByteBufUtil.getBytes(req.content()),
          ctx.channel().remoteAddress(), server.mapper, this);
    } finally {
      req.release();
    }
    c.keepAlive = keepAlive;
    c.head = head;
    c.version = version;
    ServerCore.Target t = server.dispatch(c);
    server.inFlight.incrementAndGet();
    if (t.nonBlocking()) {
      c.onEventLoop = true;
      run(t, c);
      complete(c);
    } else {
      server.executor.execute(() -> {
        run(t, c);
        if (c.stream != null) {
          try {
            c.stream.close();
          } catch (java.io.IOException e) {
            log.debug("streamed response failed", e);
          }
        }
        ctx.executor().execute(() -> complete(c));
      });
    }
  }

  private static String originForm(String uri) {
    if (uri.startsWith("/")) return uri;
    // absolute-form (RFC 9112 3.2.2): keep the path and query only
    int scheme = uri.indexOf("://");
    if (scheme > 0) {
      int slash = uri.indexOf('/', scheme + 3);
      return slash < 0 ? "/" : uri.substring(slash);
    }
    return null;
  }

  private void run(ServerCore.Target t, RequestContext c) {
    try {
      t.handler().handle(c);
    } catch (Throwable e) {
      if (c.stream != null) { // headers are out: all that is left is to cut the response short
        log.warn("handler failed after streaming started: {} {}", c.method(), c.path(), e);
        c.aborted = true;
        return;
      }
      c.resetResponse();
      if (e instanceof BindException be) {
        c.status(400);
        var body = new java.util.LinkedHashMap<String, Object>();
        body.put("error", "invalid request");
        body.put("fields", be.errors());
        c.json(body);
      } else if (e instanceof HttpStatusException se) {
        c.status(se.status());
        c.text(se.getMessage() == null ? "" : se.getMessage());
      } else {
        log.error("handler failed: {} {}", c.method(), c.path(), e);
        c.status(500);
        c.text("Internal Server Error");
      }
    }
  }

  /** Sets Connection on a response; returns whether the connection closes after it. */
  boolean setConnectionHeader(RequestContext c, HttpHeaders headers) {
    boolean close = !c.keepAlive || server.draining
        || headers.containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE, true);
    if (close) {
      headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    } else if (c.version.equals(HttpVersion.HTTP_1_0)) {
      headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
    }
    return close;
  }

  private void complete(RequestContext c) {
    ChannelFuture f;
    boolean close;
    if (c.stream != null) {
      f = c.stream.lastWrite;
      close = c.stream.closeConnection || c.aborted;
    } else {
      FullHttpResponse resp = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(c.status),
          c.head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(c.responseBody));
      resp.headers().set(c.responseHeaders);
      if (!resp.headers().contains(HttpHeaderNames.CONTENT_LENGTH)) {
        resp.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, c.responseBody.length);
      }
      close = setConnectionHeader(c, resp.headers());
      f = ctx.writeAndFlush(resp);
    }
    if (f == null) { // streaming failed before anything could be written
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
