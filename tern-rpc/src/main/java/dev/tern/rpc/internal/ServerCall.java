package dev.tern.rpc.internal;

import dev.tern.core.AttributeKey;
import dev.tern.core.BizStatusException;
import dev.tern.core.CallContext;
import dev.tern.core.RemoteException;
import dev.tern.thrift.ApplicationExceptions;
import dev.tern.thrift.TMessageType;
import dev.tern.thrift.ThriftCodec;
import dev.tern.thrift.ThriftProtocol;
import dev.tern.thrift.ThriftProtocols;
import dev.tern.thrift.ThriftServiceDefinition.MethodHandler;
import dev.tern.thrift.ThriftWriter;
import dev.tern.thrift.transport.Framing;
import dev.tern.thrift.transport.HeaderInfo;
import dev.tern.thrift.transport.ThriftFrames;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request on a server connection, from its decoded arguments to its written reply. Runs the
 * middleware chain and handler ({@link #run()}, on the handler executor or the event loop), then
 * encodes the reply on the thread that completed it and hands it to the connection.
 */
final class ServerCall implements Runnable, ChannelFutureListener {

  private static final Logger log = LoggerFactory.getLogger(ServerCall.class);

  /** The handler the request resolved to, for the end of the middleware chain. */
  static final AttributeKey<MethodHandler<?, ?>> HANDLER = AttributeKey.of("tern.server.handler");

  private final ServerConnectionHandler connection;
  private final Framing framing;
  private final ThriftProtocol protocol;
  private final HeaderInfo requestHeader;
  private final String replyName;
  private final int seqId;
  private final boolean oneway;
  private CallContext context;
  private Object args;
  private boolean bareReply;
  // Event loop only:
  private ByteBuf reply;
  private boolean ready;
  private boolean closeConnection;

  ServerCall(ServerConnectionHandler connection, Framing framing, ThriftProtocol protocol, HeaderInfo requestHeader,
      String replyName, int seqId, boolean oneway) {
    this.connection = connection;
    this.framing = framing;
    this.protocol = protocol;
    this.requestHeader = requestHeader;
    this.replyName = replyName;
    this.seqId = seqId;
    this.oneway = oneway;
    connection.register(this);
  }

  /** Attaches the decoded request; before {@link #run()}. */
  void bind(CallContext context, Object args) {
    this.context = context;
    this.args = args;
  }

  CallContext context() {
    return context;
  }

  Framing framing() {
    return framing;
  }

  boolean oneway() {
    return oneway;
  }

  String replyName() {
    return replyName;
  }

  boolean isReady() {
    return ready;
  }

  void readyReply(ByteBuf reply) {
    this.reply = reply;
    this.ready = true;
  }

  ByteBuf takeReply() {
    ByteBuf r = reply;
    reply = null;
    return r;
  }

  void closeConnectionAfterReply() {
    closeConnection = true;
  }

  boolean closesConnection() {
    return closeConnection;
  }

  /** Runs the middleware chain and handler with the call's context current on this thread. */
  @Override
  public void run() {
    CompletableFuture<Object> result;
    CallContext.Scope scope = context.makeCurrent();
    try {
      result = connection.runtime().chain().call(context, args);
      if (result == null) throw new NullPointerException("the middleware chain returned no future");
    } catch (Throwable t) {
      result = CompletableFuture.failedFuture(t);
    } finally {
      scope.close();
    }
    args = null;
    result.whenComplete(this::complete);
  }

  /** Answers at once with an application exception (no handler runs). */
  void fail(int type, String message) {
    if (oneway) { // no reply to carry the error
      connection.callFinished();
      if (closeConnection) connection.close();
      return;
    }
    connection.replyReady(this, encode(TMessageType.EXCEPTION, null, w -> ApplicationExceptions.write(w, type, message)));
  }

  private void complete(Object result, Throwable error) {
    Throwable cause = unwrap(error);
    context.finish(cause);
    if (oneway) {
      if (cause != null) logFailure(cause);
      connection.callFinished();
      return;
    }
    if (!connection.isActive()) {
      log.debug("{} went away; dropping the reply of {}.{}", connection.remoteAddress(), context.service(), context.method());
      connection.callFinished();
      return;
    }
    ByteBuf buf;
    try {
      buf = cause == null ? encodeResult(result) : encodeFailure(cause);
    } catch (RuntimeException | Error e) { // e.g. a required result field left null, an oversized header
      log.warn("cannot encode the reply of {}.{}", context.service(), context.method(), e);
      bareReply = true; // answer without the metainfo, which may be what failed
      try {
        buf = encode(TMessageType.EXCEPTION, null,
            w -> ApplicationExceptions.write(w, RemoteException.INTERNAL_ERROR, "cannot encode the reply: " + e));
      } catch (RuntimeException | Error again) {
        connection.callFinished();
        connection.close();
        return;
      }
    }
    connection.replyReady(this, buf);
  }

  @SuppressWarnings("unchecked")
  private ByteBuf encodeResult(Object result) {
    ThriftCodec<Object> codec = (ThriftCodec<Object>) context.attr(HANDLER).method().resultCodec();
    return encode(TMessageType.REPLY, null, w -> codec.write(result, w));
  }

  private ByteBuf encodeFailure(Throwable cause) {
    if (cause instanceof BizStatusException biz) {
      if (framing.hasHeader()) { // Kitex: a normal reply with an empty result, the status in the header
        return encode(TMessageType.REPLY, biz, ServerCall::writeEmptyStruct);
      }
      return encode(TMessageType.EXCEPTION, null, w -> ApplicationExceptions.write(w, RemoteException.INTERNAL_ERROR,
          "biz status " + biz.statusCode() + ": " + biz.getMessage() + " (" + framing + " cannot carry biz status)"));
    }
    if (cause instanceof RemoteException remote) { // thrown on purpose, e.g. by a limiting middleware
      return encode(TMessageType.EXCEPTION, null, w -> ApplicationExceptions.write(w, remote));
    }
    if (cause instanceof DeadlineExceededException) {
      log.debug("{} from {}", cause.getMessage(), connection.remoteAddress());
    } else {
      logFailure(cause);
    }
    String message = cause instanceof DeadlineExceededException ? cause.getMessage() : cause.toString();
    return encode(TMessageType.EXCEPTION, null,
        w -> ApplicationExceptions.write(w, RemoteException.INTERNAL_ERROR, message));
  }

  private void logFailure(Throwable cause) {
    log.warn("{}.{} failed for {}", context.service(), context.method(), connection.remoteAddress(), cause);
  }

  private static void writeEmptyStruct(ThriftWriter w) {
    w.writeStructBegin("");
    w.writeFieldStop();
    w.writeStructEnd();
  }

  private ByteBuf encode(byte type, BizStatusException biz, java.util.function.Consumer<ThriftWriter> body) {
    HeaderInfo header = HeaderMetadata.reply(framing, requestHeader, type, bareReply ? null : context, biz,
        connection.runtime().isClosing());
    ByteBuf out = connection.alloc().ioBuffer();
    try {
      int mark = ThriftFrames.beginFrame(out, framing, protocol, header);
      ThriftWriter w = ThriftProtocols.writer(protocol, out);
      w.writeMessageBegin(replyName, type, seqId);
      body.accept(w);
      w.writeMessageEnd();
      ThriftFrames.endFrame(out, framing, mark);
      return out;
    } catch (RuntimeException | Error e) {
      out.release();
      throw e;
    }
  }

  @Override
  public void operationComplete(ChannelFuture future) {
    connection.written(this, future.isSuccess(), future.cause());
  }

  private static Throwable unwrap(Throwable t) {
    while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }
}
