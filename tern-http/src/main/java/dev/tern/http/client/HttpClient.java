package dev.tern.http.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.tern.core.CallContext;
import dev.tern.governance.discovery.Instance;
import dev.tern.governance.discovery.Resolver;
import dev.tern.governance.loadbalance.LoadBalancer;
import dev.tern.http.Tls;
import dev.tern.http.internal.ClientTransport;
import dev.tern.transport.Address;
import dev.tern.transport.PoolOptions;
import dev.tern.transport.TransportFactory;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * An HTTP/1.1 and HTTP/2 client (the counterpart of Hertz's client) on Tern's transport engines.
 * Thread-safe; build one and share it. Calls block, which is cheap on virtual threads;
 * {@link #sendAsync} runs one on a virtual thread.
 *
 * <pre>{@code
 * HttpClient client = HttpClient.builder()
 *     .baseUri("http://localhost:8080")
 *     .requestTimeout(Duration.ofSeconds(2))
 *     .retry(RetryPolicy.attempts(3))
 *     .use(next -> req -> next.send(req.withHeader("X-Caller", "billing")))
 *     .build();
 * User u = client.get("/users/7").send().json(User.class);
 * try (ClientResponse r = client.get("/export").stream()) {   // a body of any size
 *   r.bodyStream().transferTo(out);
 * }
 * }</pre>
 *
 * <p><b>Connections.</b> HTTP/1.1 connections are pooled per origin ({@link PoolOptions}: idle
 * connections kept, idle timeout, a cap on open ones). With {@link Protocol#HTTP_2}, an
 * {@code https} origin is asked for {@code h2} by ALPN (falling back to pooled HTTP/1.1 if it
 * declines) and a clear-text one is spoken to in HTTP/2 directly (prior knowledge); all requests
 * to the origin then share one connection as concurrent streams.
 *
 * <p><b>Timeouts.</b> Connect timeout: opening a connection. Request timeout: from sending a
 * request until its response head arrives (per attempt; a request may set its own). Read timeout:
 * the longest wait for the next bytes of a response body.
 *
 * <p><b>Order of processing.</b> Middleware (outermost first), then retries, then, with
 * {@linkplain Builder#discovery discovery}, the choice of an instance per attempt, then the
 * connection.
 */
public final class HttpClient implements AutoCloseable {

  static final ObjectMapper DEFAULT_MAPPER = JsonMapper.builder().findAndAddModules().build();

  /** The protocol the client speaks. */
  public enum Protocol {
    /** HTTP/1.1 only. */
    HTTP_1_1,
    /** HTTP/2: by ALPN over TLS (HTTP/1.1 if the server declines), by prior knowledge in clear text. */
    HTTP_2
  }

  private final URI baseUri;
  private final ClientTransport transport;
  private final ClientHandler chain;
  private final RetryPolicy retry;
  private final Duration requestTimeout;
  private final ObjectMapper mapper;
  private final Resolver resolver;
  private final LoadBalancer balancer;
  private final ConcurrentHashMap<String, Service> services = new ConcurrentHashMap<>();
  private final ExecutorService async = Executors.newVirtualThreadPerTaskExecutor();

  private HttpClient(Builder b) {
    this.baseUri = b.baseUri;
    this.transport = new ClientTransport(new ClientTransport.Settings(b.transport, b.connectTimeout, b.readTimeout,
        b.protocol == Protocol.HTTP_2, b.tls, b.pool, b.mapper, b.maxResponseBodySize, b.maxHeaderSize));
    this.retry = b.retry;
    this.requestTimeout = b.requestTimeout;
    this.mapper = b.mapper;
    this.resolver = b.resolver;
    this.balancer = b.balancer;
    ClientHandler h = this::withRetries;
    for (int i = b.middleware.size() - 1; i >= 0; i--) h = b.middleware.get(i).wrap(h);
    this.chain = h;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A GET request to {@code uri} (absolute, or relative to the base URI). */
  public ClientRequest.Builder get(String uri) {
    return request("GET", uri);
  }

  public ClientRequest.Builder head(String uri) {
    return request("HEAD", uri);
  }

  public ClientRequest.Builder post(String uri) {
    return request("POST", uri);
  }

  public ClientRequest.Builder put(String uri) {
    return request("PUT", uri);
  }

  public ClientRequest.Builder patch(String uri) {
    return request("PATCH", uri);
  }

  public ClientRequest.Builder delete(String uri) {
    return request("DELETE", uri);
  }

  /** A request with any method token. */
  public ClientRequest.Builder request(String method, String uri) {
    URI target = URI.create(uri);
    if (!target.isAbsolute()) {
      if (baseUri == null) throw new IllegalArgumentException("relative URI " + uri + " and no base URI");
      target = baseUri.resolve(target);
    }
    return new ClientRequest.Builder(this, method, target);
  }

  /**
   * Sends a request through the middleware and retries and reads the whole response body (up to
   * {@link Builder#maxResponseBodySize}).
   *
   * @throws IOException if no response could be had (see {@link ClientHandler#send}) or its body
   *     could not be read; an error status is a response, not an exception
   */
  public ClientResponse send(ClientRequest request) throws IOException {
    ClientResponse r = chain.send(request);
    try {
      r.body();
    } catch (IOException e) {
      r.close();
      throw e;
    }
    return r;
  }

  /**
   * Sends a request and returns when the response head is in: read the body from
   * {@link ClientResponse#bodyStream()} as it arrives, then close the response.
   */
  public ClientResponse stream(ClientRequest request) throws IOException {
    return chain.send(request);
  }

  /** {@link #send} on a virtual thread. */
  public CompletableFuture<ClientResponse> sendAsync(ClientRequest request) {
    CompletableFuture<ClientResponse> f = new CompletableFuture<>();
    async.execute(() -> {
      try {
        f.complete(send(request));
      } catch (Throwable e) {
        f.completeExceptionally(e);
      }
    });
    return f;
  }

  /** The Jackson mapper for JSON bodies. */
  public ObjectMapper objectMapper() {
    return mapper;
  }

  /** Closes all connections (requests in flight fail) and stops watching discovery. */
  @Override
  public void close() {
    services.values().forEach(s -> s.subscription.close());
    transport.close();
    async.shutdownNow();
  }

  // ---- retries and discovery ----

  private ClientResponse withRetries(ClientRequest request) throws IOException {
    Set<Address> tried = new HashSet<>();
    for (int attempt = 1; ; attempt++) {
      ClientResponse response = null;
      IOException error = null;
      try {
        response = attempt(request, tried);
      } catch (IOException e) {
        error = e;
      }
      boolean again = attempt < retry.maxAttempts() && request.isReplayable()
          && !(error instanceof InterruptedIOException)
          && retry.predicate().shouldRetry(request, response, error);
      if (!again) {
        if (error != null) throw error;
        return response;
      }
      if (response != null) response.close();
      pause(retry.backoff().delayNanos(attempt + 1));
    }
  }

  private static void pause(long nanos) throws InterruptedIOException {
    if (nanos <= 0) return;
    try {
      TimeUnit.NANOSECONDS.sleep(nanos);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted between retries");
    }
  }

  private ClientResponse attempt(ClientRequest request, Set<Address> tried) throws IOException {
    URI uri = request.uri();
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) throw new IllegalArgumentException("not an http(s) URI: " + uri);
    if (uri.getHost() == null) throw new IllegalArgumentException("no host in " + uri);
    boolean secure = scheme.equals("https");
    Duration timeout = request.timeout() != null ? request.timeout() : requestTimeout;
    String authority = uri.getRawAuthority();
    int at = authority.lastIndexOf('@');
    if (at >= 0) authority = authority.substring(at + 1); // user info never goes into Host
    if (resolver == null) {
      Address address = Address.tcp(uri.getHost(), uri.getPort() >= 0 ? uri.getPort() : secure ? 443 : 80);
      tried.add(address);
      return transport.exchange(request, secure, address, authority, timeout);
    }
    Instance instance = pick(uri.getHost(), request, tried);
    tried.add(instance.address());
    long start = System.nanoTime();
    balancer.onStart(instance);
    try {
      ClientResponse r = transport.exchange(request, secure, instance.address(), authority, timeout);
      balancer.onEnd(instance, System.nanoTime() - start, r.status() >= 500 ? new IOException("status " + r.status()) : null);
      return r;
    } catch (IOException | RuntimeException e) {
      balancer.onEnd(instance, System.nanoTime() - start, e);
      throw e;
    }
  }

  private Instance pick(String serviceName, ClientRequest request, Set<Address> tried) throws IOException {
    Service s;
    try {
      s = services.computeIfAbsent(serviceName, Service::new);
    } catch (IllegalStateException e) {
      throw new ConnectException(e.getMessage());
    }
    CallContext ctx = CallContext.newClientCall(serviceName, request.method() + ' ' + request.uri().getRawPath());
    LoadBalancer.Picker picker = s.picker;
    Instance i = picker.pick(ctx, a -> !tried.contains(a)); // a retry goes elsewhere when it can
    if (i == null) i = picker.pick(ctx, a -> true);
    if (i == null) throw new ConnectException("no instance of service " + serviceName);
    return i;
  }

  /** The instances of one service, kept current by the resolver's watch. */
  private final class Service {
    final Resolver.Subscription subscription;
    volatile LoadBalancer.Picker picker;

    Service(String name) {
      try {
        picker = balancer.rebuild(resolver.resolve(name));
      } catch (Exception e) {
        throw new IllegalStateException("cannot resolve service " + name + ": " + e.getMessage(), e);
      }
      subscription = resolver.subscribe(name, list -> picker = balancer.rebuild(list));
    }
  }

  /** Settings of an {@link HttpClient}; every one has a default. */
  public static final class Builder {
    private URI baseUri;
    private TransportFactory transport = TransportFactory.shared();
    private Protocol protocol = Protocol.HTTP_1_1;
    private Tls tls;
    private Duration connectTimeout = Duration.ofSeconds(5);
    private Duration requestTimeout = Duration.ofSeconds(30);
    private Duration readTimeout = Duration.ofSeconds(30);
    private PoolOptions pool = PoolOptions.DEFAULT;
    private RetryPolicy retry = RetryPolicy.none();
    private final List<ClientMiddleware> middleware = new ArrayList<>();
    private ObjectMapper mapper = DEFAULT_MAPPER;
    private Resolver resolver;
    private LoadBalancer balancer = LoadBalancer.weightedRoundRobin();
    private int maxResponseBodySize = 16 << 20;
    private int maxHeaderSize = 64 * 1024;

    private Builder() {}

    /** Resolves relative request URIs, e.g. {@code http://localhost:8080/api/}. */
    public Builder baseUri(String uri) {
      this.baseUri = URI.create(uri);
      if (!baseUri.isAbsolute()) throw new IllegalArgumentException("base URI must be absolute: " + uri);
      return this;
    }

    /** The I/O engine (default {@link TransportFactory#shared()}). */
    public Builder transport(TransportFactory transport) {
      this.transport = Objects.requireNonNull(transport, "transport");
      return this;
    }

    /** HTTP/1.1 (the default) or HTTP/2; see {@link Protocol}. */
    public Builder protocol(Protocol protocol) {
      this.protocol = Objects.requireNonNull(protocol, "protocol");
      return this;
    }

    /** TLS for {@code https} URIs (default {@link Tls#client()}: the JDK's trusted authorities). */
    public Builder tls(Tls tls) {
      this.tls = Objects.requireNonNull(tls, "tls");
      return this;
    }

    /** How long opening a connection may take (default 5 s). */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = positive(timeout);
      return this;
    }

    /** From sending a request to its response head, per attempt (default 30 s). */
    public Builder requestTimeout(Duration timeout) {
      this.requestTimeout = positive(timeout);
      return this;
    }

    /** The longest wait for the next bytes of a response body (default 30 s). */
    public Builder readTimeout(Duration timeout) {
      this.readTimeout = positive(timeout);
      return this;
    }

    /** HTTP/1.1 connection pooling per origin (default {@link PoolOptions#DEFAULT}). */
    public Builder pool(PoolOptions options) {
      this.pool = Objects.requireNonNull(options, "options");
      return this;
    }

    /** When to retry (default {@link RetryPolicy#none()}). */
    public Builder retry(RetryPolicy policy) {
      this.retry = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /** Adds middleware, outermost first. */
    public Builder use(ClientMiddleware... middleware) {
      for (ClientMiddleware m : middleware) this.middleware.add(Objects.requireNonNull(m, "middleware"));
      return this;
    }

    /**
     * Sends requests to instances of services: a request URI's host is then a service name, e.g.
     * {@code http://user-service/users/7}, resolved with {@code resolver} (watched for changes)
     * and balanced by the {@linkplain #loadBalancer load balancer}. The URI's port is not used.
     */
    public Builder discovery(Resolver resolver) {
      this.resolver = Objects.requireNonNull(resolver, "resolver");
      return this;
    }

    /** How instances are chosen with discovery (default weighted round robin). */
    public Builder loadBalancer(LoadBalancer balancer) {
      this.balancer = Objects.requireNonNull(balancer, "balancer");
      return this;
    }

    /** The Jackson mapper for JSON bodies. */
    public Builder objectMapper(ObjectMapper mapper) {
      this.mapper = Objects.requireNonNull(mapper, "mapper");
      return this;
    }

    /** Largest response body {@link HttpClient#send} reads into memory (default 16 MiB); stream bigger ones. */
    public Builder maxResponseBodySize(int bytes) {
      if (bytes <= 0) throw new IllegalArgumentException("must be positive: " + bytes);
      this.maxResponseBodySize = bytes;
      return this;
    }

    /** Largest response header section (default 64 KiB). */
    public Builder maxHeaderSize(int bytes) {
      if (bytes <= 0) throw new IllegalArgumentException("must be positive: " + bytes);
      this.maxHeaderSize = bytes;
      return this;
    }

    public HttpClient build() {
      return new HttpClient(this);
    }

    private static Duration positive(Duration d) {
      if (d.isNegative() || d.isZero()) throw new IllegalArgumentException("must be positive: " + d);
      return d;
    }
  }
}
