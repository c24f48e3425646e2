package dev.tern.grpc;

import dev.tern.core.Middleware;
import dev.tern.grpc.internal.ClientCallImpl;
import dev.tern.grpc.internal.ClientRuntime;
import dev.tern.transport.Address;
import dev.tern.transport.TransportFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * A gRPC client over HTTP/2 (cleartext, prior knowledge). Thread-safe; create one per target and
 * share it: all calls to an address are multiplexed on one HTTP/2 connection (a second one opens
 * when the server's concurrent stream limit is reached; a broken one is replaced on the next call).
 *
 * <pre>{@code
 * try (GrpcClient client = GrpcClient.builder().address("127.0.0.1:50051").rpcTimeout(Duration.ofSeconds(1)).build()) {
 *   TestServiceRpc.Client stub = TestServiceRpc.client(client);
 *   SimpleResponse r = stub.unaryCall(request);
 * }
 * }</pre>
 *
 * <p>Unary calls get a {@link dev.tern.core.CallContext} (inheriting the remaining deadline and
 * metainfo when made while handling a server call) and run through the middleware chain; the
 * chain's end sends them to {@link Address#CALL_TARGET} when a middleware (a load balancer) set it,
 * else to the configured addresses in turn. Streaming calls skip the chain and use the configured
 * addresses. The deadline travels as {@code grpc-timeout}; when it passes the call is cancelled
 * (RST_STREAM) and fails with {@link dev.tern.core.RpcTimeoutException}.
 *
 * <p>Errors: {@link GrpcStatusException} for a non-OK status from the server (or a local one, such
 * as CANCELLED after {@link ClientCall#cancel}); {@link dev.tern.core.TransportException} when no
 * connection could be made or it broke mid-call; {@link dev.tern.core.RpcTimeoutException} for
 * deadlines; {@link dev.tern.core.BizStatusException} for a business status in the trailers
 * ({@code biz-status}, as Kitex sends it).
 */
public final class GrpcClient implements AutoCloseable {

  private final ClientRuntime runtime;
  private final GrpcCallOptions options;
  private final boolean owner;

  private GrpcClient(Builder b) {
    TransportFactory transport = b.transport != null ? b.transport : TransportFactory.shared();
    this.runtime = new ClientRuntime(transport, b.addresses, b.middleware, b.rpcTimeout, b.connectTimeout,
        b.maxInboundMessageSize, b.maxHeaderListSize, b.compression, b.keepAliveTime, b.keepAliveTimeout, b.authority);
    this.options = GrpcCallOptions.defaults();
    this.owner = true;
  }

  private GrpcClient(ClientRuntime runtime, GrpcCallOptions options) {
    this.runtime = runtime;
    this.options = options;
    this.owner = false;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * A view of this client whose calls use {@code options} on top of this one's (headers add up, the
   * rest is replaced where set). It shares this client's connections; closing it does nothing.
   */
  public GrpcClient with(GrpcCallOptions options) {
    return new GrpcClient(runtime, ClientRuntime.merge(this.options, Objects.requireNonNull(options, "options")));
  }

  /**
   * A blocking unary call, through the middleware chain.
   *
   * @throws GrpcStatusException when the server answered with a non-OK status
   * @throws dev.tern.core.RpcTimeoutException when the deadline passed
   * @throws dev.tern.core.TransportException when no connection could be made or it broke
   * @throws dev.tern.core.BizStatusException when the server answered with a business status
   */
  public <Req, Resp> Resp unary(MethodDescriptor<Req, Resp> m, Req request) {
    return runtime.unary(require(m, MethodType.UNARY), request, options);
  }

  /** An asynchronous unary call, through the middleware chain; cancelling the future cancels the call. */
  public <Req, Resp> CompletableFuture<Resp> unaryAsync(MethodDescriptor<Req, Resp> m, Req request) {
    return runtime.unaryAsync(require(m, MethodType.UNARY), request, options);
  }

  /** Starts a server-streaming call: read the responses from the returned stream. */
  public <Req, Resp> ResponseStream<Resp> serverStreaming(MethodDescriptor<Req, Resp> m, Req request) {
    return runtime.start(require(m, MethodType.SERVER_STREAMING), ClientCallImpl.Mode.BLOCKING, request, true, null, options);
  }

  /** Starts a client-streaming call: send requests, then {@link ClientStreamingCall#completeAndReceive()}. */
  public <Req, Resp> ClientStreamingCall<Req, Resp> clientStreaming(MethodDescriptor<Req, Resp> m) {
    return runtime.start(require(m, MethodType.CLIENT_STREAMING), ClientCallImpl.Mode.SINGLE, null, false, null, options);
  }

  /** Starts a bidirectional-streaming call. */
  public <Req, Resp> BidiStreamingCall<Req, Resp> bidiStreaming(MethodDescriptor<Req, Resp> m) {
    return runtime.start(require(m, MethodType.BIDI_STREAMING), ClientCallImpl.Mode.BLOCKING, null, false, null, options);
  }

  /**
   * Starts a server-streaming call whose responses go to {@code responses}, on the connection's
   * event loop (the observer must not block).
   */
  public <Req, Resp> void serverStreamingAsync(MethodDescriptor<Req, Resp> m, Req request, StreamObserver<Resp> responses) {
    runtime.start(require(m, MethodType.SERVER_STREAMING), ClientCallImpl.Mode.OBSERVER, request, true,
        Objects.requireNonNull(responses, "responses"), options);
  }

  /**
   * Starts a client-streaming call: send requests to the returned observer (mind its
   * {@link FlowControlledObserver#isReady()}); the response goes to {@code response}.
   */
  public <Req, Resp> FlowControlledObserver<Req> clientStreamingAsync(MethodDescriptor<Req, Resp> m, StreamObserver<Resp> response) {
    return runtime.start(require(m, MethodType.CLIENT_STREAMING), ClientCallImpl.Mode.OBSERVER, null, false,
        Objects.requireNonNull(response, "response"), options);
  }

  /**
   * Starts a bidirectional call: send requests to the returned observer; responses go to
   * {@code responses} on the connection's event loop.
   */
  public <Req, Resp> FlowControlledObserver<Req> bidiStreamingAsync(MethodDescriptor<Req, Resp> m, StreamObserver<Resp> responses) {
    return runtime.start(require(m, MethodType.BIDI_STREAMING), ClientCallImpl.Mode.OBSERVER, null, false,
        Objects.requireNonNull(responses, "responses"), options);
  }

  /**
   * Refuses new calls; connections close (with GOAWAY) once their calls in flight finish. Does
   * nothing on a {@link #with(GrpcCallOptions) view}.
   */
  @Override
  public void close() {
    if (owner) runtime.close();
  }

  private static <Req, Resp> MethodDescriptor<Req, Resp> require(MethodDescriptor<Req, Resp> m, MethodType type) {
    if (Objects.requireNonNull(m, "method").type() != type) {
      throw new IllegalArgumentException(m.fullMethodName() + " is " + m.type() + ", not " + type);
    }
    return m;
  }

  /** Configures a {@link GrpcClient}. */
  public static final class Builder {
    final List<Address> addresses = new ArrayList<>();
    Duration rpcTimeout;
    Duration connectTimeout = Duration.ofSeconds(1);
    final List<Middleware<Object, Object>> middleware = new ArrayList<>();
    int maxInboundMessageSize = 4 * 1024 * 1024;
    int maxHeaderListSize = 8 * 1024;
    String compression = "identity";
    Duration keepAliveTime;
    Duration keepAliveTimeout = Duration.ofSeconds(20);
    String authority;
    TransportFactory transport;

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

    /**
     * The deadline of each call from its start (sent as grpc-timeout); none by default. Zero means
     * none. A call made while handling a server call also keeps within that call's deadline.
     */
    public Builder rpcTimeout(Duration timeout) {
      if (timeout.isNegative()) throw new IllegalArgumentException("negative timeout");
      this.rpcTimeout = timeout.isZero() ? null : timeout;
      return this;
    }

    /** The timeout of opening a connection (default 1 s). */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /** Adds a middleware around every unary call (the first added is the outermost). */
    public Builder middleware(Middleware<Object, Object> middleware) {
      this.middleware.add(Objects.requireNonNull(middleware, "middleware"));
      return this;
    }

    /** The largest response message accepted, after decompression (default 4 MiB). */
    public Builder maxInboundMessageSize(int bytes) {
      if (bytes <= 0) throw new IllegalArgumentException("maxInboundMessageSize must be positive");
      this.maxInboundMessageSize = bytes;
      return this;
    }

    /** The largest response header list accepted (default 8 KiB). */
    public Builder maxHeaderListSize(int bytes) {
      if (bytes <= 0) throw new IllegalArgumentException("maxHeaderListSize must be positive");
      this.maxHeaderListSize = bytes;
      return this;
    }

    /** How request messages are compressed: {@code "identity"} (default) or {@code "gzip"}. */
    public Builder compression(String compression) {
      if (!"gzip".equals(compression) && !"identity".equals(compression)) {
        throw new IllegalArgumentException("unsupported compression (gzip or identity): " + compression);
      }
      this.compression = compression;
      return this;
    }

    /**
     * Pings a connection that was quiet this long while calls are open, to detect dead servers
     * (default: never). Servers refuse pings more frequent than they permit (gRPC's default: every
     * 5 minutes) with GOAWAY; the client then doubles this time.
     */
    public Builder keepAliveTime(Duration time) {
      this.keepAliveTime = positive(time, "keepAliveTime");
      return this;
    }

    /** How long a keepalive ping may go unanswered before the connection is closed (default 20 s). */
    public Builder keepAliveTimeout(Duration timeout) {
      this.keepAliveTimeout = positive(timeout, "keepAliveTimeout");
      return this;
    }

    /** The {@code :authority} of requests (default: the address called, {@code host:port}). */
    public Builder authority(String authority) {
      this.authority = Objects.requireNonNull(authority, "authority");
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
    public GrpcClient build() {
      if (addresses.isEmpty() && middleware.isEmpty()) {
        throw new IllegalStateException("no address: call address(...) or addresses(...), or add a load balancer");
      }
      return new GrpcClient(this);
    }

    private static Duration positive(Duration d, String what) {
      if (d.isNegative() || d.isZero()) throw new IllegalArgumentException(what + " must be positive");
      return d;
    }
  }
}
