package dev.tern.grpc.internal;

import dev.tern.core.TransportException;
import dev.tern.grpc.GrpcStatus;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http2.Http2ConnectionDecoder;
import io.netty.handler.codec.http2.Http2ConnectionEncoder;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2Stream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The client end of one gRPC connection, shared by every call to its address. It is ready for calls
 * once the server's SETTINGS arrived (so its stream limit is known); calls reserve a stream slot
 * before they are sent here, and a connection at the server's limit, or one the server sent GOAWAY
 * on, takes no more.
 */
final class ClientConnectionHandler extends GrpcConnectionHandler {

  private final ClientConnections owner;
  private final long handshakeTimeoutNanos;
  /** The pool holding this connection; set once connected. */
  volatile ClientConnections.AddressPool pool;
  private final CompletableFuture<ClientConnectionHandler> ready = new CompletableFuture<>();
  private final AtomicInteger reserved = new AtomicInteger();
  private volatile int maxStreams = Integer.MAX_VALUE;
  private volatile long maxHeaderListSize = Long.MAX_VALUE;
  private volatile boolean usable = true;

  ClientConnectionHandler(ClientConnections owner, Http2ConnectionDecoder decoder, Http2ConnectionEncoder encoder,
      Http2Settings settings, long keepAliveTimeNanos, long keepAliveTimeoutNanos, long handshakeTimeoutNanos) {
    super(decoder, encoder, settings, keepAliveTimeNanos, keepAliveTimeoutNanos);
    this.owner = owner;
    this.handshakeTimeoutNanos = handshakeTimeoutNanos;
  }

  @Override
  void onStarted() {
    // a peer that is no HTTP/2 server never sends SETTINGS: give up after the connect timeout
    ctx.executor().schedule(() -> {
      if (ready.completeExceptionally(
          ClientConnections.handshakeTimeout(java.time.Duration.ofNanos(handshakeTimeoutNanos)))) {
        closeReason = "no HTTP/2 handshake";
        ctx.close();
      }
    }, handshakeTimeoutNanos, java.util.concurrent.TimeUnit.NANOSECONDS);
  }

  /** Completes with this connection once the server's first SETTINGS arrived. */
  CompletableFuture<ClientConnectionHandler> ready() {
    return ready;
  }

  /** Takes one of the server's concurrent stream slots, if any is free and the connection is usable. */
  boolean tryReserve() {
    while (true) {
      int r = reserved.get();
      if (!usable || r >= maxStreams) return false;
      if (reserved.compareAndSet(r, r + 1)) return true;
    }
  }

  void releaseReservation() {
    reserved.decrementAndGet();
  }

  boolean isUsable() {
    return usable;
  }

  @Override
  boolean keepAliveWanted() {
    return connection().numActiveStreams() > 0;
  }

  @Override
  public void onSettingsRead(ChannelHandlerContext ctx, Http2Settings settings) {
    Long max = settings.maxConcurrentStreams();
    if (max != null) maxStreams = (int) Math.min(Integer.MAX_VALUE, max);
    Long headerList = settings.maxHeaderListSize();
    if (headerList != null) maxHeaderListSize = headerList;
    ready.complete(this);
  }

  @Override
  public void onGoAwayRead(ChannelHandlerContext ctx, int lastStreamId, long errorCode, ByteBuf debugData) {
    usable = false;
    owner.goingAway(this);
    if (errorCode == Http2Error.ENHANCE_YOUR_CALM.code()
        && "too_many_pings".equals(debugData.toString(StandardCharsets.US_ASCII))) {
      owner.tooManyPings();
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    usable = false;
    ready.completeExceptionally(new TransportException(TransportException.Kind.CONNECT_FAILED,
        "connection to " + ctx.channel().remoteAddress() + " closed during the HTTP/2 handshake"));
    owner.closed(this);
    super.channelInactive(ctx);
  }

  @Override
  public void onHeadersRead(ChannelHandlerContext ctx, int streamId, Http2Headers headers, int padding,
      boolean endOfStream) {
    GrpcStream s = streamOf(streamId);
    if (s != null) s.onHeaders(headers, endOfStream);
  }

  /**
   * Event loop: opens a stream for {@code stream} and writes its request headers.
   *
   * @return why no stream could be opened (UNAVAILABLE: the connection is going away or at its
   *     limit; RESOURCE_EXHAUSTED: the headers exceed the server's limit), null on success
   */
  GrpcStatus open(GrpcStream stream, Http2Headers headers) {
    if (!ctx.channel().isActive()) return unavailable("the connection closed");
    if (connection().goAwayReceived()) return unavailable("the server is going away");
    if (!connection().local().canOpenStream()) return unavailable("the connection has no free stream");
    long size = headerListSize(headers);
    if (size > maxHeaderListSize) {
      return GrpcStatus.of(GrpcStatus.Code.RESOURCE_EXHAUSTED).withDescription(
          "request headers of " + size + " bytes exceed the server's limit of " + maxHeaderListSize);
    }
    int id = connection().local().incrementAndGetNextStreamId();
    if (id <= 0) {
      usable = false;
      return unavailable("stream ids exhausted on this connection");
    }
    Http2Stream h2;
    try {
      h2 = connection().local().createStream(id, false);
    } catch (Http2Exception e) {
      return unavailable("cannot open a stream: " + e.getMessage());
    }
    h2.setProperty(streamKey, stream);
    stream.h2 = h2;
    encoder().writeHeaders(ctx, id, headers, 0, false, newPromise());
    return null;
  }

  private static GrpcStatus unavailable(String why) {
    return GrpcStatus.of(GrpcStatus.Code.UNAVAILABLE).withDescription(why);
  }

  /** The HPACK size of a header list (RFC 7541 4.1): name and value lengths plus 32 per entry. */
  private static long headerListSize(Http2Headers headers) {
    long size = 0;
    for (Map.Entry<CharSequence, CharSequence> e : headers) {
      size += e.getKey().length() + e.getValue().length() + 32;
    }
    return size;
  }
}
