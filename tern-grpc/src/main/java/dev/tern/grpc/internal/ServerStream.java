package dev.tern.grpc.internal;

import dev.tern.core.AttributeKey;
import dev.tern.core.CallContext;
import dev.tern.grpc.FlowControlledObserver;
import dev.tern.grpc.GrpcContext;
import dev.tern.grpc.GrpcServiceDefinition;
import dev.tern.grpc.GrpcStatus;
import dev.tern.grpc.GrpcStatusException;
import dev.tern.grpc.Metadata;
import dev.tern.grpc.MethodDescriptor;
import dev.tern.grpc.StreamObserver;
import dev.tern.grpc.StreamReader;
import dev.tern.grpc.StreamWriter;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2Stream;
import io.netty.util.AsciiString;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server side of one call: collects the request(s), runs the handler (blocking ones on the
 * handler executor, async ones on the event loop) with the call's {@link CallContext} current,
 * writes the response headers, messages and status.
 *
 * <p>The call ends exactly once, in {@link #finish}: by the handler (its status, after the messages
 * it sent, through the write queue), or by the runtime on the event loop (the client cancelled or
 * went away, the deadline passed, the request was malformed), which also fails the handler's
 * reader and writer so blocked handler threads wake up.
 */
@SuppressWarnings({"unchecked", "rawtypes", "try"}) // try: CallContext scopes are held, not referenced
final class ServerStream extends GrpcStream {

  private static final Logger log = LoggerFactory.getLogger(ServerStream.class);

  /** The call a unary middleware chain runs for, read by its terminal service. */
  static final AttributeKey<ServerStream> CALL = AttributeKey.of("tern.grpc.serverCall");

  private final ServerConnectionHandler sconn;
  private final GrpcServerCore core;
  private final ServerMethod<Object, Object> method;
  private final MethodDescriptor<Object, Object> descriptor;
  private final CallContext ctx;
  private final boolean responseGzip;
  /** Responses carry the request's content-type (application/grpc+thrift stays +thrift). */
  private final CharSequence contentType;
  private final long timeoutNanos;
  private final int maxInboundMessageSize;
  private final Metadata responseHeaders = new Metadata();
  private final Metadata responseTrailers = new Metadata();

  // event loop
  private boolean headersSent;
  private boolean closed;
  private boolean inboundStopped;
  private ScheduledFuture<?> deadlineTimer;
  private ByteBuf request;
  private boolean requestCompressed;
  private StreamObserver<Object> requestObserver;

  // any thread
  private final AtomicBoolean completing = new AtomicBoolean();
  private final AtomicBoolean headersQueued = new AtomicBoolean();
  private volatile GrpcStatusException cancelled;
  private volatile boolean autoRequest = true;
  private InboundBuffer inbound; // set on the event loop before the handler starts

  ServerStream(ServerConnectionHandler sconn, Http2Stream stream, ServerMethod<?, ?> method, Http2Headers headers,
      boolean requestGzip, long timeoutNanos) {
    super(sconn, sconn.core.options().maxInboundMessageSize(), new OutboundFlow(OutboundFlow.HIGH_WATER_MARK));
    this.sconn = sconn;
    this.core = sconn.core;
    this.h2 = stream;
    this.method = (ServerMethod<Object, Object>) method;
    this.descriptor = this.method.descriptor();
    this.responseGzip = requestGzip && acceptsGzip(headers.get(Wire.GRPC_ACCEPT_ENCODING));
    this.contentType = headers.get(Wire.CONTENT_TYPE);
    this.timeoutNanos = timeoutNanos;
    this.maxInboundMessageSize = core.options().maxInboundMessageSize();
    deframer.compressionAllowed(requestGzip);
    this.ctx = new CallContext(CallContext.Role.SERVER, descriptor.service(), descriptor.method())
        .remoteAddress(sconn.ctx.channel().remoteAddress())
        .localAddress(sconn.ctx.channel().localAddress());
    if (timeoutNanos > 0) ctx.timeout(Duration.ofNanos(timeoutNanos));
    ctx.attr(GrpcContext.REQUEST_HEADERS, Wire.toMetadata(headers));
    ctx.attr(GrpcContext.RESPONSE_HEADERS, responseHeaders);
    ctx.attr(GrpcContext.RESPONSE_TRAILERS, responseTrailers);
    ctx.attr(CALL, this);
  }

  private static boolean acceptsGzip(CharSequence accept) {
    if (accept == null) return false;
    for (String e : accept.toString().split(",")) {
      if (e.trim().equalsIgnoreCase("gzip")) return true;
    }
    return false;
  }

  /** Event loop: the request headers were valid. */
  void start(boolean endOfStream) {
    core.callStarted();
    if (timeoutNanos > 0) {
      deadlineTimer = sconn.ctx.executor().schedule(() -> {
        finish(GrpcStatus.of(GrpcStatus.Code.DEADLINE_EXCEEDED)
            .withDescription("deadline exceeded after " + Duration.ofNanos(timeoutNanos)), null, null, true, true);
        sconn.flush(sconn.ctx); // a timer, not a read: nothing else flushes
      }, timeoutNanos, TimeUnit.NANOSECONDS);
    }
    switch (method.kind()) {
      case UNARY, UNARY_ASYNC, SERVER_STREAMING, SERVER_STREAMING_ASYNC -> deframer.request(2); // the request, and proof there is no second
      case CLIENT_STREAMING, BIDI_STREAMING -> {
        inbound = new InboundBuffer();
        dispatch(this::runBlockingStreaming);
        deframer.request(1);
      }
      case CLIENT_STREAMING_ASYNC, BIDI_STREAMING_ASYNC -> {
        runAsyncStreaming();
        if (!closed && autoRequest) deframer.request(1);
      }
    }
    if (endOfStream) deframer.endOfStream();
  }

  private void dispatch(Runnable task) {
    try {
      core.executor().execute(task);
    } catch (RejectedExecutionException e) {
      finish(GrpcStatus.of(GrpcStatus.Code.RESOURCE_EXHAUSTED)
          .withDescription(GrpcStatusException.OVERLOADED_PREFIX + "the handler executor rejected the call"),
          null, null, true, true);
    }
  }

  // ---- inbound (event loop)

  @Override
  public void messageRead(ByteBuf payload, boolean compressed) {
    if (closed || inboundStopped) {
      payload.release();
      return;
    }
    switch (method.kind()) {
      case UNARY, UNARY_ASYNC, SERVER_STREAMING, SERVER_STREAMING_ASYNC -> {
        if (request != null) {
          payload.release();
          finish(GrpcStatus.of(GrpcStatus.Code.INTERNAL)
              .withDescription("more than one request message for " + descriptor.type() + " method "
                  + descriptor.fullMethodName()), null, null, true, true);
          return;
        }
        request = payload;
        requestCompressed = compressed;
      }
      case CLIENT_STREAMING, BIDI_STREAMING -> inbound.offer(payload, compressed);
      default -> {
        Object value;
        try {
          value = decode(payload, compressed);
        } catch (GrpcStatusException e) {
          finish(e.status(), null, null, true, true);
          return;
        } finally {
          payload.release();
        }
        try (CallContext.Scope s = ctx.makeCurrent()) {
          requestObserver.onNext(value);
        } catch (Throwable t) {
          inboundStopped = true;
          fail(t);
          return;
        }
        if (autoRequest) deframer.request(1);
      }
    }
  }

  @Override
  public void endOfStream() {
    if (closed) return;
    switch (method.kind()) {
      case UNARY, UNARY_ASYNC, SERVER_STREAMING, SERVER_STREAMING_ASYNC -> {
        if (request == null) {
          finish(GrpcStatus.of(GrpcStatus.Code.INTERNAL).withDescription("the client half-closed without a request"),
              null, null, true, true);
          return;
        }
        ByteBuf raw = request;
        boolean compressed = requestCompressed;
        request = null;
        if (method.kind().async()) {
          runWithRequest(raw, compressed);
        } else {
          dispatch(() -> runWithRequest(raw, compressed));
        }
      }
      case CLIENT_STREAMING, BIDI_STREAMING -> inbound.end();
      default -> {
        if (inboundStopped) return;
        try (CallContext.Scope s = ctx.makeCurrent()) {
          requestObserver.onCompleted();
        } catch (Throwable t) {
          fail(t);
        }
      }
    }
  }

  @Override
  public void failed(GrpcStatus status) {
    finish(status, null, null, true, true);
  }

  @Override
  void onHeaders(Http2Headers headers, boolean endOfStream) {
    if (endOfStream) deframer.endOfStream(); // trailers from a client: gRPC gives them no meaning
  }

  @Override
  void onRstStream(long errorCode) {
    finish(GrpcStatus.of(GrpcStatus.Code.CANCELLED).withDescription("the client cancelled the call"), null, null,
        false, true);
  }

  @Override
  void onStreamClosed() {
    if (closed) return;
    String why = sconn.closeReason != null ? sconn.closeReason : "the connection closed";
    finish(GrpcStatus.of(GrpcStatus.Code.CANCELLED).withDescription(why), null, null, false, true);
  }

  @Override
  void onStreamError(Http2Exception.StreamException error) {
    finish(statusOf(error), null, null, false, true); // the client gets the RST_STREAM
  }

  private Object decode(ByteBuf payload, boolean compressed) {
    return MessageCodec.decode(descriptor.requestMarshaller(), payload, compressed, maxInboundMessageSize);
  }

  // ---- handlers

  /** Unary and server-streaming: decodes the request and runs the handler (on the thread it was given). */
  private void runWithRequest(ByteBuf raw, boolean compressed) {
    Object req;
    try {
      req = decode(raw, compressed);
    } catch (GrpcStatusException e) {
      close(e.status(), null);
      return;
    } finally {
      raw.release();
    }
    if (!checkDeadline()) return;
    switch (method.kind()) {
      case UNARY, UNARY_ASYNC -> {
        CompletableFuture<Object> f;
        try (CallContext.Scope s = ctx.makeCurrent()) {
          f = core.unaryChain().call(ctx, req);
          if (f == null) throw new NullPointerException("the middleware chain returned no future");
        } catch (Throwable t) {
          f = CompletableFuture.failedFuture(t);
        }
        f.whenComplete((resp, err) -> {
          if (err != null) fail(err); else respondOnce(resp);
        });
      }
      case SERVER_STREAMING -> {
        try (CallContext.Scope s = ctx.makeCurrent()) {
          ((GrpcServiceDefinition.ServerStreamingHandler) method.handler()).handle(req, new Writer());
          close(GrpcStatus.of(GrpcStatus.Code.OK), null);
        } catch (Throwable t) {
          fail(t);
        }
      }
      case SERVER_STREAMING_ASYNC -> {
        try (CallContext.Scope s = ctx.makeCurrent()) {
          ((GrpcServiceDefinition.AsyncServerStreamingHandler) method.handler()).handle(req, new Responses());
        } catch (Throwable t) {
          fail(t);
          return;
        }
        kickReady();
      }
      default -> throw new IllegalStateException(method.kind().toString());
    }
  }

  /** The end of the unary middleware chain. */
  CompletableFuture<Object> invokeUnaryHandler(Object req) {
    if (ctx.isExpired()) {
      return CompletableFuture.failedFuture(GrpcStatus.of(GrpcStatus.Code.DEADLINE_EXCEEDED)
          .withDescription("deadline exceeded before the handler could run").asException());
    }
    try {
      if (method.kind() == ServerMethod.Kind.UNARY) {
        return CompletableFuture.completedFuture(((GrpcServiceDefinition.UnaryHandler) method.handler()).handle(req));
      }
      CompletableFuture<Object> f = ((GrpcServiceDefinition.AsyncUnaryHandler) method.handler()).handle(req);
      return f != null ? f : CompletableFuture.failedFuture(new NullPointerException("the async handler returned no future"));
    } catch (Throwable t) {
      return CompletableFuture.failedFuture(t);
    }
  }

  private void runBlockingStreaming() {
    if (!checkDeadline()) return;
    try (CallContext.Scope s = ctx.makeCurrent()) {
      if (method.kind() == ServerMethod.Kind.CLIENT_STREAMING) {
        Object resp = ((GrpcServiceDefinition.ClientStreamingHandler) method.handler()).handle(new Reader());
        respondOnce(resp);
      } else {
        ((GrpcServiceDefinition.BidiStreamingHandler) method.handler()).handle(new Reader(), new Writer());
        close(GrpcStatus.of(GrpcStatus.Code.OK), null);
      }
    } catch (Throwable t) {
      fail(t);
    }
  }

  private void runAsyncStreaming() {
    try (CallContext.Scope s = ctx.makeCurrent()) {
      requestObserver = ((GrpcServiceDefinition.AsyncStreamingHandler) method.handler()).handle(new Responses());
      if (requestObserver == null) throw new NullPointerException("the handler returned no request observer");
    } catch (Throwable t) {
      inboundStopped = true;
      fail(t);
      return;
    }
    kickReady();
  }

  private boolean checkDeadline() {
    if (!ctx.isExpired()) return true;
    close(GrpcStatus.of(GrpcStatus.Code.DEADLINE_EXCEEDED).withDescription("deadline exceeded before the handler could run"),
        null);
    return false;
  }

  /** Event loop: lets an async handler's on-ready handler start writing. */
  private void kickReady() {
    if (onReady != null && !completing.get() && outbound.isReady()) fireReady();
  }

  // ---- outbound (any thread)

  /** The handler failed: its exception becomes the status. */
  private void fail(Throwable error) {
    if (completing.get()) return; // already ending (often this very failure: the call was cancelled)
    ServerErrors.Reply r = ServerErrors.toReply(error);
    if (r.unexpected()) {
      log.warn("{} failed for {}", descriptor.fullMethodName(), ctx.remoteAddress(), ServerErrors.unwrap(error));
    }
    close(r.status(), r.trailers());
  }

  /** The handler ended the call with {@code status}, after the messages it sent. */
  private void close(GrpcStatus status, Metadata extraTrailers) {
    if (!completing.compareAndSet(false, true)) return;
    Metadata headers = headersQueued.compareAndSet(false, true) ? snapshot(responseHeaders) : null;
    Metadata trailers = snapshot(responseTrailers);
    if (extraTrailers != null && !extraTrailers.isEmpty()) {
      trailers = trailers == null ? extraTrailers.copy() : trailers.merge(extraTrailers);
    }
    Metadata t = trailers;
    conn.execute(() -> finish(status, headers, t, true, false));
  }

  /** A single response (unary, client streaming): headers, message and OK status in one write. */
  private void respondOnce(Object response) {
    ByteBuf framed;
    try {
      framed = MessageCodec.frame(conn.ctx.alloc(), descriptor.responseMarshaller(), response, responseGzip);
    } catch (GrpcStatusException e) {
      log.warn("cannot marshal the response of {}", descriptor.fullMethodName(), e.getCause());
      close(e.status(), null);
      return;
    }
    if (!completing.compareAndSet(false, true)) {
      framed.release();
      return;
    }
    outbound.add(framed.readableBytes());
    Metadata headers = headersQueued.compareAndSet(false, true) ? snapshot(responseHeaders) : null;
    Metadata trailers = snapshot(responseTrailers);
    conn.execute(() -> {
      if (closed || !localOpen()) {
        dropMessage(framed);
        return;
      }
      sendHeaders(headers);
      writeMessage(framed);
      finish(GrpcStatus.of(GrpcStatus.Code.OK), null, trailers, true, false);
    });
  }

  /** Queues one message of a stream of responses; blocking writers wait above the high-water mark. */
  private void queueMessage(Object value, boolean blocking) {
    ByteBuf framed = MessageCodec.frame(conn.ctx.alloc(), descriptor.responseMarshaller(), value, responseGzip);
    int bytes = framed.readableBytes();
    try {
      if (blocking) outbound.acquire(bytes); else outbound.add(bytes);
    } catch (InterruptedException e) {
      framed.release();
      Thread.currentThread().interrupt();
      GrpcStatusException ex = GrpcStatus.of(GrpcStatus.Code.CANCELLED)
          .withDescription("the handler was interrupted while sending").asException();
      abort(ex.status());
      throw ex;
    } catch (RuntimeException e) {
      framed.release();
      throw e;
    }
    Metadata headers = headersQueued.compareAndSet(false, true) ? snapshot(responseHeaders) : null;
    conn.execute(() -> {
      if (closed || !localOpen()) {
        dropMessage(framed);
        return;
      }
      sendHeaders(headers);
      writeMessage(framed);
      sconn.responseWritten();
    });
  }

  /** The handler gave up on the call (interrupted, or a request it could not decode). */
  private void abort(GrpcStatus status) {
    if (completing.compareAndSet(false, true)) conn.execute(() -> finish(status, null, null, true, true));
  }

  private static Metadata snapshot(Metadata m) {
    return m.isEmpty() ? null : m.copy();
  }

  // ---- the end (event loop)

  private void sendHeaders(Metadata custom) {
    if (headersSent) return;
    headersSent = true;
    Http2Headers h = new DefaultHttp2Headers()
        .status(Wire.STATUS_200)
        .set(Wire.CONTENT_TYPE, contentType)
        .set(Wire.GRPC_ACCEPT_ENCODING, Wire.ACCEPTED_ENCODINGS);
    if (responseGzip) h.set(Wire.GRPC_ENCODING, Wire.GZIP);
    Wire.addMetadata(h, custom);
    conn.encoder().writeHeaders(conn.ctx, h2.id(), h, 0, false, conn.newPromise());
  }

  /**
   * Ends the call once: writes the status when {@code reply} (as trailers, or alone when no
   * headers went out), stops the client's request stream, and releases everything. With
   * {@code cancelHandler} the handler's reader, writer and request observer fail with the status.
   */
  private void finish(GrpcStatus status, Metadata headers, Metadata trailers, boolean reply, boolean cancelHandler) {
    if (closed) return;
    closed = true;
    completing.set(true);
    if (reply && localOpen()) {
      Http2Headers h = new DefaultHttp2Headers();
      if (!headersSent) { // trailers-only
        headersSent = true;
        h.status(Wire.STATUS_200).set(Wire.CONTENT_TYPE, contentType);
        Wire.addMetadata(h, headers);
      }
      h.set(Wire.GRPC_STATUS, AsciiString.of(Integer.toString(status.code().value())));
      if (status.description() != null) h.set(Wire.GRPC_MESSAGE, Wire.encodeMessage(status.description()));
      Wire.addMetadata(h, trailers);
      io.netty.channel.ChannelPromise written = conn.newPromise();
      conn.encoder().writeHeaders(conn.ctx, h2.id(), h, 0, true, written);
      sconn.responseWritten();
      // The client may still be sending: reset its half with NO_ERROR, but only once the trailers
      // are out. Messages held back by flow control queue ahead of them, and a reset sent now
      // would discard those and the status with them.
      written.addListener(f -> {
        if (f.isSuccess()) {
          sconn.resetIfRemoteOpen(h2);
          conn.ctx.flush(); // after the batch's flush: nothing else will send the reset
        }
      });
    }
    if (deadlineTimer != null) deadlineTimer.cancel(false);
    deframer.close();
    if (request != null) {
      request.release();
      request = null;
    }
    GrpcStatusException error = status.isOk() ? null : status.asException();
    if (cancelHandler && error != null) {
      cancelled = error;
      outbound.fail(error);
      if (inbound != null) inbound.fail(error, true);
      StreamObserver<Object> o = requestObserver;
      if (o != null && !inboundStopped) {
        inboundStopped = true;
        try (CallContext.Scope s = ctx.makeCurrent()) {
          o.onError(error);
        } catch (Throwable t) {
          log.warn("request observer of {} failed in onError", descriptor.fullMethodName(), t);
        }
      }
    } else {
      outbound.fail(OutboundFlow.completed());
      if (inbound != null) inbound.discard();
    }
    ctx.finish(error);
    core.callEnded();
  }

  // ---- what handlers get

  /** Blocking reader of requests. */
  private final class Reader implements StreamReader<Object> {
    @Override
    public Object receive() {
      InboundBuffer.Item item;
      try {
        item = inbound.take();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        GrpcStatusException ex = GrpcStatus.of(GrpcStatus.Code.CANCELLED)
            .withDescription("the handler was interrupted while receiving").asException();
        abort(ex.status());
        throw ex;
      }
      if (item == null) return null;
      request(1);
      try {
        return decode(item.payload(), item.compressed());
      } catch (GrpcStatusException e) {
        abort(e.status());
        throw e;
      } finally {
        item.payload().release();
      }
    }
  }

  /** Blocking writer of responses. */
  private final class Writer implements StreamWriter<Object> {
    private volatile boolean completed;

    @Override
    public void send(Object message) {
      if (completed) throw new IllegalStateException("complete() was already called");
      GrpcStatusException c = cancelled;
      if (c != null) throw c;
      queueMessage(message, true);
    }

    @Override
    public void complete() {
      completed = true;
      close(GrpcStatus.of(GrpcStatus.Code.OK), null);
    }
  }

  /** Async observer of responses, with the call's flow control. */
  private final class Responses implements FlowControlledObserver<Object> {
    @Override
    public void onNext(Object value) {
      if (completing.get()) return; // cancelled or completed: nothing more goes out
      try {
        queueMessage(value, false);
      } catch (GrpcStatusException e) {
        if (cancelled == null) close(e.status(), null); // it could not be marshalled
      }
    }

    @Override
    public void onError(Throwable error) {
      fail(error);
    }

    @Override
    public void onCompleted() {
      close(GrpcStatus.of(GrpcStatus.Code.OK), null);
    }

    @Override
    public boolean isReady() {
      return !completing.get() && outbound.isReady();
    }

    @Override
    public void setOnReadyHandler(Runnable r) {
      onReady = r;
    }

    @Override
    public void disableAutoRequest() {
      autoRequest = false;
    }

    @Override
    public void request(int count) {
      ServerStream.this.request(count);
    }
  }
}
