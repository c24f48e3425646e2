package dev.tern.transport.internal;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * First handler of a pooled connection. While the connection sits idle nothing should arrive on
 * it: bytes then mean a confused peer or a late reply to an abandoned call, and reusing the
 * connection would hand them to the next call. The guard drops them and closes the connection,
 * and {@link #checkOut()} refuses it.
 */
final class IdleGuard extends ChannelInboundHandlerAdapter {

  private static final Logger log = LoggerFactory.getLogger(IdleGuard.class);

  private volatile boolean idle;
  private volatile boolean dirty;
  private long idleSinceNanos; // written and read under the address pool's lock

  /** Marks the connection idle as of {@code nowNanos}. */
  void checkIn(long nowNanos) {
    idleSinceNanos = nowNanos;
    idle = true;
  }

  /** Takes the connection out of the idle state; false if it must not be reused. */
  boolean checkOut(io.netty.channel.Channel channel) {
    idle = false;
    return !dirty && channel.isActive();
  }

  long idleSinceNanos() {
    return idleSinceNanos;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (idle) {
      dirty = true;
      ReferenceCountUtil.release(msg);
      log.debug("unexpected data on idle pooled connection {}; closing it", ctx.channel());
      ctx.close();
      return;
    }
    ctx.fireChannelRead(msg);
  }
}
