package dev.tern.grpc.internal;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http2.Http2Connection;
import io.netty.handler.codec.http2.Http2ConnectionAdapter;
import io.netty.handler.codec.http2.Http2ConnectionDecoder;
import io.netty.handler.codec.http2.Http2ConnectionEncoder;
import io.netty.handler.codec.http2.Http2ConnectionHandler;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2Flags;
import io.netty.handler.codec.http2.Http2FrameListener;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2Stream;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the client and server ends of a gRPC connection share: Netty's HTTP/2 connection handler
 * with this class as its frame listener, per-stream {@link GrpcStream}s kept as stream properties,
 * a {@link WriteQueue} for commands from other threads, a larger connection window, and keepalive
 * pings (ping after {@code keepAliveTime} without reads, close after {@code keepAliveTimeout}
 * without the ack).
 *
 * <p>Stream windows are released only as messages are consumed (see {@link MessageDeframer}); the
 * connection window is refilled as data arrives, so one stalled stream never starves the others.
 */
abstract class GrpcConnectionHandler extends Http2ConnectionHandler implements Http2FrameListener {

  private static final Logger log = LoggerFactory.getLogger(GrpcConnectionHandler.class);

  /** Initial HTTP/2 window of each stream and of the connection: enough for full speed on a LAN. */
  static final int INITIAL_WINDOW = 1024 * 1024;

  static final long KEEPALIVE_PING = 0x7465726e_6b61L; // "ternka"

  final Http2Connection.PropertyKey streamKey;
  final WriteQueue writes = new WriteQueue(this);
  ChannelHandlerContext ctx;

  private final long keepAliveTimeNanos;
  private final long keepAliveTimeoutNanos;
  private long lastReadNanos = System.nanoTime();
  private ScheduledFuture<?> keepAliveTask;
  private ScheduledFuture<?> pingTimeoutTask;
  private boolean started;
  /** Why this side is closing the connection, for the streams it fails; null for a plain close. */
  String closeReason;

  GrpcConnectionHandler(Http2ConnectionDecoder decoder, Http2ConnectionEncoder encoder, Http2Settings settings,
      long keepAliveTimeNanos, long keepAliveTimeoutNanos) {
    super(decoder, encoder, settings);
    this.keepAliveTimeNanos = keepAliveTimeNanos;
    this.keepAliveTimeoutNanos = keepAliveTimeoutNanos;
    this.streamKey = connection().newKey();
    decoder.frameListener(this);
    connection().addListener(new Http2ConnectionAdapter() {
      @Override
      public void onStreamClosed(Http2Stream stream) {
        GrpcStream s = stream.getProperty(streamKey);
        if (s != null) s.onStreamClosed();
      }
    });
  }

  /** Runs {@code command} on the event loop and flushes after it (in a batch with others). */
  final void execute(Runnable command) {
    writes.execute(command);
  }

  final GrpcStream streamOf(int streamId) {
    Http2Stream s = connection().stream(streamId);
    return s == null ? null : s.getProperty(streamKey);
  }

  final ChannelPromise newPromise() {
    return ctx.newPromise();
  }

  /** Reports bytes of a stream as consumed, opening the peer's window. Event loop only. */
  final void consumeBytes(Http2Stream stream, int bytes) {
    if (stream == null || bytes <= 0) return;
    try {
      connection().local().flowController().consumeBytes(stream, bytes);
    } catch (Http2Exception e) {
      onError(ctx, true, e);
    }
  }

  // ---- lifecycle

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) throws Exception {
    this.ctx = ctx;
    writes.attach(ctx);
    super.handlerAdded(ctx);
    if (ctx.channel().isActive()) start();
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    super.channelActive(ctx);
    start();
  }

  private void start() {
    if (started) return;
    started = true;
    try { // the connection window starts at 64 KiB whatever SETTINGS say; widen it
      Http2Stream conn = connection().connectionStream();
      int delta = INITIAL_WINDOW - connection().local().flowController().windowSize(conn);
      if (delta > 0) connection().local().flowController().incrementWindowSize(conn, delta);
    } catch (Http2Exception e) {
      onError(ctx, true, e);
    }
    ctx.flush();
    if (keepAliveTimeNanos > 0) scheduleKeepAlive(keepAliveTimeNanos);
    onStarted();
  }

  /** The connection is active and the preface sent. */
  void onStarted() {}

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    cancelTimers();
    super.channelInactive(ctx); // closes every stream: each GrpcStream sees onStreamClosed
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
    lastReadNanos = System.nanoTime();
    super.channelRead(ctx, msg);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) throws Exception {
    if (io.netty.handler.codec.http2.Http2CodecUtil.getEmbeddedHttp2Exception(cause) == null) {
      log.debug("closing gRPC connection {} after an I/O error: {}", ctx.channel(), cause.toString());
      if (closeReason == null) closeReason = "connection error: " + cause;
      ctx.close();
      return;
    }
    super.exceptionCaught(ctx, cause);
  }

  /**
   * The peer broke the HTTP/2 rules on a stream (or exceeded a limit): tell its call why, before
   * Netty resets it. Outbound errors are only echoes of a stream already gone (a write that failed
   * because the stream closed): its call has its own reason.
   */
  @Override
  protected void onStreamError(ChannelHandlerContext ctx, boolean outbound, Throwable cause,
      Http2Exception.StreamException error) {
    GrpcStream s = outbound ? null : streamOf(error.streamId());
    if (s != null) s.onStreamError(error);
    super.onStreamError(ctx, outbound, cause, error);
  }

  // ---- keepalive

  /** Whether a quiet connection should be pinged now (the client pings only with calls open). */
  boolean keepAliveWanted() {
    return true;
  }

  private void scheduleKeepAlive(long delayNanos) {
    keepAliveTask = ctx.executor().schedule(this::keepAliveCheck, delayNanos, TimeUnit.NANOSECONDS);
  }

  private void keepAliveCheck() {
    if (!ctx.channel().isActive()) return;
    long idle = System.nanoTime() - lastReadNanos;
    if (idle < keepAliveTimeNanos) {
      scheduleKeepAlive(keepAliveTimeNanos - idle);
      return;
    }
    if (pingTimeoutTask == null && keepAliveWanted()) {
      encoder().writePing(ctx, false, KEEPALIVE_PING, ctx.newPromise());
      ctx.flush();
      pingTimeoutTask = ctx.executor().schedule(this::keepAliveTimedOut, keepAliveTimeoutNanos, TimeUnit.NANOSECONDS);
    }
    scheduleKeepAlive(keepAliveTimeNanos);
  }

  private void keepAliveTimedOut() {
    pingTimeoutTask = null;
    if (!ctx.channel().isActive()) return;
    log.debug("keepalive ping on {} not acknowledged within {} ms; closing", ctx.channel(),
        TimeUnit.NANOSECONDS.toMillis(keepAliveTimeoutNanos));
    closeReason = "keepalive ping not acknowledged";
    ctx.close(); // past Http2ConnectionHandler.close(): no GOAWAY, no waiting, the peer is presumed gone
  }

  private void cancelTimers() {
    if (keepAliveTask != null) keepAliveTask.cancel(false);
    if (pingTimeoutTask != null) pingTimeoutTask.cancel(false);
  }

  @Override
  public void onPingAckRead(ChannelHandlerContext ctx, long data) {
    if (data == KEEPALIVE_PING && pingTimeoutTask != null) {
      pingTimeoutTask.cancel(false);
      pingTimeoutTask = null;
    }
  }

  // ---- frames

  @Override
  public int onDataRead(ChannelHandlerContext ctx, int streamId, ByteBuf data, int padding, boolean endOfStream) {
    GrpcStream s = streamOf(streamId);
    if (s == null) return data.readableBytes() + padding; // a stream already answered: discard
    s.onData(data.retain(), endOfStream);
    return padding; // the data itself counts as consumed only when a reader takes its messages
  }

  @Override
  public abstract void onHeadersRead(ChannelHandlerContext ctx, int streamId, Http2Headers headers, int padding,
      boolean endOfStream);

  @Override
  public void onHeadersRead(ChannelHandlerContext ctx, int streamId, Http2Headers headers, int streamDependency,
      short weight, boolean exclusive, int padding, boolean endOfStream) {
    onHeadersRead(ctx, streamId, headers, padding, endOfStream);
  }

  @Override
  public void onRstStreamRead(ChannelHandlerContext ctx, int streamId, long errorCode) {
    GrpcStream s = streamOf(streamId);
    if (s != null) s.onRstStream(errorCode);
  }

  @Override
  public void onPriorityRead(ChannelHandlerContext ctx, int streamId, int streamDependency, short weight,
      boolean exclusive) {}

  @Override
  public void onSettingsAckRead(ChannelHandlerContext ctx) {}

  @Override
  public void onSettingsRead(ChannelHandlerContext ctx, Http2Settings settings) {}

  @Override
  public void onPingRead(ChannelHandlerContext ctx, long data) {}

  @Override
  public void onPushPromiseRead(ChannelHandlerContext ctx, int streamId, int promisedStreamId, Http2Headers headers,
      int padding) {}

  @Override
  public void onGoAwayRead(ChannelHandlerContext ctx, int lastStreamId, long errorCode, ByteBuf debugData) {}

  @Override
  public void onWindowUpdateRead(ChannelHandlerContext ctx, int streamId, int windowSizeIncrement) {}

  @Override
  public void onUnknownFrame(ChannelHandlerContext ctx, byte frameType, int streamId, Http2Flags flags,
      ByteBuf payload) {}
}
