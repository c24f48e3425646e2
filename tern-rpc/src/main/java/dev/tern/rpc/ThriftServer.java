package dev.tern.rpc;

import dev.tern.core.Middleware;
import dev.tern.grpc.GrpcServiceDefinition;
import dev.tern.grpc.internal.GrpcServerCore;
import dev.tern.grpc.internal.ServerOptions;
import dev.tern.core.ServerLifecycleListener;
import dev.tern.rpc.internal.ServerRuntime;
import dev.tern.rpc.internal.ServiceRegistry;
import dev.tern.thrift.ThriftLimits;
import dev.tern.thrift.ThriftServiceDefinition;
import dev.tern.transport.Address;
import dev.tern.transport.TransportFactory;
import dev.tern.transport.TransportServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Thrift RPC server (Kitex's server): one or more services on a TCP port or a Unix socket.
 *
 * <pre>{@code
 * try (ThriftServer server = ThriftServer.builder()
 *          .port(8888)
 *          .addService(Calculator.service(new CalculatorHandler()))
 *          .build()
 *          .start()) {
 *   ...
 * }
 * }</pre>
 *
 * <p>Each connection is answered in the framing and protocol the client speaks, detected from its
 * first bytes: Buffered, Framed, TTHeader or THeader, binary or compact. Requests are decoded on
 * the event loop; blocking handlers then run on a virtual thread per call (or the
 * {@linkplain Builder#handlerExecutor executor} given) with the call's
 * {@link dev.tern.core.CallContext} current, async handlers on the event loop. From the request's
 * TTHeader the context gets the caller's service name, the deadline (the caller's remaining
 * timeout) and metainfo; a handler whose deadline passed before it could run is not run and the
 * caller gets an INTERNAL_ERROR application exception.
 *
 * <p>Errors: an unknown method gets UNKNOWN_METHOD; an exception the IDL does not declare gets
 * INTERNAL_ERROR with the exception's class and message (and a WARN log here); a
 * {@link dev.tern.core.BizStatusException} becomes a normal reply whose header carries the status
 * (TTHeader/THeader; other framings cannot carry it and get INTERNAL_ERROR); a
 * {@link dev.tern.core.RemoteException} thrown by a handler or middleware is sent with its own
 * type. Malformed input closes that connection only, after a PROTOCOL_ERROR reply where the
 * framing allows one.
 *
 * <p>{@link #close()} is graceful: it stops accepting, answers requests arriving on open
 * connections with "server is shutting down", waits up to the grace period for calls in flight,
 * then closes the connections.
 */
public final class ThriftServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ThriftServer.class);

  private final Address requestedAddress;
  private final TransportFactory transport;
  private final ServerRuntime runtime;
  private final GrpcServerCore grpc; // null when no protobuf service was added
  private final Duration gracePeriod;
  private final int maxConnections;
  private final List<ServerLifecycleListener> lifecycleListeners;
  private final Object lock = new Object();
  private TransportServer bound;
  private boolean closed;

  private ThriftServer(Builder b) {
    this.requestedAddress = b.address;
    this.transport = b.transport != null ? b.transport : TransportFactory.shared();
    this.gracePeriod = b.gracePeriod;
    this.maxConnections = b.maxConnections;
    this.lifecycleListeners = List.copyOf(b.lifecycleListeners);
    Executor executor = b.executor != null ? b.executor : virtualThreadPerCall();
    if (b.services.isEmpty() && b.grpcServices.isEmpty()) {
      throw new IllegalArgumentException("a server needs at least one service");
    }
    List<ThriftServiceDefinition> kitexProtobuf = b.grpcServices.stream()
        .filter(KitexProtobuf::hasUnaryMethods).map(KitexProtobuf::service).toList();
    this.runtime = new ServerRuntime(new ServiceRegistry(b.services), new ServiceRegistry(kitexProtobuf),
        List.copyOf(b.middleware), executor, b.limits);
    if (b.idleTimeout != null) runtime.idleTimeout(b.idleTimeout);
    this.grpc = b.grpcServices.isEmpty() ? null
        : new GrpcServerCore(List.copyOf(b.grpcServices), List.copyOf(b.middleware), executor, ServerOptions.DEFAULT);
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Binds the address and starts serving.
   *
   * @return this server
   * @throws dev.tern.core.TransportException if the address cannot be bound
   * @throws IllegalStateException if already started or closed, or if a
   *     {@linkplain Builder#lifecycleListener lifecycle listener} failed (the server is closed then)
   */
  public ThriftServer start() {
    synchronized (lock) {
      if (closed) throw new IllegalStateException("server is closed");
      if (bound != null) throw new IllegalStateException("server already started");
      bound = TransportServer.bind(transport, requestedAddress, runtime.childInitializer(grpc), maxConnections);
      log.info("Thrift server listening on {} ({})", bound.localAddress(), transport.kind().id());
      int told = 0;
      try {
        for (ServerLifecycleListener l : lifecycleListeners) {
          l.onStarted(bound.localAddress().toSocketAddress());
          told++;
        }
      } catch (Exception e) {
        stopping(lifecycleListeners.subList(0, told));
        bound.close();
        closed = true;
        throw new IllegalStateException("a lifecycle listener failed on start: " + e.getMessage(), e);
      }
      return this;
    }
  }

  /** The bound address (with the actual port when port 0 was asked for). */
  public Address address() {
    return started().localAddress();
  }

  /** The bound TCP port; -1 for a Unix domain socket. */
  public int port() {
    return started().port();
  }

  /** Whether a graceful close is draining calls (tests wait on it; a TCP probe can meet another process's server). */
  boolean isDraining() {
    return runtime.isClosing();
  }

  /** Connections open now (Thrift and gRPC). */
  public int connectionCount() {
    return started().connectionCount();
  }

  /** Calls received and not yet answered (Thrift and Kitex Protobuf calls, and gRPC calls). */
  public int inFlight() {
    return runtime.inFlight() + (grpc == null ? 0 : grpc.activeCalls());
  }

  /**
   * Shuts down gracefully: stops accepting, waits up to the grace period for calls in flight
   * (new requests on open connections are refused meanwhile), then closes all connections.
   * Idempotent.
   */
  @Override
  public void close() {
    TransportServer server;
    synchronized (lock) {
      if (closed) return;
      closed = true;
      server = bound;
    }
    if (server == null) return;
    stopping(lifecycleListeners); // registries withdraw the server before it drains
    server.stopAccepting().join();
    // gRPC connections get GOAWAY now and close as their streams end, while Thrift drains
    java.util.concurrent.CompletableFuture<Void> grpcDone =
        grpc == null ? java.util.concurrent.CompletableFuture.completedFuture(null) : grpc.shutdown(gracePeriod);
    if (!runtime.drain(gracePeriod)) {
      log.warn("{} call(s) still running after the {} ms grace period; closing their connections",
          runtime.inFlight(), gracePeriod.toMillis());
    }
    if (grpc != null) {
      try {
        grpcDone.get(gracePeriod.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS);
      } catch (Exception timedOutOrInterrupted) {
        log.warn("{} gRPC call(s) still running after the grace period; closing their connections", grpc.activeCalls());
      }
      grpc.closeAll();
    }
    server.closeConnections().join();
    log.info("Thrift server on {} closed", server.localAddress());
  }

  private static void stopping(List<ServerLifecycleListener> listeners) {
    for (ServerLifecycleListener l : listeners) {
      try {
        l.onStopping();
      } catch (Exception e) {
        log.warn("lifecycle listener failed on stop", e);
      }
    }
  }

  private TransportServer started() {
    synchronized (lock) {
      if (bound == null) throw new IllegalStateException("server not started");
      return bound;
    }
  }

  private static Executor virtualThreadPerCall() {
    ThreadFactory factory = Thread.ofVirtual().name("tern-handler").factory();
    return task -> factory.newThread(task).start();
  }

  /** Configures a {@link ThriftServer}. */
  public static final class Builder {
    private Address address = Address.tcp("0.0.0.0", 8888);
    private final List<ThriftServiceDefinition> services = new ArrayList<>();
    private final List<GrpcServiceDefinition> grpcServices = new ArrayList<>();
    private final List<Middleware<Object, Object>> middleware = new ArrayList<>();
    private ThriftLimits limits = ThriftLimits.DEFAULT;
    private Executor executor;
    private Duration gracePeriod = Duration.ofSeconds(5);
    private int maxConnections = Integer.MAX_VALUE;
    private Duration idleTimeout;
    private TransportFactory transport;
    private final List<ServerLifecycleListener> lifecycleListeners = new ArrayList<>();

    private Builder() {}

    /** Listens on this TCP port on all interfaces (default 8888; 0 picks a free port). */
    public Builder port(int port) {
      this.address = Address.tcp("0.0.0.0", port);
      return this;
    }

    /** Listens on a TCP address or a Unix domain socket. */
    public Builder address(Address address) {
      this.address = Objects.requireNonNull(address, "address");
      return this;
    }

    /** Listens on {@code "host:port"} or {@code "unix:/path"}. */
    public Builder address(String address) {
      return address(Address.parse(address));
    }

    /** Adds a service; several services share the server (service names must differ). */
    public Builder addService(ThriftServiceDefinition service) {
      services.add(Objects.requireNonNull(service, "service"));
      return this;
    }

    /**
     * Adds a protobuf service (generated {@code XxxRpc.service(handler)}), served on this server's
     * port both as gRPC (connections that open with the HTTP/2 preface; every method kind) and as
     * Kitex Protobuf (Framed or TTHeader; unary methods), as a Kitex server with a {@code .proto}
     * IDL does. See {@link KitexProtobuf}.
     */
    public Builder addService(GrpcServiceDefinition service) {
      grpcServices.add(Objects.requireNonNull(service, "service"));
      return this;
    }

    /**
     * Adds a middleware around every call, after those added before (the first added is the
     * outermost). Requests are the generated args structs, responses the result structs.
     */
    public Builder middleware(Middleware<Object, Object> middleware) {
      this.middleware.add(Objects.requireNonNull(middleware, "middleware"));
      return this;
    }

    /** Bounds on what clients may send (default {@link ThriftLimits#DEFAULT}). */
    public Builder limits(ThriftLimits limits) {
      this.limits = Objects.requireNonNull(limits, "limits");
      return this;
    }

    /**
     * Runs blocking handlers (with the middleware chain) on this executor instead of a new
     * virtual thread per call. A rejected call is answered with INTERNAL_ERROR.
     */
    public Builder handlerExecutor(Executor executor) {
      this.executor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /** How long {@link ThriftServer#close()} waits for calls in flight (default 5 s, as Kitex). */
    public Builder gracePeriod(Duration gracePeriod) {
      if (gracePeriod.isNegative()) throw new IllegalArgumentException("negative grace period");
      this.gracePeriod = gracePeriod;
      return this;
    }

    /**
     * Serves at most this many connections at a time (default: no limit); a connection accepted
     * past the limit is closed at once, and the clients' pools try again or fail over.
     */
    public Builder maxConnections(int maxConnections) {
      if (maxConnections <= 0) throw new IllegalArgumentException("maxConnections must be positive");
      this.maxConnections = maxConnections;
      return this;
    }

    /**
     * Closes a Thrift connection that sends nothing for this long while none of its calls is in
     * flight (Kitex's server idle timeout; default: never), so clients that vanish without a FIN
     * or hold connections they no longer use do not pin the server's resources. Clients' pools
     * notice the close and reconnect.
     */
    public Builder idleTimeout(Duration timeout) {
      if (timeout.isNegative()) throw new IllegalArgumentException("negative idle timeout");
      this.idleTimeout = timeout.isZero() ? null : timeout;
      return this;
    }

    /** The I/O engine and event loops (default {@link TransportFactory#shared()}). */
    public Builder transport(TransportFactory transport) {
      this.transport = Objects.requireNonNull(transport, "transport");
      return this;
    }

    /**
     * Adds a listener told when the server has bound and when it starts to shut down, e.g. a
     * service registry's registration; listeners run in the order added.
     */
    public Builder lifecycleListener(ServerLifecycleListener listener) {
      lifecycleListeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /**
     * @throws IllegalArgumentException without services, or with two of the same name
     */
    public ThriftServer build() {
      return new ThriftServer(this);
    }
  }
}
