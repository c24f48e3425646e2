package dev.tern.grpc.internal;

import dev.tern.core.AttributeKey;
import dev.tern.core.CallContext;
import dev.tern.core.Middleware;
import dev.tern.core.Service;
import dev.tern.grpc.GrpcCallOptions;
import dev.tern.grpc.GrpcStatus;
import dev.tern.grpc.GrpcStatusException;
import dev.tern.grpc.Metadata;
import dev.tern.grpc.MethodDescriptor;
import dev.tern.grpc.StreamObserver;
import dev.tern.transport.Address;
import dev.tern.transport.TransportFactory;
import io.netty.buffer.ByteBuf;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What a {@link dev.tern.grpc.GrpcClient} and its {@code with(...)} views share: connections, the
 * unary middleware chain and its terminal (which honours {@link Address#CALL_TARGET}), defaults.
 */
public final class ClientRuntime implements AutoCloseable {

  /** The method a unary call is for, read by the chain's terminal. */
  public static final AttributeKey<MethodDescriptor<?, ?>> METHOD = AttributeKey.of("tern.grpc.method");
  private static final AttributeKey<GrpcCallOptions> OPTIONS = AttributeKey.of("tern.grpc.callOptions");
  private static final AttributeKey<AtomicReference<ClientCallImpl<?, ?>>> ACTIVE_CALL =
      AttributeKey.of("tern.grpc.activeCall");

  private final ClientConnections connections;
  private final List<Address> addresses;
  private final AtomicInteger next = new AtomicInteger();
  private final Service<Object, Object> chain;
  private final Duration rpcTimeout;
  private final boolean gzip;
  private final int maxInboundMessageSize;
  private final String authority;

  /**
   * @param rpcTimeout default deadline of each call, or null
   * @param keepAliveTime null for no keepalive pings
   * @param authority the :authority of every request, or null for the address called
   */
  public ClientRuntime(TransportFactory transport, List<Address> addresses, List<Middleware<Object, Object>> middleware,
      Duration rpcTimeout, Duration connectTimeout, int maxInboundMessageSize, int maxHeaderListSize,
      String compression, Duration keepAliveTime, Duration keepAliveTimeout, String authority) {
    this.connections = new ClientConnections(transport, connectTimeout, maxHeaderListSize,
        keepAliveTime == null ? 0 : keepAliveTime.toNanos(), keepAliveTimeout.toNanos());
    this.addresses = List.copyOf(addresses);
    this.chain = Middleware.chain(List.copyOf(middleware), this::transportCall);
    this.rpcTimeout = rpcTimeout;
    this.gzip = "gzip".equals(compression);
    this.maxInboundMessageSize = maxInboundMessageSize;
    this.authority = authority;
  }

  /** {@code base} with what {@code more} sets: its timeout, compression and capture win; headers add up. */
  public static GrpcCallOptions merge(GrpcCallOptions base, GrpcCallOptions more) {
    Metadata headers = base.headers();
    if (more.headers() != null) headers = headers == null ? more.headers().copy() : headers.copy().merge(more.headers());
    return new GrpcCallOptions(more.timeout() != null ? more.timeout() : base.timeout(), headers,
        more.compression() != null ? more.compression() : base.compression(),
        more.capture() != null ? more.capture() : base.capture());
  }

  public <Req, Resp> Resp unary(MethodDescriptor<Req, Resp> m, Req request, GrpcCallOptions options) {
    AtomicReference<ClientCallImpl<?, ?>> active = new AtomicReference<>();
    CompletableFuture<Resp> f = unaryAsync(m, request, options, active);
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      ClientCallImpl<?, ?> call = active.get();
      if (call != null) call.cancel("interrupted while waiting for the response");
      throw GrpcStatus.of(GrpcStatus.Code.CANCELLED).withDescription("interrupted while waiting for the response")
          .asException();
    } catch (ExecutionException e) {
      throw ClientCallImpl.rethrow(e.getCause());
    }
  }

  public <Req, Resp> CompletableFuture<Resp> unaryAsync(MethodDescriptor<Req, Resp> m, Req request,
      GrpcCallOptions options) {
    return unaryAsync(m, request, options, new AtomicReference<>());
  }

  @SuppressWarnings("unchecked")
  private <Req, Resp> CompletableFuture<Resp> unaryAsync(MethodDescriptor<Req, Resp> m, Req request,
      GrpcCallOptions options, AtomicReference<ClientCallImpl<?, ?>> active) {
    CallContext ctx = newContext(m, options);
    ctx.attr(METHOD, m);
    ctx.attr(OPTIONS, options);
    ctx.attr(ACTIVE_CALL, active);
    CompletableFuture<Object> f;
    try {
      f = chain.call(ctx, request);
      if (f == null) throw new NullPointerException("the middleware chain returned no future");
    } catch (Throwable t) {
      f = CompletableFuture.failedFuture(t);
    }
    CompletableFuture<Object> result = f;
    result.whenComplete((r, e) -> { // the caller cancelled the future: cancel the call on the wire too
      if (e instanceof java.util.concurrent.CancellationException) {
        ClientCallImpl<?, ?> call = active.get();
        if (call != null) call.cancel("the response future was cancelled");
      }
    });
    return (CompletableFuture<Resp>) result;
  }

  /**
   * Starts a streaming call to the next configured address.
   *
   * @param first a request sent right after the headers, or null
   * @throws IllegalStateException when the client has no configured address (streaming calls do not
   *     run the unary middleware chain, so no load balancer picks one)
   */
  public <Req, Resp> ClientCallImpl<Req, Resp> start(MethodDescriptor<Req, Resp> m, ClientCallImpl.Mode mode, Req first,
      boolean halfClose, StreamObserver<Resp> observer, GrpcCallOptions options) {
    if (addresses.isEmpty()) {
      throw new IllegalStateException("streaming calls need a configured address: " + m.fullMethodName());
    }
    Address address = nextAddress();
    CallContext ctx = newContext(m, options);
    ClientCallImpl<Req, Resp> call = new ClientCallImpl<>(connections, m, ctx, mode, address, config(options, address),
        observer);
    ByteBuf framed = first == null ? null : call.frame(first);
    call.start(framed, halfClose);
    return call;
  }

  @Override
  public void close() {
    connections.close();
  }

  /** The connection pool (tests look at it). */
  public ClientConnections connections() {
    return connections;
  }

  private CallContext newContext(MethodDescriptor<?, ?> m, GrpcCallOptions options) {
    CallContext ctx = CallContext.newClientCall(m.service(), m.method());
    Duration timeout = options.timeout() != null ? options.timeout() : rpcTimeout;
    if (timeout != null) ctx.timeout(timeout);
    return ctx;
  }

  private Address nextAddress() {
    return addresses.get(Math.floorMod(next.getAndIncrement(), addresses.size()));
  }

  private ClientCallImpl.Config config(GrpcCallOptions o, Address address) {
    boolean z = o.compression() != null ? "gzip".equals(o.compression()) : gzip;
    String a = authority != null ? authority
        : address instanceof Address.Tcp t ? (t.host().indexOf(':') >= 0 ? "[" + t.host() + "]" : t.host()) + ":" + t.port()
        : "localhost";
    return new ClientCallImpl.Config(o.headers(), z, o.capture(), maxInboundMessageSize, a);
  }

  /** The end of the unary chain: one HTTP/2 stream to the chosen address. */
  @SuppressWarnings("unchecked")
  private CompletableFuture<Object> transportCall(CallContext ctx, Object request) {
    MethodDescriptor<Object, Object> m = (MethodDescriptor<Object, Object>) ctx.attr(METHOD);
    if (m == null) return CompletableFuture.failedFuture(new IllegalStateException("no gRPC method in the call context"));
    Address address = ctx.attr(Address.CALL_TARGET);
    if (address == null) {
      if (addresses.isEmpty()) {
        return CompletableFuture.failedFuture(new IllegalStateException("no address for " + m.fullMethodName()
            + ": the client has none configured and no middleware set Address.CALL_TARGET"));
      }
      address = nextAddress();
    }
    GrpcCallOptions options = ctx.attr(OPTIONS);
    if (options == null) options = GrpcCallOptions.defaults();
    ClientCallImpl<Object, Object> call = new ClientCallImpl<>(connections, m, ctx, ClientCallImpl.Mode.SINGLE, address,
        config(options, address), null);
    ByteBuf framed;
    try {
      framed = call.frame(request);
    } catch (GrpcStatusException e) {
      return CompletableFuture.failedFuture(e);
    }
    AtomicReference<ClientCallImpl<?, ?>> active = ctx.attr(ACTIVE_CALL);
    if (active != null) active.set(call);
    call.start(framed, true);
    return call.responseFuture();
  }
}
