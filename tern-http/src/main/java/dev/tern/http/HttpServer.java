package dev.tern.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.tern.http.internal.Limits;
import dev.tern.http.internal.RouteGroup;
import dev.tern.http.internal.ServerCore;
import dev.tern.transport.Address;
import dev.tern.transport.TransportFactory;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * An HTTP/1.1 server (the counterpart of CloudWeGo Hertz) on Tern's transport engines.
 *
 * <pre>{@code
 * HttpServer server = HttpServer.builder().address("0.0.0.0:8080").build();
 * server.use(logging);
 * server.get("/hello/:name", ctx -> ctx.text("hello " + ctx.pathParam("name")));
 * Routes api = server.group("/api", auth);
 * api.post("/users", ctx -> ctx.status(201).json(users.create(ctx.bind(NewUser.class))));
 * server.start();
 * }</pre>
 *
 * <p>Routes and middleware are added before {@link #start()}. Keep-alive and pipelining follow
 * HTTP/1.1 (pipelined requests are answered in order); request and response bodies may be
 * chunked. Requests over a limit are refused with 414 (request line), 431 (headers), 413 (body)
 * or 408 (too slow), and malformed ones with 400; the connection is closed after each of these.
 * {@link #close()} shuts down gracefully: see {@link #shutdown(Duration)}.
 *
 * <p>Handlers run on a virtual thread per request unless {@linkplain HttpHandler#nonBlocking
 * marked non-blocking}. The body is read in full (up to {@link Builder#maxBodySize}) before the
 * handler runs.
 */
public final class HttpServer implements Routes, AutoCloseable {

  private final ServerCore core;
  private final RouteGroup root;
  private final TransportFactory transport;
  private final Address address;
  private final Duration gracePeriod;

  private HttpServer(Builder b) {
    this.core = new ServerCore(
        new Limits(b.maxRequestLineLength, b.maxHeaderSize, b.maxHeaderCount, b.maxBodySize,
            b.requestTimeout.toMillis(), b.idleTimeout.toMillis()),
        b.mapper, b.redirectTrailingSlash, b.notFound, b.methodNotAllowed);
    this.root = new RouteGroup(core, "", List.of());
    this.transport = b.transport;
    this.address = b.address;
    this.gracePeriod = b.gracePeriod;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Adds server-level middleware, outermost first; it also wraps the 404, 405 and redirect answers. */
  public HttpServer use(HttpMiddleware... middleware) {
    core.use(List.of(middleware));
    return this;
  }

  @Override
  public HttpServer route(String method, String path, HttpHandler handler, HttpMiddleware... middleware) {
    root.route(method, path, handler, middleware);
    return this;
  }

  @Override
  public HttpServer any(String path, HttpHandler handler, HttpMiddleware... middleware) {
    root.any(path, handler, middleware);
    return this;
  }

  @Override
  public Routes group(String prefix, HttpMiddleware... middleware) {
    return root.group(prefix, middleware);
  }

  /**
   * Binds and starts serving.
   *
   * @throws dev.tern.core.TransportException if the address cannot be bound
   */
  public HttpServer start() {
    core.start(transport, address);
    return this;
  }

  /** The bound address (with the real port when built with port 0). */
  public Address localAddress() {
    return started().localAddress();
  }

  /** The bound TCP port. */
  public int port() {
    return started().port();
  }

  private dev.tern.transport.TransportServer started() {
    var t = core.transport();
    if (t == null) throw new IllegalStateException("not started");
    return t;
  }

  /**
   * Stops accepting, lets in-flight requests finish within {@code grace} (their responses say
   * {@code Connection: close}), closes idle keep-alive connections at once, and force-closes any
   * still open when the grace period ends.
   */
  public void shutdown(Duration grace) {
    core.shutdown(Objects.requireNonNull(grace, "grace"));
  }

  /** {@link #shutdown(Duration)} with the builder's grace period. */
  @Override
  public void close() {
    shutdown(gracePeriod);
  }

  /** Settings of an {@link HttpServer}; every one has a default. */
  public static final class Builder {
    private TransportFactory transport = TransportFactory.shared();
    private Address address = Address.tcp("0.0.0.0", 8080);
    private int maxRequestLineLength = 8192;
    private int maxHeaderSize = 16 * 1024;
    private int maxHeaderCount = 100;
    private int maxBodySize = 4 * 1024 * 1024;
    private Duration requestTimeout = Duration.ofSeconds(30);
    private Duration idleTimeout = Duration.ofSeconds(60);
    private Duration gracePeriod = Duration.ofSeconds(10);
    private ObjectMapper mapper = JsonMapper.builder().findAndAddModules().build();
    private boolean redirectTrailingSlash = true;
    private HttpHandler notFound;
    private HttpHandler methodNotAllowed;

    private Builder() {}

    /** Where to listen: {@code host:port} or {@code unix:/path} (default {@code 0.0.0.0:8080}). */
    public Builder address(String address) {
      this.address = Address.parse(address);
      return this;
    }

    public Builder address(Address address) {
      this.address = Objects.requireNonNull(address, "address");
      return this;
    }

    /** The I/O engine (default {@link TransportFactory#shared()}). */
    public Builder transport(TransportFactory transport) {
      this.transport = Objects.requireNonNull(transport, "transport");
      return this;
    }

    /** Longest request line, in bytes; longer gets 414 (default 8 KiB). */
    public Builder maxRequestLineLength(int bytes) {
      this.maxRequestLineLength = positive(bytes);
      return this;
    }

    /** Largest header section, in bytes; larger gets 431 (default 16 KiB). */
    public Builder maxHeaderSize(int bytes) {
      this.maxHeaderSize = positive(bytes);
      return this;
    }

    /** Most header fields; more gets 431 (default 100). */
    public Builder maxHeaderCount(int count) {
      this.maxHeaderCount = positive(count);
      return this;
    }

    /** Largest request body, in bytes, chunked or not; larger gets 413 (default 4 MiB). */
    public Builder maxBodySize(int bytes) {
      this.maxBodySize = positive(bytes);
      return this;
    }

    /** Longest time from the first byte of a request to its last; slower gets 408 (default 30 s). */
    public Builder requestTimeout(Duration timeout) {
      this.requestTimeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /** How long a keep-alive connection may sit between requests (default 60 s). */
    public Builder idleTimeout(Duration timeout) {
      this.idleTimeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /** How long {@link HttpServer#close()} waits for in-flight requests (default 10 s). */
    public Builder gracePeriod(Duration grace) {
      this.gracePeriod = Objects.requireNonNull(grace, "grace");
      return this;
    }

    /** The Jackson mapper for JSON bodies, responses and binding. */
    public Builder objectMapper(ObjectMapper mapper) {
      this.mapper = Objects.requireNonNull(mapper, "mapper");
      return this;
    }

    /**
     * Whether a path that only matches with the trailing slash added or removed is redirected
     * there: 301 for GET and HEAD, 308 otherwise so the method and body are kept (default on).
     */
    public Builder redirectTrailingSlash(boolean redirect) {
      this.redirectTrailingSlash = redirect;
      return this;
    }

    /** Answers requests that match no route (default: 404 with a short text). */
    public Builder notFound(HttpHandler handler) {
      this.notFound = Objects.requireNonNull(handler, "handler");
      return this;
    }

    /**
     * Answers requests whose path matches only for other methods (default: 405 with a short
     * text); the {@code Allow} header is already set when it runs.
     */
    public Builder methodNotAllowed(HttpHandler handler) {
      this.methodNotAllowed = Objects.requireNonNull(handler, "handler");
      return this;
    }

    public HttpServer build() {
      return new HttpServer(this);
    }

    private static int positive(int n) {
      if (n <= 0) throw new IllegalArgumentException("must be positive: " + n);
      return n;
    }
  }
}
