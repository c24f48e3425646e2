package dev.tern.grpc.internal;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelPromise;
import dev.tern.grpc.GrpcStatus;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One gRPC call on one HTTP/2 stream, the part client and server share: inbound DATA goes through a
 * {@link MessageDeframer} (window released as messages are consumed), outbound messages are
 * counted by an {@link OutboundFlow} until written to the socket.
 *
 * <p>Fields without other notes belong to the connection's event loop.
 */
abstract class GrpcStream implements MessageDeframer.Sink {

  private static final Logger log = LoggerFactory.getLogger(GrpcStream.class);

  final GrpcConnectionHandler conn;
  final MessageDeframer deframer;
  /** Thread-safe. */
  final OutboundFlow outbound;
  Http2Stream h2;
  /** Runs on the event loop when the outbound side turns ready; thread-safe to set. */
  volatile Runnable onReady;

  GrpcStream(GrpcConnectionHandler conn, int maxInboundMessageSize, OutboundFlow outbound) {
    this.conn = conn;
    this.outbound = outbound;
    this.deframer = new MessageDeframer(conn.ctx.alloc(), maxInboundMessageSize, n -> conn.consumeBytes(h2, n));
    this.deframer.sink(this);
  }

  /** DATA arrived; takes ownership of {@code data}. */
  void onData(ByteBuf data, boolean endOfStream) {
    deframer.addData(data, endOfStream);
  }

  abstract void onHeaders(Http2Headers headers, boolean endOfStream);

  abstract void onRstStream(long errorCode);

  /** The HTTP/2 stream closed (both ends finished, reset, or the connection went away). */
  abstract void onStreamClosed();

  /** An HTTP/2 error on this stream; Netty resets the stream right after. */
  abstract void onStreamError(Http2Exception.StreamException error);

  /** The status for an HTTP/2 stream error: RESOURCE_EXHAUSTED for an oversized header list. */
  static GrpcStatus statusOf(Http2Exception.StreamException error) {
    GrpcStatus.Code code = error instanceof Http2Exception.HeaderListSizeException
        ? GrpcStatus.Code.RESOURCE_EXHAUSTED : GrpcStatus.Code.INTERNAL;
    return GrpcStatus.of(code).withDescription("HTTP/2 stream error " + error.error() + ": " + error.getMessage());
  }

  /**
   * Allows {@code count} more inbound messages; from any thread. Always through the write queue,
   * even on the event loop: the WINDOW_UPDATE it may cause must be flushed.
   */
  final void request(int count) {
    conn.execute(() -> deframer.request(count));
  }

  /** Writes a framed message counted in {@link #outbound}; event loop only. Takes ownership of {@code framed}. */
  final void writeMessage(ByteBuf framed) {
    writeMessage(framed, false);
  }

  /** As {@link #writeMessage(ByteBuf)}, ending this side of the stream with it when {@code endStream}. */
  final void writeMessage(ByteBuf framed, boolean endStream) {
    int bytes = framed.readableBytes();
    ChannelPromise promise = conn.newPromise();
    promise.addListener(f -> {
      if (outbound.release(bytes)) fireReady();
    });
    conn.encoder().writeData(conn.ctx, h2.id(), framed, 0, endStream, promise);
  }

  /** Drops a framed message that can no longer be written. */
  final void dropMessage(ByteBuf framed) {
    int bytes = framed.readableBytes();
    framed.release();
    outbound.release(bytes);
  }

  final void fireReady() {
    Runnable r = readyHandler();
    if (r == null) return;
    try {
      r.run();
    } catch (Throwable t) {
      log.warn("on-ready handler failed", t);
    }
  }

  Runnable readyHandler() {
    return onReady;
  }

  /** Whether the peer may still send on the HTTP/2 stream. */
  final boolean remoteOpen() {
    if (h2 == null) return false;
    return switch (h2.state()) {
      case OPEN, HALF_CLOSED_LOCAL -> true;
      default -> false;
    };
  }

  /** Whether this side may still send on the HTTP/2 stream. */
  final boolean localOpen() {
    if (h2 == null) return false;
    return switch (h2.state()) {
      case OPEN, HALF_CLOSED_REMOTE -> true;
      default -> false;
    };
  }
}
