package dev.tern.http.internal;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpServerUpgradeHandler;
import io.netty.handler.codec.http2.DefaultHttp2GoAwayFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2ServerUpgradeCodec;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One HTTP/2 connection: Netty's frame codec (HPACK, flow control, the SETTINGS Tern advertises:
 * concurrent streams, frame size, header list size = the server's header limit), a multiplexer
 * that gives every stream a child channel running {@link Http2StreamHandler}, and this handler,
 * which counts open streams for the idle timeout and for graceful shutdown: {@link #drain()}
 * sends GOAWAY, so the client opens no new streams, lets the open ones finish, then closes.
 */
final class Http2Connection extends ChannelInboundHandlerAdapter implements ServerConnection {

  private static final Logger log = LoggerFactory.getLogger(Http2Connection.class);

  private final ServerCore server;
  final Http2FrameCodec codec;
  final Http2MultiplexHandler multiplex;
  private ChannelHandlerContext ctx;
  private int openStreams;
  private boolean draining;
  private ScheduledFuture<?> idleTimer;

  private Http2Connection(ServerCore server) {
    this.server = server;
    Limits limits = server.limits;
    Http2Settings settings = Http2Settings.defaultSettings()
        .maxConcurrentStreams(server.protocols.http2MaxConcurrentStreams())
        .maxFrameSize(server.protocols.http2MaxFrameSize())
        .maxHeaderListSize(limits.maxHeaderSize());
    this.codec = Http2FrameCodecBuilder.forServer()
        .initialSettings(settings)
        .validateHeaders(true)
        // close() closes at once; GOAWAY and the wait for open streams are drain()'s job, so that
        // the forced close at the end of the grace period is not itself turned into a wait
        .decoupleCloseAndGoAway(true)
        .build();
    this.multiplex = new Http2MultiplexHandler(new ChannelInitializer<Channel>() {
      @Override
      protected void initChannel(Channel stream) {
        streamOpened();
        stream.closeFuture().addListener(f -> streamClosed());
        Http2StreamHandler.install(server, stream);
      }
    });
  }

  /** Adds HTTP/2 to a connection that starts with the preface (prior knowledge, or ALPN h2). */
  static void install(ServerCore server, ChannelPipeline p) {
    Http2Connection c = new Http2Connection(server);
    p.addLast("h2", c.codec).addLast("h2-streams", c.multiplex).addLast("h2-connection", c);
  }

  /** The h2c upgrade: the same handlers, added by the upgrade once the 101 is out. */
  static HttpServerUpgradeHandler.UpgradeCodec upgradeCodec(ServerCore server) {
    Http2Connection c = new Http2Connection(server);
    return new Http2ServerUpgradeCodec(c.codec, c.multiplex, c);
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
    server.connections.add(this);
    if (server.draining) {
      drain();
    } else {
      scheduleIdle();
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    server.connections.remove(this);
    cancelIdle();
    ctx.fireChannelInactive();
  }

  /** Connection-level frames (SETTINGS, PING, GOAWAY) the codec has already acted on. */
  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    ReferenceCountUtil.release(msg);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    log.debug("HTTP/2 connection {} failed", ctx.channel(), cause);
    // a protocol error is the codec's to answer: it sends GOAWAY with the error code, then closes
    if (!(cause instanceof Http2Exception)) ctx.close();
  }

  private void streamOpened() {
    openStreams++;
    cancelIdle();
  }

  private void streamClosed() {
    if (--openStreams > 0) return;
    if (draining) {
      ctx.close();
    } else {
      scheduleIdle();
    }
  }

  @Override
  public void drain() {
    ctx.executor().execute(() -> goAway(ChannelFutureListener.CLOSE_ON_FAILURE));
  }

  private void goAway(ChannelFutureListener then) {
    if (draining || !ctx.channel().isActive()) return;
    draining = true;
    // the last stream id is the last one the client opened: those finish, later ones are refused
    var sent = ctx.writeAndFlush(new DefaultHttp2GoAwayFrame(Http2Error.NO_ERROR));
    sent.addListener(then);
    if (openStreams == 0) sent.addListener(ChannelFutureListener.CLOSE);
  }

  private void scheduleIdle() {
    cancelIdle();
    long millis = server.limits.idleTimeoutMillis();
    if (millis > 0) {
      idleTimer = ctx.executor().schedule(() -> {
        if (openStreams == 0) goAway(ChannelFutureListener.CLOSE);
      }, millis, TimeUnit.MILLISECONDS);
    }
  }

  private void cancelIdle() {
    if (idleTimer != null) {
      idleTimer.cancel(false);
      idleTimer = null;
    }
  }
}
