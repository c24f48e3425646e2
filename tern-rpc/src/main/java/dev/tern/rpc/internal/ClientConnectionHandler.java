package dev.tern.rpc.internal;

import dev.tern.core.ProtocolException;
import dev.tern.core.TransportException;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client end of one connection: numbers requests and routes the reply to the call waiting on
 * the connection. A pooled connection carries one call at a time, so there is at most one.
 */
final class ClientConnectionHandler extends ChannelInboundHandlerAdapter {

  private static final Logger log = LoggerFactory.getLogger(ClientConnectionHandler.class);

  private final AtomicInteger sequence = new AtomicInteger();
  private final AtomicReference<ClientCall> pending = new AtomicReference<>();

  int nextSeqId() {
    return sequence.incrementAndGet();
  }

  /** The call whose reply comes next; set before its request is written. */
  void expect(ClientCall call) {
    pending.set(call);
  }

  void forget(ClientCall call) {
    pending.compareAndSet(call, null);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    ClientCall call = pending.get();
    if (call == null) {
      ReferenceCountUtil.release(msg);
      log.debug("unexpected message on {}; closing it", ctx.channel());
      ctx.close();
      return;
    }
    try {
      call.onReply((dev.tern.thrift.transport.ThriftFrame) msg);
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    Throwable c = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
    ClientCall call = pending.get();
    if (call != null) {
      call.onConnectionFailure(c instanceof ProtocolException ? c
          : new TransportException(TransportException.Kind.IO,
              "connection to " + ctx.channel().remoteAddress() + " failed: " + c, c));
    } else {
      log.debug("error on idle connection {}", ctx.channel(), c);
    }
    ctx.close();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    ClientCall call = pending.get();
    if (call != null) {
      call.onConnectionFailure(new TransportException(TransportException.Kind.CONNECTION_CLOSED,
          "connection to " + ctx.channel().remoteAddress() + " closed before the reply arrived"));
    }
    super.channelInactive(ctx);
  }
}
