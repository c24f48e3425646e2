package dev.tern.rpc.internal;

import dev.tern.core.BizStatusException;
import dev.tern.core.CallContext;
import dev.tern.core.ProtocolException;
import dev.tern.core.RemoteException;
import dev.tern.core.RpcTimeoutException;
import dev.tern.core.TransportException;
import dev.tern.thrift.ApplicationExceptions;
import dev.tern.thrift.TMessageType;
import dev.tern.thrift.ThriftCodec;
import dev.tern.thrift.ThriftMessage;
import dev.tern.thrift.ThriftMethod;
import dev.tern.thrift.ThriftProtocols;
import dev.tern.thrift.ThriftReader;
import dev.tern.thrift.ThriftWriter;
import dev.tern.thrift.transport.HeaderInfo;
import dev.tern.thrift.transport.ThriftFrame;
import dev.tern.thrift.transport.ThriftFrames;
import dev.tern.transport.Address;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One outgoing call: connection checkout, request, reply, and the deadline over all three.
 *
 * <p>Whatever ends the call first (the reply, a connection failure, the deadline, or the caller
 * completing the future itself) settles it, exactly once: the connection then goes back to the
 * pool if it is clean, or is discarded if a reply may still be on its way or the stream is out of
 * step. The connection is given back before the caller's future completes, so a caller that makes
 * its next call straight away reuses it.
 */
final class ClientCall implements ChannelFutureListener {

  private final ClientTransport transport;
  private final CallContext ctx;
  private final ThriftMethod<?, ?> method;
  private final Object args;
  private final Address address;
  private final CompletableFuture<Object> result = new CompletableFuture<>();
  private volatile CompletableFuture<Channel> checkout;
  private volatile ScheduledFuture<?> timer;
  private int seqId;
  // Guarded by this:
  private boolean settled;
  private Channel channel;
  private ClientConnectionHandler handler;

  ClientCall(ClientTransport transport, CallContext ctx, ThriftMethod<?, ?> method, Object args, Address address) {
    this.transport = transport;
    this.ctx = ctx;
    this.method = method;
    this.args = args;
    this.address = address;
  }

  CompletableFuture<Object> result() {
    return result;
  }

  void start() {
    long remaining = ctx.remainingNanos();
    if (remaining <= 0) {
      settle(null, timeout(), false);
      return;
    }
    if (ctx.hasDeadline()) {
      timer = transport.timerLoop().schedule(this::onDeadline, remaining, TimeUnit.NANOSECONDS);
    }
    // A caller (or middleware) that completes the future itself abandons the call.
    result.whenComplete((v, e) -> {
      if (e != null) settle(null, e, false);
    });
    CompletableFuture<Channel> c = transport.pool().acquire(address);
    checkout = c;
    c.whenComplete(this::onConnection);
  }

  private void onConnection(Channel ch, Throwable error) {
    if (error != null) {
      settle(null, unwrap(error), false);
      return;
    }
    ClientConnectionHandler h = ch.pipeline().get(ClientConnectionHandler.class);
    synchronized (this) {
      if (!settled) {
        channel = ch;
        handler = h;
      }
    }
    if (channel == null) { // settled while the connection was being made; nothing was sent on it
      transport.pool().release(ch);
      return;
    }
    ctx.remoteAddress(ch.remoteAddress()).localAddress(ch.localAddress());
    seqId = h.nextSeqId();
    ByteBuf request;
    try {
      request = encodeRequest(ch.alloc());
    } catch (RuntimeException | Error e) { // e.g. a required field left null: nothing was written
      settle(null, e, true);
      return;
    }
    if (!method.oneway()) h.expect(this);
    ch.writeAndFlush(request).addListener(this);
  }

  @SuppressWarnings("unchecked")
  private ByteBuf encodeRequest(ByteBufAllocator alloc) {
    byte type = method.oneway() ? TMessageType.ONEWAY : TMessageType.CALL;
    HeaderInfo header = HeaderMetadata.request(transport.framing(), ctx, seqId, type);
    ByteBuf out = alloc.ioBuffer();
    try {
      int mark = ThriftFrames.beginFrame(out, transport.framing(), transport.protocol(), header);
      ThriftWriter w = ThriftProtocols.writer(transport.protocol(), out);
      w.writeMessageBegin(transport.wireName(method), type, seqId);
      ((ThriftCodec<Object>) method.argsCodec()).write(args, w);
      w.writeMessageEnd();
      ThriftFrames.endFrame(out, transport.framing(), mark);
      return out;
    } catch (RuntimeException | Error e) {
      out.release();
      throw e;
    }
  }

  /** The request was written (or not). */
  @Override
  public void operationComplete(ChannelFuture future) {
    if (!future.isSuccess()) {
      settle(null, new TransportException(TransportException.Kind.CONNECTION_CLOSED,
          "cannot send " + describe() + ": " + future.cause(), future.cause()), false);
    } else if (method.oneway()) {
      settle(null, null, true);
    }
  }

  /** The reply frame; on the event loop. The caller releases the frame. */
  void onReply(ThriftFrame frame) {
    try {
      ThriftReader in = frame.reader(transport.limits());
      ThriftMessage message = in.readMessageBegin();
      if (message.seqId() != seqId) {
        settle(null, new RemoteException(RemoteException.BAD_SEQUENCE_ID,
            describe() + ": reply has sequence id " + message.seqId() + ", expected " + seqId), false);
        return;
      }
      // Multiplexing servers (Apache's TMultiplexedProcessor, Tern) answer with the bare method name.
      if (!message.name().equals(method.name()) && !message.name().equals(transport.wireName(method))) {
        settle(null, new RemoteException(RemoteException.WRONG_METHOD_NAME,
            describe() + ": reply is for method " + message.name()), false);
        return;
      }
      HeaderInfo header = frame.header();
      boolean reusable = !HeaderMetadata.connectionResetRequested(header);
      HeaderMetadata.applyReply(header, ctx);
      switch (message.type()) {
        case TMessageType.EXCEPTION -> settle(null, ApplicationExceptions.read(in), reusable);
        case TMessageType.REPLY -> {
          BizStatusException biz = HeaderMetadata.bizStatus(header);
          if (biz != null) {
            settle(null, biz, reusable); // the payload is an empty result: nothing to decode
          } else {
            Object value = method.resultCodec().read(in);
            in.readMessageEnd();
            settle(value, null, reusable);
          }
        }
        default -> settle(null, new RemoteException(RemoteException.INVALID_MESSAGE_TYPE,
            describe() + ": reply has message type " + message.type()), false);
      }
    } catch (ProtocolException e) {
      settle(null, e, false);
    } catch (RuntimeException e) { // generated code rejecting the data
      settle(null, new ProtocolException(ProtocolException.Kind.INVALID_DATA,
          "cannot decode the reply of " + describe() + ": " + e.getMessage(), e), false);
    }
  }

  void onConnectionFailure(Throwable cause) {
    settle(null, cause, false);
  }

  private void onDeadline() {
    RpcTimeoutException e = timeout();
    settle(null, e, false);
    CompletableFuture<Channel> c = checkout;
    if (c != null) c.completeExceptionally(e); // frees a wait for a pooled connection at once
  }

  private RpcTimeoutException timeout() {
    long elapsedMs = (System.nanoTime() - ctx.startNanos()) / 1_000_000;
    return new RpcTimeoutException(RpcTimeoutException.Phase.RPC,
        describe() + " timed out after " + elapsedMs + " ms");
  }

  private void settle(Object value, Throwable error, boolean reusable) {
    Channel ch;
    ClientConnectionHandler h;
    synchronized (this) {
      if (settled) return;
      settled = true;
      ch = channel;
      h = handler;
    }
    if (timer != null) timer.cancel(false);
    if (ch != null) {
      h.forget(this);
      if (reusable) transport.pool().release(ch);
      else transport.pool().discard(ch);
    }
    ctx.finish(error);
    if (error == null) result.complete(value);
    else result.completeExceptionally(error);
  }

  private String describe() {
    return ctx.service() + "." + ctx.method() + " to " + address;
  }

  private static Throwable unwrap(Throwable t) {
    while (t instanceof CompletionException && t.getCause() != null) t = t.getCause();
    return t;
  }
}
