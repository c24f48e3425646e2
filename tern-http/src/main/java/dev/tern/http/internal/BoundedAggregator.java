package dev.tern.http.internal;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.LastHttpContent;

/**
 * Aggregates request bodies up to the body limit, except for requests whose route streams its
 * body: for those, set {@link #passThrough} before their head arrives and the head and its
 * content go through untouched until the last chunk. An oversized request is handed on as the
 * {@link #OVERSIZED} marker, so that its 413 is queued behind earlier pipelined responses instead of
 * overtaking them.
 */
final class BoundedAggregator extends HttpObjectAggregator {

  /** Sent in place of a request whose body is over the limit. */
  static final Object OVERSIZED = new Object();

  /** Set by the head watch for a request whose body is streamed; cleared after its last chunk. */
  boolean passThrough;

  BoundedAggregator(int maxBody) {
    super(maxBody);
  }

  @Override
  public boolean acceptInboundMessage(Object msg) throws Exception {
    if (passThrough) {
      if (msg instanceof LastHttpContent) passThrough = false;
      return false;
    }
    return super.acceptInboundMessage(msg);
  }

  /** {@code 100 Continue} is sent by the connection's head watch, in turn with other responses. */
  @Override
  protected Object newContinueResponse(HttpMessage start, int maxContentLength, ChannelPipeline pipeline) {
    return null;
  }

  @Override
  protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
    ctx.fireChannelRead(OVERSIZED);
  }
}
