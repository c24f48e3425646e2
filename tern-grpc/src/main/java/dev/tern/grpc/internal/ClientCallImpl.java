package dev.tern.grpc.internal;

import dev.tern.core.CallContext;
import dev.tern.core.RpcTimeoutException;
import dev.tern.core.TransportException;
import dev.tern.grpc.BidiStreamingCall;
import dev.tern.grpc.ClientStreamingCall;
import dev.tern.grpc.FlowControlledObserver;
import dev.tern.grpc.GrpcStatus;
import dev.tern.grpc.GrpcStatusException;
import dev.tern.grpc.Metadata;
import dev.tern.grpc.MethodDescriptor;
import dev.tern.grpc.ResponseMetadata;
import dev.tern.grpc.ResponseStream;
import dev.tern.grpc.StreamObserver;
import dev.tern.transport.Address;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2Stream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client side of one call, of any kind, in one of three inbound modes: a single response
 * (unary, client streaming), a blocking reader (server streaming, bidi), or an observer (the async
 * variants).
 *
 * <p>The call exists before its connection does: until a connection is acquired, what the caller
 * sends is kept in order (counted against the same high-water mark) and replayed on the connection's
 * event loop after the request headers. From then on every state change happens on that event
 * loop; the outcome is decided once ({@link #end}).
 */
public final class ClientCallImpl<Req, Resp> implements ResponseStream<Resp>, ClientStreamingCall<Req, Resp>,
    BidiStreamingCall<Req, Resp>, FlowControlledObserver<Req> {

  private static final Logger log = LoggerFactory.getLogger(ClientCallImpl.class);

  /** How responses reach the caller. */
  public enum Mode { SINGLE, BLOCKING, OBSERVER }

  /** Per-call settings. */
  public record Config(Metadata headers, boolean gzip, ResponseMetadata capture, int maxInboundMessageSize,
      String authority) {}

  private static final Object HALF_CLOSE = new Object();
  /** Writers get this once the call ended with OK: their messages are no longer wanted, not an error. */
  private static final GrpcStatusException ENDED_OK = new GrpcStatusException(GrpcStatus.of(GrpcStatus.Code.OK));

  private final ClientConnections connections;
  private final MethodDescriptor<Req, Resp> method;
  private final CallContext ctx;
  private final Mode mode;
  private final Address address;
  private final Config config;
  private final OutboundFlow outbound = new OutboundFlow(OutboundFlow.HIGH_WATER_MARK);
  private final CompletableFuture<Metadata> responseHeaders = new CompletableFuture<>();
  private final CompletableFuture<Resp> response;
  private final InboundBuffer inbound;
  private final StreamObserver<Resp> observer;
  private final AtomicBoolean finished = new AtomicBoolean();
  private volatile Runnable onReady;
  private volatile boolean autoRequest = true;
  private volatile boolean halfClosed;
  private volatile Metadata trailers;
  private volatile ScheduledFuture<?> deadlineTimer;

  private final Object lock = new Object();
  private ClientConnectionHandler conn; // guarded by lock until set
  private List<Object> pending = new ArrayList<>(2); // guarded by lock
  private boolean endedEarly; // guarded by lock

  // event loop of conn
  private Stream stream;
  private boolean reservationHeld;
  private boolean headersReceived;
  private Object outcome; // null, Boolean.TRUE (OK), or the failure
  private boolean gotSingle;
  private Resp single;

  public ClientCallImpl(ClientConnections connections, MethodDescriptor<Req, Resp> method, CallContext ctx, Mode mode,
      Address address, Config config, StreamObserver<Resp> observer) {
    this.connections = connections;
    this.method = method;
    this.ctx = ctx;
    this.mode = mode;
    this.address = address;
    this.config = config;
    this.response = mode == Mode.SINGLE ? new CompletableFuture<>() : null;
    this.inbound = mode == Mode.BLOCKING ? new InboundBuffer() : null;
    this.observer = observer;
    if (response != null) {
      response.whenComplete((r, e) -> { // someone cancelled the future: cancel the call
        if (e instanceof java.util.concurrent.CancellationException) cancel("the response future was cancelled");
      });
    }
  }

  /** Frames a message with this call's marshaller and compression; the caller owns the result. */
  public ByteBuf frame(Req message) {
    return MessageCodec.frame(connections.transport().allocator(), method.requestMarshaller(), message, config.gzip());
  }

  /**
   * Starts the call: arms the deadline, acquires a connection, then sends the headers, {@code first}
   * (owned by the call from now on) and the half-close.
   */
  public void start(ByteBuf first, boolean halfClose) {
    if (first != null) {
      outbound.add(first.readableBytes());
      pending.add(first);
    }
    if (halfClose) {
      halfClosed = true;
      pending.add(HALF_CLOSE);
    }
    if (ctx.hasDeadline()) {
      long remaining = ctx.remainingNanos();
      if (remaining <= 0) {
        fail(new RpcTimeoutException(RpcTimeoutException.Phase.RPC,
            "deadline exceeded before " + method.fullMethodName() + " could start"));
        return;
      }
      deadlineTimer = connections.transport().group().next().schedule(() -> fail(new RpcTimeoutException(
          RpcTimeoutException.Phase.RPC, "deadline exceeded (" + TimeUnit.NANOSECONDS.toMillis(remaining)
              + " ms) for " + method.fullMethodName())), remaining, TimeUnit.NANOSECONDS);
    }
    connections.acquire(address).whenComplete((c, err) -> {
      if (err != null) fail(unwrap(err)); else attach(c);
    });
  }

  public CompletableFuture<Resp> responseFuture() {
    return response;
  }

  // ---- from any thread

  private void attach(ClientConnectionHandler c) {
    List<Object> ops;
    synchronized (lock) {
      if (endedEarly) {
        c.releaseReservation();
        return;
      }
      conn = c;
      ops = pending;
      pending = null;
    }
    c.execute(() -> startOnLoop(c, ops));
  }

  private void enqueue(Object op) {
    ClientConnectionHandler c;
    synchronized (lock) {
      if (conn == null) {
        if (endedEarly) discard(op); else pending.add(op);
        return;
      }
      c = conn;
    }
    c.execute(() -> apply(op));
  }

  /** Ends the call with a local failure: cancels the stream if there is one. */
  private void fail(Throwable failure) {
    ClientConnectionHandler c;
    List<Object> ops = null;
    synchronized (lock) {
      c = conn;
      if (c == null) {
        if (endedEarly) return;
        endedEarly = true;
        ops = pending;
        pending = null;
      }
    }
    if (c == null) {
      for (Object op : ops) discard(op);
      end(failure, true);
    } else {
      c.execute(() -> failOnLoop(failure));
    }
  }

  private void discard(Object op) {
    if (op instanceof ByteBuf b) {
      int n = b.readableBytes();
      b.release();
      outbound.release(n);
    }
  }

  // ---- event loop

  private void startOnLoop(ClientConnectionHandler c, List<Object> ops) {
    if (finished.get()) {
      c.releaseReservation();
      for (Object op : ops) discard(op);
      return;
    }
    Stream s = new Stream(c);
    GrpcStatus refused = c.open(s, requestHeaders());
    if (refused != null) {
      c.releaseReservation();
      for (Object op : ops) discard(op);
      end(refused.asException(), true);
      return;
    }
    stream = s;
    reservationHeld = true;
    int initial = switch (mode) {
      case SINGLE -> 2; // the response, and proof there is no second
      case BLOCKING -> 1;
      case OBSERVER -> autoRequest ? 1 : 0;
    };
    s.deframer.request(initial);
    for (int i = 0; i < ops.size(); i++) {
      Object op = ops.get(i);
      if (op instanceof ByteBuf b && i + 1 < ops.size() && ops.get(i + 1) == HALF_CLOSE) {
        s.writeMessage(b, true); // the last message carries END_STREAM: one DATA frame fewer
        i++;
      } else {
        apply(op);
      }
    }
    if (mode == Mode.OBSERVER && onReady != null && outbound.isReady()) s.fireReady();
  }

  private void apply(Object op) {
    Stream s = stream;
    if (op instanceof ByteBuf b) {
      if (s == null || finished.get() || !s.localOpen()) discard(b); else s.writeMessage(b);
    } else if (op == HALF_CLOSE) {
      if (s != null && !finished.get() && s.localOpen()) {
        s.conn.encoder().writeData(s.conn.ctx, s.h2.id(), Unpooled.EMPTY_BUFFER, 0, true, s.conn.newPromise());
      }
    } else if (op instanceof Integer n) {
      if (s != null) s.deframer.request(n);
    }
  }

  private Http2Headers requestHeaders() {
    Http2Headers h = new DefaultHttp2Headers()
        .method(Wire.POST)
        .scheme(Wire.HTTP)
        .path(method.path())
        .authority(config.authority())
        .set(Wire.CONTENT_TYPE, Wire.contentType(method.requestMarshaller().contentSubtype()))
        .set(Wire.TE, Wire.TRAILERS)
        .set(Wire.USER_AGENT, Wire.USER_AGENT_VALUE)
        .set(Wire.GRPC_ACCEPT_ENCODING, Wire.ACCEPTED_ENCODINGS);
    if (config.gzip()) h.set(Wire.GRPC_ENCODING, Wire.GZIP);
    if (ctx.hasDeadline()) h.set(Wire.GRPC_TIMEOUT, Wire.encodeTimeout(ctx.remainingNanos()));
    Wire.addMetadata(h, config.headers());
    return h;
  }

  private void headersOnLoop(Http2Headers h, boolean endOfStream) {
    if (finished.get() || outcome != null) return;
    if (!headersReceived) {
      headersReceived = true;
      CharSequence status = h.status();
      if (status == null || !Wire.STATUS_200.contentEquals(status)) {
        int code;
        try {
          code = status == null ? 0 : Integer.parseInt(status.toString());
        } catch (NumberFormatException e) {
          code = 0;
        }
        GrpcStatus s = Wire.fromHttpStatus(code);
        CharSequence msg = h.get(Wire.GRPC_MESSAGE);
        if (msg != null) s = s.withDescription(s.description() + ": " + Wire.decodeMessage(msg));
        failOnLoop(s.asException(Wire.toMetadata(h)));
        return;
      }
      if (endOfStream || h.contains(Wire.GRPC_STATUS)) { // trailers-only
        responseHeaders.complete(new Metadata());
        trailersOnLoop(h);
        return;
      }
      if (!Wire.isGrpcContentType(h.get(Wire.CONTENT_TYPE))) {
        failOnLoop(GrpcStatus.of(GrpcStatus.Code.UNKNOWN)
            .withDescription("invalid content-type in the response: " + h.get(Wire.CONTENT_TYPE)).asException());
        return;
      }
      CharSequence encoding = h.get(Wire.GRPC_ENCODING);
      if (encoding != null && !Wire.IDENTITY.contentEqualsIgnoreCase(encoding)) {
        if (!Wire.GZIP.contentEqualsIgnoreCase(encoding)) {
          failOnLoop(GrpcStatus.of(GrpcStatus.Code.INTERNAL)
              .withDescription("the server used an unsupported grpc-encoding: " + encoding).asException());
          return;
        }
        stream.deframer.compressionAllowed(true);
      }
      Metadata md = Wire.toMetadata(h);
      if (config.capture() != null) config.capture().headers().merge(md);
      responseHeaders.complete(md);
      return;
    }
    if (!endOfStream) {
      failOnLoop(GrpcStatus.of(GrpcStatus.Code.INTERNAL)
          .withDescription("a second HEADERS frame without END_STREAM").asException());
      return;
    }
    trailersOnLoop(h);
  }

  private void trailersOnLoop(Http2Headers h) {
    GrpcStatus status = Wire.statusOf(h);
    Metadata md = Wire.toMetadata(h);
    trailers = md;
    if (config.capture() != null) config.capture().trailers().merge(md);
    if (status.isOk()) {
      outcome = Boolean.TRUE;
    } else if (status.code() == GrpcStatus.Code.DEADLINE_EXCEEDED && ctx.hasDeadline()) {
      // the server enforced the deadline this call sent: the same timeout as the local timer's,
      // which it merely beat, so callers see one exception type for it
      outcome = new RpcTimeoutException(RpcTimeoutException.Phase.RPC,
          "deadline exceeded for " + method.fullMethodName() + " (server: " + status.description() + ")");
    } else {
      Throwable biz = ServerErrors.bizStatus(status, md);
      outcome = biz != null ? biz : new GrpcStatusException(status, md);
    }
    stream.deframer.endOfStream(); // the outcome is delivered after the messages before it
  }

  private void messageRead(ByteBuf payload, boolean compressed) {
    if (finished.get()) {
      payload.release();
      return;
    }
    switch (mode) {
      case SINGLE -> {
        if (gotSingle) {
          payload.release();
          failOnLoop(GrpcStatus.of(GrpcStatus.Code.INTERNAL)
              .withDescription("more than one response message for " + method.fullMethodName()).asException());
          return;
        }
        try {
          single = decode(payload, compressed);
          gotSingle = true;
        } catch (GrpcStatusException e) {
          failOnLoop(e);
        } finally {
          payload.release();
        }
      }
      case BLOCKING -> inbound.offer(payload, compressed);
      case OBSERVER -> {
        Resp value;
        try {
          value = decode(payload, compressed);
        } catch (GrpcStatusException e) {
          failOnLoop(e);
          return;
        } finally {
          payload.release();
        }
        try {
          observer.onNext(value);
        } catch (Throwable t) {
          failOnLoop(GrpcStatus.of(GrpcStatus.Code.CANCELLED).withDescription("the response observer failed: " + t)
              .withCause(t).asException());
          return;
        }
        if (autoRequest) stream.deframer.request(1);
      }
    }
  }

  private void endOfStreamOnLoop() {
    Object o = outcome;
    if (o == null) {
      failOnLoop(GrpcStatus.of(GrpcStatus.Code.INTERNAL)
          .withDescription("the server ended the stream without a status").asException());
    } else if (o instanceof Throwable t) {
      end(t, false);
    } else if (mode == Mode.SINGLE && !gotSingle) {
      end(GrpcStatus.of(GrpcStatus.Code.INTERNAL)
          .withDescription("no response message for " + method.fullMethodName()).asException(), false);
    } else {
      end(null, false);
    }
  }

  private void failOnLoop(Throwable failure) {
    if (finished.get()) return;
    Stream s = stream;
    if (s != null && s.h2 != null && s.h2.state() != Http2Stream.State.CLOSED) {
      s.conn.resetStream(s.conn.ctx, s.h2.id(), Http2Error.CANCEL.code(), s.conn.newPromise());
    }
    end(failure, true);
  }

  private void streamClosedOnLoop() {
    if (reservationHeld) {
      reservationHeld = false;
      ((ClientConnectionHandler) stream.conn).releaseReservation();
    }
    if (finished.get() || outcome != null) return; // done, or the reader is still draining messages
    ClientConnectionHandler c = (ClientConnectionHandler) stream.conn;
    if (c.connection().goAwayReceived() && stream.h2.id() > c.connection().local().lastStreamKnownByPeer()) {
      end(GrpcStatus.of(GrpcStatus.Code.UNAVAILABLE)
          .withDescription("the server is going away and did not take the call").asException(), true);
    } else {
      String why = c.closeReason != null ? c.closeReason : "the connection closed before the call completed";
      end(new TransportException(TransportException.Kind.CONNECTION_CLOSED, why + " (" + address + ")"), true);
    }
  }

  // ---- the outcome, once

  /** Delivers the outcome: OK when {@code failure} is null. {@code discard}: drop messages not yet read. */
  private void end(Throwable failure, boolean discard) {
    if (failure instanceof GrpcStatusException g && g.code() == GrpcStatus.Code.CANCELLED
        && ctx.hasDeadline() && ctx.isExpired()) {
      // a server enforcing the deadline may reset the stream (CANCEL) before our own timer fires:
      // past the deadline, a cancellation is the timeout (as grpc-java reports it)
      failure = new RpcTimeoutException(RpcTimeoutException.Phase.RPC,
          "deadline exceeded for " + method.fullMethodName() + " (" + g.getMessage() + ")");
    }
    if (!finished.compareAndSet(false, true)) return;
    ScheduledFuture<?> t = deadlineTimer;
    if (t != null) t.cancel(false);
    if (trailers == null) trailers = new Metadata();
    Stream s = stream;
    if (s != null) s.deframer.close();
    if (failure == null) {
      responseHeaders.complete(new Metadata());
      outbound.fail(ENDED_OK);
      switch (mode) {
        case SINGLE -> response.complete(single);
        case BLOCKING -> inbound.end();
        case OBSERVER -> {
          try {
            observer.onCompleted();
          } catch (Throwable e) {
            log.warn("response observer of {} failed in onCompleted", method.fullMethodName(), e);
          }
        }
      }
    } else {
      responseHeaders.completeExceptionally(failure);
      RuntimeException rf = failure instanceof RuntimeException r ? r : new CompletionException(failure);
      outbound.fail(rf);
      switch (mode) {
        case SINGLE -> response.completeExceptionally(failure);
        case BLOCKING -> inbound.fail(rf, discard);
        case OBSERVER -> {
          try {
            observer.onError(failure);
          } catch (Throwable e) {
            log.warn("response observer of {} failed in onError", method.fullMethodName(), e);
          }
        }
      }
    }
    ctx.finish(failure);
  }

  private Resp decode(ByteBuf payload, boolean compressed) {
    return MessageCodec.decode(method.responseMarshaller(), payload, compressed, config.maxInboundMessageSize());
  }

  // ---- the caller's API

  @Override
  public Resp receive() {
    InboundBuffer.Item item;
    try {
      item = inbound.take();
    } catch (InterruptedException e) {
      throw interrupted("receiving");
    }
    if (item == null) return null;
    enqueue(1);
    try {
      return decode(item.payload(), item.compressed());
    } catch (GrpcStatusException e) {
      fail(e);
      throw e;
    } finally {
      item.payload().release();
    }
  }

  @Override
  public void send(Req message) {
    if (halfClosed) throw new IllegalStateException("complete() was already called");
    ByteBuf framed = frame(message);
    int bytes = framed.readableBytes();
    try {
      outbound.acquire(bytes);
    } catch (InterruptedException e) {
      framed.release();
      throw interrupted("sending");
    } catch (RuntimeException e) {
      framed.release();
      if (e == ENDED_OK) return;
      throw e;
    }
    enqueue(framed);
  }

  @Override
  public void complete() {
    if (halfClosed) return;
    halfClosed = true;
    enqueue(HALF_CLOSE);
  }

  @Override
  public Resp completeAndReceive() {
    complete();
    return await(response);
  }

  @Override
  public CompletableFuture<Resp> response() {
    return response;
  }

  @Override
  public Metadata headers() {
    return await(responseHeaders);
  }

  @Override
  public Metadata trailers() {
    return trailers;
  }

  @Override
  public void cancel(String reason) {
    fail(GrpcStatus.of(GrpcStatus.Code.CANCELLED).withDescription(reason == null ? "cancelled by the client" : reason)
        .asException());
  }

  @Override
  public void onNext(Req value) {
    if (halfClosed) throw new IllegalStateException("onCompleted() was already called");
    if (finished.get()) return;
    ByteBuf framed = frame(value);
    try {
      outbound.add(framed.readableBytes());
    } catch (RuntimeException e) { // the call ended meanwhile: the response observer hears why
      framed.release();
      return;
    }
    enqueue(framed);
  }

  @Override
  public void onError(Throwable error) {
    fail(GrpcStatus.of(GrpcStatus.Code.CANCELLED).withDescription("cancelled by the client: " + error)
        .withCause(error).asException());
  }

  @Override
  public void onCompleted() {
    complete();
  }

  @Override
  public boolean isReady() {
    return !finished.get() && outbound.isReady();
  }

  @Override
  public void setOnReadyHandler(Runnable handler) {
    onReady = handler;
  }

  @Override
  public void disableAutoRequest() {
    autoRequest = false;
  }

  @Override
  public void request(int count) {
    if (count > 0) enqueue(count);
  }

  /** Bytes sent and not yet written to the socket (for tests of backpressure). */
  public long queuedOutboundBytes() {
    return outbound.queuedBytes();
  }

  private GrpcStatusException interrupted(String doing) {
    Thread.currentThread().interrupt();
    GrpcStatusException ex = GrpcStatus.of(GrpcStatus.Code.CANCELLED)
        .withDescription("interrupted while " + doing).asException();
    fail(ex);
    return ex;
  }

  /** Waits for {@code f}, cancelling the call when interrupted; throws failures unwrapped. */
  <T> T await(CompletableFuture<T> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      throw interrupted("waiting for the response");
    } catch (ExecutionException e) {
      throw rethrow(e.getCause());
    }
  }

  static Throwable unwrap(Throwable t) {
    while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  static RuntimeException rethrow(Throwable t) {
    Throwable u = unwrap(t);
    if (u instanceof RuntimeException r) throw r;
    if (u instanceof Error e) throw e;
    throw new CompletionException(u);
  }

  /** The HTTP/2 side of the call, created on the connection's event loop. */
  private final class Stream extends GrpcStream {
    Stream(ClientConnectionHandler c) {
      super(c, config.maxInboundMessageSize(), ClientCallImpl.this.outbound);
    }

    @Override
    Runnable readyHandler() {
      return ClientCallImpl.this.onReady; // the call's, not the (unused) one this stream inherits
    }

    @Override
    void onHeaders(Http2Headers headers, boolean endOfStream) {
      headersOnLoop(headers, endOfStream);
    }

    @Override
    void onRstStream(long errorCode) {
      if (finished.get() || outcome != null) return;
      end(Wire.fromRstStream(errorCode).asException(), true);
    }

    @Override
    void onStreamClosed() {
      streamClosedOnLoop();
    }

    @Override
    void onStreamError(Http2Exception.StreamException error) {
      end(statusOf(error).asException(), true); // Netty resets the stream next
    }

    @Override
    public void messageRead(ByteBuf payload, boolean compressed) {
      ClientCallImpl.this.messageRead(payload, compressed);
    }

    @Override
    public void endOfStream() {
      endOfStreamOnLoop();
    }

    @Override
    public void failed(GrpcStatus status) {
      failOnLoop(status.asException());
    }
  }
}
