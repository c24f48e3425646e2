package dev.tern.rpc;

import dev.tern.core.CallContext;
import dev.tern.core.Metainfo;
import dev.tern.core.Middleware;
import dev.tern.core.RpcTimeoutException;
import dev.tern.core.Service;
import dev.tern.core.TransportException;
import dev.tern.rpc.internal.ClientTransport;
import dev.tern.thrift.ThriftCaller;
import dev.tern.thrift.ThriftLimits;
import dev.tern.thrift.ThriftMethod;
import dev.tern.thrift.ThriftProtocol;
import dev.tern.thrift.transport.Framing;
import dev.tern.transport.Address;
import dev.tern.transport.ConnectionPool;
import dev.tern.transport.Connector;
import dev.tern.transport.PoolOptions;
import dev.tern.transport.TransportFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * A Thrift RPC client (Kitex's client): what generated stubs call through.
 *
 * <pre>{@code
 * try (ThriftClient client = ThriftClient.builder()
 *          .address("127.0.0.1:8888")
 *          .framing(Framing.TTHEADER)
 *          .rpcTimeout(Duration.ofSeconds(1))
 *          .build()) {
 *   Calculator.Iface calc = Calculator.client(client);
 *   long sum = calc.add(1, 2);
 * }
 * }</pre>
 *
 * <p>Each call gets a {@link CallContext} (inheriting persistent metainfo and the remaining
 * deadline when made while handling a server call), runs through the middleware chain, and ends
 * in the transport: pick an address (round robin over the configured ones, unless a middleware set
 * {@link Address#CALL_TARGET}), take a pooled connection (one call per connection at a time, as Kitex's
 * long connections), write the request, wait for the reply. Failures are
 * {@link dev.tern.core.RpcException}s: {@link RpcTimeoutException} when the rpc or connect timeout
 * passes (the connection is then discarded, not reused), {@link TransportException} when the
 * connection fails or closes, {@link dev.tern.core.RemoteException} for the server's application
 * exceptions (and for a reply out of step: BAD_SEQUENCE_ID, WRONG_METHOD_NAME),
 * {@link dev.tern.core.BizStatusException} for a business status in the reply header. Exceptions
 * declared in the IDL come back inside the result struct, where generated stubs throw them.
 *
 * <p>Framing: {@link Framing#FRAMED} by default, which every Thrift server understands; use
 * {@link Framing#TTHEADER} towards Kitex (or Tern) servers to carry the deadline, the caller's
 * name, metainfo and business statuses. Oneway calls complete once the request is written.
 *
 * <p>Thread-safe; create one per target service and share it.
 */
public final class ThriftClient implements ThriftCaller, AutoCloseable {

  private final Service<Object, Object> chain;
  private final ConnectionPool pool;
  private final Duration rpcTimeout;
  private final String callerService;
  private volatile boolean closed;

  private ThriftClient(Builder b) {
    TransportFactory transport = b.transport != null ? b.transport : TransportFactory.shared();
    Connector connector = new Connector(transport,
        ClientTransport.channelInitializer(b.limits, b.framing, b.protocol), b.connectTimeout);
    this.pool = b.shortConnections
        ? ConnectionPool.shortConnections(connector)
        : ConnectionPool.longConnections(connector, b.pool);
    ClientTransport terminal = new ClientTransport(pool, transport.group(), b.addresses, b.framing, b.protocol, b.limits, b.multiplexed);
    this.chain = Middleware.chain(List.copyOf(b.middleware), terminal);
    this.rpcTimeout = b.rpcTimeout;
    this.callerService = b.callerService;
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public <A, R> R call(ThriftMethod<A, R> method, A args) {
    return await(callAsync(method, args));
  }

  @Override
  public <A, R> CompletableFuture<R> callAsync(ThriftMethod<A, R> method, A args) {
    return invoke(method, args, null);
  }

  /** A view of this client whose calls use {@code options} (timeout, metainfo). */
  public ThriftCaller with(CallOptions options) {
    Objects.requireNonNull(options, "options");
    return new ThriftCaller() {
      @Override
      public <A, R> R call(ThriftMethod<A, R> method, A args) {
        return await(callAsync(method, args));
      }

      @Override
      public <A, R> CompletableFuture<R> callAsync(ThriftMethod<A, R> method, A args) {
        return invoke(method, args, options);
      }
    };
  }

  /**
   * Opens a pooled connection to each address ahead of the first call (Kitex's warm-up), so the
   * first calls after a start or a deploy pay no connection set-up. With a load balancer, warm up
   * what it resolved: {@code client.warmUp(resolver.resolve("bank").stream().map(Instance::address).toList())}.
   * Short-connection clients keep nothing, so there it only checks that the addresses answer.
   *
   * @return completes when every address has a connection; exceptionally with the first failure
   *     (the other connections stay pooled)
   */
  public CompletableFuture<Void> warmUp(List<Address> addresses) {
    List<CompletableFuture<Void>> opened = new ArrayList<>();
    for (Address a : addresses) {
      opened.add(pool.acquire(a).thenAccept(pool::release));
    }
    return CompletableFuture.allOf(opened.toArray(CompletableFuture[]::new));
  }

  /** Connections open or being opened now (pooled and in use, all addresses). */
  public int openConnections() {
    return pool.openCount();
  }

  /**
   * Refuses new calls and closes idle connections; calls in flight finish (within their
   * timeouts), then their connections close.
   */
  @Override
  public void close() {
    closed = true;
    pool.close();
  }

  @SuppressWarnings("unchecked")
  private <A, R> CompletableFuture<R> invoke(ThriftMethod<A, R> method, A args, CallOptions options) {
    Objects.requireNonNull(method, "method");
    if (closed) {
      return CompletableFuture.failedFuture(
          new TransportException(TransportException.Kind.SHUTTING_DOWN, "client is closed"));
    }
    CallContext ctx = CallContext.newClientCall(method.serviceName(), method.name()).oneway(method.oneway());
    if (callerService != null) ctx.callerService(callerService);
    Duration timeout = options != null && options.timeout() != null ? options.timeout() : rpcTimeout;
    if (timeout != null) ctx.timeout(timeout);
    Metainfo meta = options == null ? null : options.metainfo();
    if (meta != null) {
      meta.transientValues().forEach(ctx.metainfo()::putTransient);
      meta.persistentValues().forEach(ctx.metainfo()::putPersistent);
    }
    ctx.attr(ClientTransport.METHOD, method);
    if (options != null) copyAttributes(options, ctx);
    CompletableFuture<Object> f;
    try {
      f = chain.call(ctx, args);
      if (f == null) throw new NullPointerException("the middleware chain returned no future");
    } catch (Throwable t) {
      f = CompletableFuture.failedFuture(t);
    }
    if (meta != null) {
      f = f.whenComplete((r, e) -> {
        for (Map.Entry<String, String> b : ctx.metainfo().backwardValues().entrySet()) {
          meta.putBackward(b.getKey(), b.getValue());
        }
      });
    }
    return (CompletableFuture<R>) f;
  }

  @SuppressWarnings("unchecked")
  private static void copyAttributes(CallOptions options, CallContext ctx) {
    for (Map.Entry<dev.tern.core.AttributeKey<?>, Object> e : options.attributes().entrySet()) {
      ctx.attr((dev.tern.core.AttributeKey<Object>) e.getKey(), e.getValue());
    }
  }

  /** Waits for a call and throws its failure as is (unchecked). */
  private static <T> T await(CompletableFuture<T> f) {
    try {
      return f.get();
    } catch (ExecutionException e) {
      throw rethrow(e.getCause());
    } catch (InterruptedException e) {
      f.cancel(false);
      Thread.currentThread().interrupt();
      throw new TransportException(TransportException.Kind.IO, "interrupted while waiting for the reply", e);
    }
  }

  private static RuntimeException rethrow(Throwable t) {
    while (t instanceof CompletionException && t.getCause() != null) t = t.getCause();
    if (t instanceof RuntimeException r) throw r;
    if (t instanceof Error e) throw e;
    throw new CompletionException(t);
  }

  /** Configures a {@link ThriftClient}. */
  public static final class Builder {
    private final List<Address> addresses = new ArrayList<>();
    private Framing framing = Framing.FRAMED;
    private ThriftProtocol protocol = ThriftProtocol.BINARY;
    private Duration rpcTimeout;
    private Duration connectTimeout = Duration.ofSeconds(1);
    private PoolOptions pool = PoolOptions.DEFAULT;
    private boolean shortConnections;
    private boolean multiplexed;
    private final List<Middleware<Object, Object>> middleware = new ArrayList<>();
    private ThriftLimits limits = ThriftLimits.DEFAULT;
    private String callerService;
    private TransportFactory transport;

    private Builder() {}

    /** Calls {@code "host:port"} or {@code "unix:/path"}; replaces addresses set before. */
    public Builder address(String address) {
      return address(Address.parse(address));
    }

    /** Calls this address; replaces addresses set before. */
    public Builder address(Address address) {
      return addresses(List.of(address));
    }

    /** Calls these addresses in turn (round robin); replaces addresses set before. */
    public Builder addresses(List<Address> addresses) {
      if (addresses.isEmpty()) throw new IllegalArgumentException("no addresses");
      this.addresses.clear();
      this.addresses.addAll(addresses);
      return this;
    }

    /** How messages are framed (default {@link Framing#FRAMED}; TTHEADER for Kitex servers). */
    public Builder framing(Framing framing) {
      this.framing = Objects.requireNonNull(framing, "framing");
      return this;
    }

    /**
     * Binary (default) or compact; or {@link ThriftProtocol#KITEX_PROTOBUF} (with Framed or
     * TTHeader framing) to call protobuf methods through {@link KitexProtobuf#method}.
     */
    public Builder protocol(ThriftProtocol protocol) {
      this.protocol = Objects.requireNonNull(protocol, "protocol");
      return this;
    }

    /**
     * The timeout of each call, from the call until its reply (connection included); none by
     * default, as in Kitex. Zero means none. A call made while handling a server call also keeps
     * within that call's deadline.
     */
    public Builder rpcTimeout(Duration timeout) {
      if (timeout.isNegative()) throw new IllegalArgumentException("negative timeout");
      this.rpcTimeout = timeout.isZero() ? null : timeout;
      return this;
    }

    /**
     * The timeout of opening a connection (default 1 s; Kitex's 50 ms is tight for a JVM's
     * first connections), also the longest wait for a pooled connection at
     * {@link PoolOptions#maxConnections()}.
     */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /** Long connections with these pool settings (the default, with {@link PoolOptions#DEFAULT}). */
    public Builder pool(PoolOptions options) {
      this.pool = Objects.requireNonNull(options, "options");
      this.shortConnections = false;
      return this;
    }

    /**
     * Names methods {@code "Service:method"} as Apache's {@code TMultiplexedProtocol} does, for
     * Apache servers that host several services behind a {@code TMultiplexedProcessor}. Tern
     * servers accept both forms.
     */
    public Builder multiplexed() {
      this.multiplexed = true;
      return this;
    }

    /** A new connection per call, closed after it. */
    public Builder shortConnections() {
      this.shortConnections = true;
      return this;
    }

    /**
     * Adds a middleware around every call, after those added before (the first added is the
     * outermost). Requests are the generated args structs, responses the result structs; the
     * call's {@link CallContext} names the service and method.
     */
    public Builder middleware(Middleware<Object, Object> middleware) {
      this.middleware.add(Objects.requireNonNull(middleware, "middleware"));
      return this;
    }

    /** Bounds on what servers may send back (default {@link ThriftLimits#DEFAULT}). */
    public Builder limits(ThriftLimits limits) {
      this.limits = Objects.requireNonNull(limits, "limits");
      return this;
    }

    /** This client's own service name, sent as the TTHeader FROM_SERVICE. */
    public Builder callerService(String name) {
      this.callerService = name;
      return this;
    }

    /** The I/O engine and event loops (default {@link TransportFactory#shared()}). */
    public Builder transport(TransportFactory transport) {
      this.transport = Objects.requireNonNull(transport, "transport");
      return this;
    }

    /**
     * Builds the client. Addresses may be left out when a middleware (a load balancer) sets
     * {@link Address#CALL_TARGET} on every call.
     *
     * @throws IllegalStateException with neither an address nor any middleware
     */
    public ThriftClient build() {
      if (addresses.isEmpty() && middleware.isEmpty()) {
        throw new IllegalStateException("no address: call address(...) or addresses(...), or add a load balancer");
      }
      if (protocol == ThriftProtocol.KITEX_PROTOBUF && framing != Framing.FRAMED && framing != Framing.TTHEADER) {
        throw new IllegalStateException("Kitex Protobuf needs Framed or TTHeader framing, not " + framing);
      }
      return new ThriftClient(this);
    }
  }
}
