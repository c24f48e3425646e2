package dev.tern.grpc;

import dev.tern.core.Middleware;
import dev.tern.core.ServerLifecycleListener;
import dev.tern.grpc.internal.GrpcServerCore;
import dev.tern.grpc.internal.ServerOptions;
import dev.tern.transport.Address;
import dev.tern.transport.TransportFactory;
import dev.tern.transport.TransportServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A gRPC server: one or more services over HTTP/2 (cleartext, prior knowledge) on a TCP port or a
 * Unix socket.
 *
 * <pre>{@code
 * try (GrpcServer server = GrpcServer.builder()
 *          .port(50051)
 *          .addService(TestServiceRpc.service(new MyTestService()))
 *          .build()
 *          .start()) {
 *   ...
 * }
 * }</pre>
 *
 * <p>Request handling: headers are validated on the event loop (POST, {@code application/grpc},
 * known service and method, supported {@code grpc-encoding}, {@code grpc-timeout}); blocking
 * handlers then run on a virtual thread per call (or the {@linkplain Builder#handlerExecutor
 * executor} given), async ones on the event loop, with the call's {@link dev.tern.core.CallContext}
 * current: service, method, deadline, addresses, and the metadata in {@link GrpcContext}. Unary calls
 * run through the {@linkplain Builder#middleware middleware} chain.
 *
 * <p>Statuses: an unknown service or method gets UNIMPLEMENTED; a handler's
 * {@link GrpcStatusException} is sent with its trailers; a {@link dev.tern.core.BizStatusException}
 * becomes INTERNAL with {@code biz-status}/{@code biz-extra} trailers (as Kitex); any other exception
 * UNKNOWN with its class and message (logged here, no stack trace sent). When the deadline passes
 * the client gets DEADLINE_EXCEEDED and the handler's reader and writer fail; a deadline already
 * passed on arrival is refused without running the handler. A request message above
 * {@link Builder#maxInboundMessageSize} gets RESOURCE_EXHAUSTED, headers above
 * {@link Builder#maxHeaderListSize} too; malformed HTTP/2 gets GOAWAY on that connection only.
 */
public final class GrpcServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(GrpcServer.class);

  private final Address requestedAddress;
  private final TransportFactory transport;
  private final GrpcServerCore core;
  private final Duration gracePeriod;
  private final List<ServerLifecycleListener> lifecycleListeners;
  private final Object lock = new Object();
  private TransportServer bound;
  private boolean closed;

  private GrpcServer(Builder b) {
    this.requestedAddress = b.address;
    this.transport = b.transport != null ? b.transport : TransportFactory.shared();
    this.gracePeriod = b.gracePeriod;
    this.lifecycleListeners = List.copyOf(b.lifecycleListeners);
    Executor executor = b.executor != null ? b.executor : virtualThreadPerCall();
    ServerOptions options = new ServerOptions(b.maxInboundMessageSize, b.maxHeaderListSize,
        b.keepAliveTime == null ? 0 : b.keepAliveTime.toNanos(), b.keepAliveTimeout.toNanos(),
        b.permitKeepAliveTime.toNanos(), b.maxConcurrentStreams);
    this.core = new GrpcServerCore(List.copyOf(b.services), List.copyOf(b.middleware), executor, options);
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Binds the address and starts serving.
   *
   * @return this server
   * @throws dev.tern.core.TransportException if the address cannot be bound
   * @throws IllegalStateException if already started or closed, or if a lifecycle listener failed
   *     (the server is closed then)
   */
  public GrpcServer start() {
    synchronized (lock) {
      if (closed) throw new IllegalStateException("server is closed");
      if (bound != null) throw new IllegalStateException("server already started");
      bound = TransportServer.bind(transport, requestedAddress, core.childInitializer());
      log.info("gRPC server listening on {} ({})", bound.localAddress(), transport.kind().id());
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

  /** Calls received and not yet finished. */
  public int inFlight() {
    return core.activeCalls();
  }

  /**
   * Shuts down gracefully: stops accepting, sends GOAWAY on every connection (twice, around a ping,
   * so that streams already on their way are still served, as gRPC does), lets streams in flight
   * finish within the grace period, then closes every connection. Idempotent.
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
    try {
      // each connection enforces the grace period itself; the margin covers its last writes
      core.shutdown(gracePeriod).get(gracePeriod.toMillis() + 1000, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      log.warn("{} call(s) still running after the {} ms grace period; closing their connections",
          core.activeCalls(), gracePeriod.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException e) {
      log.warn("graceful shutdown failed", e.getCause());
    }
    core.closeAll();
    server.closeConnections().join();
    log.info("gRPC server on {} closed", server.localAddress());
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
    ThreadFactory factory = Thread.ofVirtual().name("tern-grpc-handler").factory();
    return task -> factory.newThread(task).start();
  }

  /** Configures a {@link GrpcServer}. */
  public static final class Builder {
    Address address = Address.tcp("0.0.0.0", 50051);
    final List<GrpcServiceDefinition> services = new ArrayList<>();
    final List<Middleware<Object, Object>> middleware = new ArrayList<>();
    int maxInboundMessageSize = 4 * 1024 * 1024;
    int maxHeaderListSize = 8 * 1024;
    Duration keepAliveTime;
    Duration keepAliveTimeout = Duration.ofSeconds(20);
    Duration permitKeepAliveTime = Duration.ofMinutes(5);
    int maxConcurrentStreams = Integer.MAX_VALUE;
    Duration gracePeriod = Duration.ofSeconds(5);
    Executor executor;
    TransportFactory transport;
    final List<ServerLifecycleListener> lifecycleListeners = new ArrayList<>();

    private Builder() {}

    /** Listens on this TCP port on all interfaces (default 50051; 0 picks a free port). */
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

    /** Adds a service; service names must differ. */
    public Builder addService(GrpcServiceDefinition service) {
      services.add(Objects.requireNonNull(service, "service"));
      return this;
    }

    /**
     * Adds a middleware around every unary call (the first added is the outermost). Requests and
     * responses are the messages; the {@link dev.tern.core.CallContext} names service and method.
     */
    public Builder middleware(Middleware<Object, Object> middleware) {
      this.middleware.add(Objects.requireNonNull(middleware, "middleware"));
      return this;
    }

    /** The largest request message accepted, after decompression (default 4 MiB); larger ones get RESOURCE_EXHAUSTED. */
    public Builder maxInboundMessageSize(int bytes) {
      if (bytes <= 0) throw new IllegalArgumentException("maxInboundMessageSize must be positive");
      this.maxInboundMessageSize = bytes;
      return this;
    }

    /** The largest header list accepted (HTTP/2 SETTINGS_MAX_HEADER_LIST_SIZE, default 8 KiB). */
    public Builder maxHeaderListSize(int bytes) {
      if (bytes <= 0) throw new IllegalArgumentException("maxHeaderListSize must be positive");
      this.maxHeaderListSize = bytes;
      return this;
    }

    /** Pings a connection that was quiet this long, to detect dead peers (default: never). */
    public Builder keepAliveTime(Duration time) {
      this.keepAliveTime = positive(time, "keepAliveTime");
      return this;
    }

    /** How long a keepalive ping may go unanswered before the connection is closed (default 20 s). */
    public Builder keepAliveTimeout(Duration timeout) {
      this.keepAliveTimeout = positive(timeout, "keepAliveTimeout");
      return this;
    }

    /**
     * The shortest interval at which clients may ping (default 5 minutes, as gRPC); a client that
     * pings more often, repeatedly, is sent GOAWAY ENHANCE_YOUR_CALM "too_many_pings".
     */
    public Builder permitKeepAliveTime(Duration time) {
      if (time.isNegative()) throw new IllegalArgumentException("negative permitKeepAliveTime");
      this.permitKeepAliveTime = time;
      return this;
    }

    /** The most streams a client may have open on one connection (SETTINGS_MAX_CONCURRENT_STREAMS; default unlimited). */
    public Builder maxConcurrentStreams(int streams) {
      if (streams <= 0) throw new IllegalArgumentException("maxConcurrentStreams must be positive");
      this.maxConcurrentStreams = streams;
      return this;
    }

    /** How long {@link GrpcServer#close()} lets streams in flight finish (default 5 s). */
    public Builder gracePeriod(Duration gracePeriod) {
      if (gracePeriod.isNegative()) throw new IllegalArgumentException("negative grace period");
      this.gracePeriod = gracePeriod;
      return this;
    }

    /**
     * Runs blocking handlers on this executor instead of a new virtual thread per call. It must run
     * tasks on threads of its own (never inline on the caller, an event loop): streaming handlers
     * block. A rejected call is answered RESOURCE_EXHAUSTED ("overloaded: ...", retryable).
     */
    public Builder handlerExecutor(Executor executor) {
      this.executor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /** The I/O engine and event loops (default {@link TransportFactory#shared()}). */
    public Builder transport(TransportFactory transport) {
      this.transport = Objects.requireNonNull(transport, "transport");
      return this;
    }

    /** Adds a listener told when the server has bound and when it starts to shut down. */
    public Builder lifecycleListener(ServerLifecycleListener listener) {
      lifecycleListeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /**
     * Builds the server; {@link GrpcServer#start()} binds it.
     *
     * @throws IllegalArgumentException with two services of the same name
     */
    public GrpcServer build() {
      return new GrpcServer(this);
    }

    private static Duration positive(Duration d, String what) {
      if (d.isNegative() || d.isZero()) throw new IllegalArgumentException(what + " must be positive");
      return d;
    }
  }
}
