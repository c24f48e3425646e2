package dev.tern.grpc.internal;

import dev.tern.grpc.GrpcStatus;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2ConnectionDecoder;
import io.netty.handler.codec.http2.Http2ConnectionEncoder;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2Stream;
import io.netty.util.AsciiString;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server end of one gRPC connection: validates each new stream's request headers and starts a
 * {@link ServerStream} for it (or answers at once with an error status), polices client pings, and
 * shuts down gracefully with two GOAWAYs.
 */
final class ServerConnectionHandler extends GrpcConnectionHandler {

  private static final Logger log = LoggerFactory.getLogger(ServerConnectionHandler.class);

  private static final long SHUTDOWN_PING = 0x7465726e_7368L; // "ternsh"
  /** Pings allowed closer together than permitted before the connection is closed, as grpc-java. */
  private static final int MAX_PING_STRIKES = 2;
  /** Without calls in flight clients need not ping at all: allow it only this rarely, as grpc-java. */
  private static final long IDLE_PING_INTERVAL_NANOS = TimeUnit.HOURS.toNanos(2);
  private static final long SHUTDOWN_PING_WAIT_NANOS = TimeUnit.SECONDS.toNanos(10);

  final GrpcServerCore core;
  private final CompletableFuture<Void> closed = new CompletableFuture<>();
  private boolean validPingSeen;
  private long lastValidPingNanos;
  private int pingStrikes;
  private boolean shuttingDown;
  private boolean finalGoAwaySent;
  private long shutdownDeadlineNanos;
  private ScheduledFuture<?> shutdownTimer;

  ServerConnectionHandler(GrpcServerCore core, Http2ConnectionDecoder decoder, Http2ConnectionEncoder encoder,
      Http2Settings settings) {
    super(decoder, encoder, settings, core.options().keepAliveTimeNanos(), core.options().keepAliveTimeoutNanos());
    this.core = core;
  }

  CompletableFuture<Void> closeFuture() {
    return closed;
  }

  @Override
  void onStarted() {
    core.connectionOpened(this);
    ctx.channel().closeFuture().addListener(f -> {
      core.connectionClosed(this);
      if (shutdownTimer != null) shutdownTimer.cancel(false);
      closed.complete(null);
    });
    long grace = core.shutdownGraceNanos();
    if (grace >= 0) startGracefulShutdown(grace); // accepted while the server was shutting down
  }

  // ---- requests

  @Override
  public void onHeadersRead(ChannelHandlerContext ctx, int streamId, Http2Headers headers, int padding,
      boolean endOfStream) {
    Http2Stream stream = connection().stream(streamId);
    if (stream == null) return;
    GrpcStream existing = stream.getProperty(streamKey);
    if (existing != null) {
      existing.onHeaders(headers, endOfStream);
      return;
    }
    if (stream.isHeadersSent()) return; // already answered with an error; these are its trailers
    startCall(stream, headers, endOfStream);
  }

  private void startCall(Http2Stream stream, Http2Headers headers, boolean endOfStream) {
    if (!Wire.POST.contentEquals(headers.method())) {
      reject(stream, headers, 405, GrpcStatus.Code.INTERNAL, "method " + headers.method() + " not allowed, gRPC needs POST");
      return;
    }
    CharSequence contentType = headers.get(Wire.CONTENT_TYPE);
    if (!Wire.isGrpcContentType(contentType)) {
      reject(stream, headers, 415, GrpcStatus.Code.INTERNAL, "content-type " + contentType + " is not application/grpc");
      return;
    }
    CharSequence path = headers.path();
    String p = path == null ? "" : path.toString();
    int slash = p.indexOf('/', 1);
    if (!p.startsWith("/") || slash < 0 || slash == p.length() - 1) {
      reject(stream, headers, 200, GrpcStatus.Code.UNIMPLEMENTED, "malformed method name: " + p);
      return;
    }
    String service = p.substring(1, slash);
    String method = p.substring(slash + 1);
    ServerMethod<?, ?> handler = core.lookup(service, method);
    if (handler == null) {
      reject(stream, headers, 200, GrpcStatus.Code.UNIMPLEMENTED, core.hasService(service)
          ? "unknown method " + method + " of service " + service
          : "unknown service " + service);
      return;
    }
    CharSequence encoding = headers.get(Wire.GRPC_ENCODING);
    boolean gzip = false;
    if (encoding != null && !Wire.IDENTITY.contentEqualsIgnoreCase(encoding)) {
      if (!Wire.GZIP.contentEqualsIgnoreCase(encoding)) {
        reject(stream, headers, 200, GrpcStatus.Code.UNIMPLEMENTED, "unsupported grpc-encoding " + encoding + " (gzip, identity)");
        return;
      }
      gzip = true;
    }
    long timeoutNanos = -1;
    CharSequence timeout = headers.get(Wire.GRPC_TIMEOUT);
    if (timeout != null) {
      timeoutNanos = Wire.decodeTimeout(timeout);
      if (timeoutNanos < 0) {
        reject(stream, headers, 200, GrpcStatus.Code.INTERNAL, "malformed grpc-timeout " + timeout);
        return;
      }
      if (timeoutNanos == 0) {
        reject(stream, headers, 200, GrpcStatus.Code.DEADLINE_EXCEEDED, "deadline exceeded before the call arrived");
        return;
      }
    }
    ServerStream call = new ServerStream(this, stream, handler, headers, gzip, timeoutNanos);
    stream.setProperty(streamKey, call);
    call.start(endOfStream);
  }

  /** Answers a stream at once with a status and no messages (trailers-only), then stops its request. */
  private void reject(Http2Stream stream, Http2Headers request, int httpStatus, GrpcStatus.Code code, String message) {
    log.debug("rejecting stream {} on {}: {} {}", stream.id(), ctx.channel(), code, message);
    CharSequence contentType = request.get(Wire.CONTENT_TYPE);
    Http2Headers h = new DefaultHttp2Headers()
        .status(AsciiString.of(Integer.toString(httpStatus)))
        .set(Wire.CONTENT_TYPE, Wire.isGrpcContentType(contentType) ? contentType : Wire.APPLICATION_GRPC)
        .set(Wire.GRPC_STATUS, AsciiString.of(Integer.toString(code.value())))
        .set(Wire.GRPC_MESSAGE, Wire.encodeMessage(message));
    if (code == GrpcStatus.Code.UNIMPLEMENTED) h.set(Wire.GRPC_ACCEPT_ENCODING, Wire.ACCEPTED_ENCODINGS);
    encoder().writeHeaders(ctx, stream.id(), h, 0, true, ctx.newPromise());
    resetIfRemoteOpen(stream);
  }

  /** After a complete response, asks the client to stop sending (RFC 9113 8.1: RST_STREAM NO_ERROR). */
  void resetIfRemoteOpen(Http2Stream stream) {
    Http2Stream.State s = stream.state();
    if (s == Http2Stream.State.OPEN || s == Http2Stream.State.HALF_CLOSED_LOCAL) {
      resetStream(ctx, stream.id(), Http2Error.NO_ERROR.code(), ctx.newPromise());
    }
  }

  /** Headers bigger than SETTINGS_MAX_HEADER_LIST_SIZE: a gRPC status rather than Netty's bare 431. */
  @Override
  protected void handleServerHeaderDecodeSizeError(ChannelHandlerContext ctx, Http2Stream stream) {
    Http2Headers h = new DefaultHttp2Headers()
        .status(Wire.STATUS_200)
        .set(Wire.CONTENT_TYPE, Wire.APPLICATION_GRPC)
        .set(Wire.GRPC_STATUS, AsciiString.of(Integer.toString(GrpcStatus.Code.RESOURCE_EXHAUSTED.value())))
        .set(Wire.GRPC_MESSAGE, "request header list larger than " + core.options().maxHeaderListSize() + " bytes");
    encoder().writeHeaders(ctx, stream.id(), h, 0, true, ctx.newPromise());
  }

  // ---- pings

  @Override
  public void onPingRead(ChannelHandlerContext ctx, long data) {
    long now = System.nanoTime();
    long permit = core.options().permitKeepAliveTimeNanos();
    long minInterval = connection().numActiveStreams() > 0 ? permit : Math.max(permit, IDLE_PING_INTERVAL_NANOS);
    if (!validPingSeen || now - lastValidPingNanos >= minInterval) {
      validPingSeen = true;
      lastValidPingNanos = now;
    } else if (++pingStrikes > MAX_PING_STRIKES) {
      log.debug("client {} pings too often; closing with ENHANCE_YOUR_CALM", ctx.channel().remoteAddress());
      closeReason = "too many pings";
      goAway(ctx, connection().remote().lastStreamCreated(), Http2Error.ENHANCE_YOUR_CALM.code(),
          ByteBufUtil.writeAscii(ctx.alloc(), "too_many_pings"), ctx.newPromise())
          .addListener(f -> ctx.close());
      ctx.flush();
    }
  }

  /** Sending a response resets the ping strikes: pings between responses are a client's right. */
  void responseWritten() {
    pingStrikes = 0;
    validPingSeen = false;
  }

  @Override
  public void onPingAckRead(ChannelHandlerContext ctx, long data) {
    super.onPingAckRead(ctx, data);
    if (data == SHUTDOWN_PING) sendFinalGoAway();
  }

  // ---- graceful shutdown

  /**
   * Phase one: GOAWAY with the largest stream id (no new streams, please), and a ping. Once the ping
   * is answered every stream the client sent before seeing the GOAWAY has arrived, so phase two's
   * GOAWAY names the true last stream. Then the connection closes as its streams finish, or after
   * the grace period.
   */
  void startGracefulShutdown(long graceNanos) {
    if (shuttingDown || !ctx.channel().isActive()) return;
    shuttingDown = true;
    shutdownDeadlineNanos = System.nanoTime() + graceNanos;
    goAway(ctx, Integer.MAX_VALUE, Http2Error.NO_ERROR.code(), ByteBufUtil.writeAscii(ctx.alloc(), "server shutting down"),
        ctx.newPromise());
    encoder().writePing(ctx, false, SHUTDOWN_PING, ctx.newPromise());
    ctx.flush();
    shutdownTimer = ctx.executor().schedule(this::sendFinalGoAway, Math.min(graceNanos, SHUTDOWN_PING_WAIT_NANOS),
        TimeUnit.NANOSECONDS);
  }

  private void sendFinalGoAway() {
    if (!shuttingDown || finalGoAwaySent || !ctx.channel().isActive()) return;
    finalGoAwaySent = true;
    if (shutdownTimer != null) shutdownTimer.cancel(false);
    goAway(ctx, connection().remote().lastStreamCreated(), Http2Error.NO_ERROR.code(),
        ByteBufUtil.writeAscii(ctx.alloc(), "server shutting down"), ctx.newPromise());
    gracefulShutdownTimeoutMillis(Math.max(0, TimeUnit.NANOSECONDS.toMillis(shutdownDeadlineNanos - System.nanoTime())));
    closeReason = "server shut down";
    ctx.channel().close(); // Http2ConnectionHandler waits for the active streams (up to the timeout)
  }

  /** Closes at once, failing the streams left. */
  void closeNow() {
    ctx.executor().execute(() -> {
      if (closeReason == null) closeReason = "server closed";
      ctx.close();
    });
  }
}
