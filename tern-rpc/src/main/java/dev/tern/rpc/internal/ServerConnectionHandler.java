package dev.tern.rpc.internal;

import dev.tern.core.CallContext;
import dev.tern.core.ProtocolException;
import dev.tern.core.RemoteException;
import dev.tern.thrift.TMessageType;
import dev.tern.thrift.ThriftMessage;
import dev.tern.thrift.ThriftProtocol;
import dev.tern.thrift.ThriftReader;
import dev.tern.thrift.transport.Framing;
import dev.tern.thrift.transport.HeaderInfo;
import dev.tern.thrift.transport.ThriftFrame;
import dev.tern.thrift.transport.ThriftFrameDecoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.net.SocketAddress;
import java.util.ArrayDeque;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One server connection: reads each request's message header and arguments on the event loop,
 * finds the handler, hands the call to the handler executor (blocking handlers) or runs it in place
 * (async handlers), and writes the replies.
 *
 * <p>On Buffered and Framed connections replies leave in request order, as Apache Thrift clients
 * match them to requests by position: a reply that is ready early waits in {@link #ordered} for
 * those before it. TTHeader and THeader replies carry the request's sequence id and go out as
 * soon as they are ready.
 *
 * <p>Malformed input ends the connection: the peer gets a PROTOCOL_ERROR reply where the framing
 * still allows one (after the replies it is owed), and the connection closes. Everything here
 * except {@link #replyReady} runs on the connection's event loop.
 */
final class ServerConnectionHandler extends ChannelInboundHandlerAdapter {

  private static final Logger log = LoggerFactory.getLogger(ServerConnectionHandler.class);

  private final ServerRuntime runtime;
  private final ArrayDeque<ServerCall> ordered = new ArrayDeque<>();
  private final java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();
  private ChannelHandlerContext ctx;
  private boolean broken;
  private volatile boolean active = true;

  ServerConnectionHandler(ServerRuntime runtime) {
    this.runtime = runtime;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
  }

  ServerRuntime runtime() {
    return runtime;
  }

  ByteBufAllocator alloc() {
    return ctx.alloc();
  }

  boolean isActive() {
    return active;
  }

  void close() {
    ctx.close();
  }

  SocketAddress remoteAddress() {
    return ctx.channel().remoteAddress();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof ThriftFrame frame)) {
      ReferenceCountUtil.release(msg);
      return;
    }
    ServerCall call;
    try {
      call = broken ? null : decode(frame);
    } finally {
      frame.release(); // arguments are decoded into objects: nothing points into the frame past here
    }
    if (call != null) dispatch(call);
  }

  /** Decodes a request; returns the call to run, or null when it was answered (or refused) here. */
  private ServerCall decode(ThriftFrame frame) {
    ThriftReader in = frame.reader(runtime.limits());
    ThriftMessage message;
    try {
      message = in.readMessageBegin();
    } catch (ProtocolException e) {
      protocolError(frame.framing(), frame.protocol(), frame.header(), null, e);
      return null;
    }
    if (message.type() != TMessageType.CALL && message.type() != TMessageType.ONEWAY) {
      protocolError(frame.framing(), frame.protocol(), frame.header(), message,
          new ProtocolException(ProtocolException.Kind.INVALID_DATA,
              "expected a call, got message type " + message.type() + " for " + message.name()));
      return null;
    }
    ServiceRegistry.Resolution target = runtime.registry(frame.protocol()).resolve(message.name(), frame.header());
    boolean oneway = message.type() == TMessageType.ONEWAY || (target.found() && target.handler().method().oneway());
    String replyName = target.method(); // without a TMultiplexedProtocol prefix, as Apache's processor replies
    ServerCall call = new ServerCall(this, frame.framing(), frame.protocol(), frame.header(), replyName,
        message.seqId(), oneway);
    if (runtime.isClosing()) {
      call.fail(RemoteException.INTERNAL_ERROR, "server is shutting down");
      return null;
    }
    if (!target.found()) {
      log.debug("{} from {}", target.error(), remoteAddress());
      call.fail(RemoteException.UNKNOWN_METHOD, target.error()); // the arguments are skipped with the frame
      return null;
    }
    Object args;
    try {
      args = target.handler().method().argsCodec().read(in);
      in.readMessageEnd();
    } catch (ProtocolException e) {
      protocolError(call, e);
      return null;
    } catch (RuntimeException e) { // generated code rejecting the data, e.g. a missing required field
      protocolError(call, new ProtocolException(ProtocolException.Kind.INVALID_DATA,
          "cannot decode the arguments of " + message.name() + ": " + e.getMessage(), e));
      return null;
    }
    CallContext callContext = new CallContext(CallContext.Role.SERVER, target.service(), target.method())
        .remoteAddress(ctx.channel().remoteAddress())
        .localAddress(ctx.channel().localAddress())
        .oneway(oneway);
    HeaderMetadata.applyRequest(frame.header(), callContext);
    callContext.attr(ServerCall.HANDLER, target.handler());
    call.bind(callContext, args);
    return call;
  }

  private void dispatch(ServerCall call) {
    if (call.context().attr(ServerCall.HANDLER).isBlocking()) {
      try {
        runtime.executor().execute(call);
      } catch (RejectedExecutionException e) {
        log.warn("handler executor rejected {}.{} from {}", call.context().service(), call.context().method(),
            remoteAddress());
        call.fail(RemoteException.INTERNAL_ERROR, "server overloaded: the call was rejected");
      }
    } else {
      call.run(); // async handlers run on the event loop
    }
  }


  /** Registers a call that will be answered; keeps its place in line on ordered connections. */
  void register(ServerCall call) {
    runtime.callStarted();
    inFlight.incrementAndGet();
    if (!call.oneway() && isOrdered(call.framing())) ordered.addLast(call);
  }

  /** A call's reply is encoded; any thread. */
  void replyReady(ServerCall call, ByteBuf reply) {
    if (ctx.executor().inEventLoop()) {
      onReplyReady(call, reply);
      return;
    }
    try {
      ctx.executor().execute(() -> onReplyReady(call, reply));
    } catch (RejectedExecutionException e) { // the event loop is gone: so is the connection
      reply.release();
      callFinished();
    }
  }

  private void onReplyReady(ServerCall call, ByteBuf reply) {
    if (!active) {
      log.debug("{} went away; dropping the reply to {}", remoteAddress(), call.replyName());
      reply.release();
      callFinished();
      return;
    }
    if (!isOrdered(call.framing())) {
      ctx.writeAndFlush(reply).addListener(call);
      return;
    }
    call.readyReply(reply);
    boolean wrote = false;
    while (!ordered.isEmpty() && ordered.peekFirst().isReady()) {
      ServerCall next = ordered.pollFirst();
      ctx.write(next.takeReply()).addListener(next);
      wrote = true;
    }
    if (wrote) ctx.flush();
  }

  /** Called once a reply was written (or failed to be): the call is over. */
  void written(ServerCall call, boolean success, Throwable cause) {
    callFinished();
    if (!success) log.debug("reply to {} from {} not written: {}", remoteAddress(), call.replyName(), String.valueOf(cause));
    if (call.closesConnection()) ctx.close();
  }

  /** A call of this connection is over (answered, dropped or refused); any thread. */
  void callFinished() {
    inFlight.decrementAndGet();
    runtime.callFinished();
  }

  /**
   * No bytes arrived for the idle timeout: close the connection if it has no call in flight (a
   * call still running keeps it, however long it takes; its deadline is what bounds it).
   */
  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
    if (evt instanceof io.netty.handler.timeout.IdleStateEvent) {
      if (inFlight.get() == 0) {
        log.debug("closing the connection from {}: idle for the server's idle timeout", remoteAddress());
        ctx.close();
      }
      return;
    }
    super.userEventTriggered(ctx, evt);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    Throwable c = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
    if (c instanceof ProtocolException pe) {
      ThriftFrameDecoder decoder = ctx.pipeline().get(ThriftFrameDecoder.class);
      protocolError(decoder == null ? null : decoder.framing(), decoder == null ? null : decoder.protocol(), null, null, pe);
    } else if (c instanceof IOException) {
      log.debug("connection from {} failed: {}", remoteAddress(), c.toString());
      ctx.close();
    } else {
      log.warn("unexpected error on the connection from {}; closing it", remoteAddress(), c);
      ctx.close();
    }
  }

  /**
   * Malformed input: answer PROTOCOL_ERROR where possible (after the replies owed on an ordered
   * connection), then close this connection only.
   */
  private void protocolError(Framing framing, ThriftProtocol protocol, HeaderInfo header, ThriftMessage message,
      ProtocolException e) {
    if (framing == null || protocol == null || !active) {
      broken = true;
      log.warn("malformed request from {}: {}; closing the connection", remoteAddress(), e.getMessage());
      ctx.close();
      return;
    }
    protocolError(new ServerCall(this, framing, protocol, header,
        message == null ? "" : message.name(), message == null ? 0 : message.seqId(), false), e);
  }

  /** Malformed input in the request {@code call} answers (its place in line already taken). */
  private void protocolError(ServerCall call, ProtocolException e) {
    broken = true;
    log.warn("malformed request from {}: {}; closing the connection", remoteAddress(), e.getMessage());
    call.closeConnectionAfterReply();
    call.fail(RemoteException.PROTOCOL_ERROR, e.getMessage());
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    active = false;
    // Replies that were ready but waiting for earlier ones will never be written; the calls still
    // running drop theirs when they finish.
    for (ServerCall call : ordered) {
      if (call.isReady()) {
        ReferenceCountUtil.release(call.takeReply());
        callFinished();
      }
    }
    ordered.clear();
    super.channelInactive(ctx);
  }

  private static boolean isOrdered(Framing framing) {
    return framing == Framing.BUFFERED || framing == Framing.FRAMED;
  }
}
