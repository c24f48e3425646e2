package dev.tern.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.tern.core.ServerLifecycleListener;
import dev.tern.http.internal.Limits;
import dev.tern.http.internal.RouteGroup;
import dev.tern.http.internal.ServerCore;
import dev.tern.transport.Address;
import dev.tern.transport.TransportFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.LoggerFactory;

/**
 * An HTTP/1.1 and HTTP/2 server (the counterpart of CloudWeGo Hertz) on Tern's transport engines.
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
 * <p>One port serves HTTP/1.1 and HTTP/2: in clear text, h2c with prior knowledge (the client
 * starts with the HTTP/2 preface) or by {@code Upgrade: h2c}; with {@linkplain Builder#tls TLS},
 * HTTP/2 or HTTP/1.1 as ALPN agrees. Routes, middleware and handlers are the same for both.
 *
 * <p>Routes and middleware are added before {@link #start()}. Keep-alive and pipelining follow
 * HTTP/1.1 (pipelined requests are answered in order); request and response bodies may be
 * chunked. Requests over a limit are refused with 414 (request line), 431 (headers), 413 (body)
 * or 408 (too slow), and malformed ones with 400; on HTTP/1.1 the connection is closed after each
 * of these, on HTTP/2 only the stream is. {@link #close()} shuts down gracefully: see
 * {@link #shutdown(Duration)}.
 *
 * <p>Handlers run on a virtual thread per request unless {@linkplain HttpHandler#nonBlocking
 * marked non-blocking}. The body is read in full (up to {@link Builder#maxBodySize}) before the
 * handler runs, unless the route {@linkplain HttpHandler#streamingBody streams it}.
 */
public final class HttpServer implements Routes, AutoCloseable {

  private final ServerCore core;
  private final RouteGroup root;
  private final TransportFactory transport;
  private final Address address;
  private final Duration gracePeriod;
  private final List<ServerLifecycleListener> lifecycleListeners;
  private final AtomicBoolean stopping = new AtomicBoolean();

  private HttpServer(Builder b) {
    this.core = new ServerCore(
        new Limits(b.maxRequestLineLength, b.maxHeaderSize, b.maxHeaderCount, b.maxBodySize,
            b.requestTimeout.toMillis(), b.idleTimeout.toMillis()),
        new ServerCore.Protocols(b.tls, b.http2, b.http2MaxConcurrentStreams, b.http2MaxFrameSize,
            b.webSocketMaxMessageSize, b.webSocketCompression),
        b.mapper, b.redirectTrailingSlash, b.notFound, b.methodNotAllowed, b.templates);
    this.root = new RouteGroup(core, "", List.of());
    this.transport = b.transport;
    this.address = b.address;
    this.gracePeriod = b.gracePeriod;
    this.lifecycleListeners = List.copyOf(b.lifecycleListeners);
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
   * @throws IllegalStateException if a {@linkplain Builder#lifecycleListener lifecycle listener}
   *     failed (the server is shut down then)
   */
  public HttpServer start() {
    core.start(transport, address);
    int told = 0;
    try {
      for (ServerLifecycleListener l : lifecycleListeners) {
        l.onStarted(localAddress().toSocketAddress());
        told++;
      }
    } catch (Exception e) {
      stopping(lifecycleListeners.subList(0, told));
      stopping.set(true);
      core.shutdown(Duration.ZERO);
      throw new IllegalStateException("a lifecycle listener failed on start: " + e.getMessage(), e);
    }
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
   * Stops accepting, lets in-flight requests finish within {@code grace} (HTTP/1.1 responses say
   * {@code Connection: close}; HTTP/2 connections get GOAWAY, so clients open no new streams while
   * the open ones complete; WebSockets get a 1001 close), closes idle connections at once, and
   * force-closes any still open when the grace period ends.
   */
  public void shutdown(Duration grace) {
    Objects.requireNonNull(grace, "grace");
    // registries withdraw the server before it drains
    if (core.transport() != null && stopping.compareAndSet(false, true)) stopping(lifecycleListeners);
    core.shutdown(grace);
  }

  private static void stopping(List<ServerLifecycleListener> listeners) {
    for (ServerLifecycleListener l : listeners) {
      try {
        l.onStopping();
      } catch (Exception e) {
        LoggerFactory.getLogger(HttpServer.class).warn("lifecycle listener failed on stop", e);
      }
    }
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
    private Tls tls;
    private boolean http2 = true;
    private int http2MaxConcurrentStreams = 256;
    private int http2MaxFrameSize = 16 * 1024;
    private int webSocketMaxMessageSize = 1 << 20;
    private boolean webSocketCompression = true;
    private Templates templates;
    private final List<ServerLifecycleListener> lifecycleListeners = new ArrayList<>();

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

    /**
     * Adds a listener told when the server has bound and when it starts to shut down, e.g. a
     * service registry's registration; listeners run in the order added.
     */
    public Builder lifecycleListener(ServerLifecycleListener listener) {
      lifecycleListeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /**
     * Serves over TLS with these {@linkplain Tls#server(java.nio.file.Path, java.nio.file.Path)
     * server settings}; HTTP/2 is then negotiated with ALPN (default: clear text).
     */
    public Builder tls(Tls tls) {
      this.tls = Objects.requireNonNull(tls, "tls");
      return this;
    }

    /**
     * Whether HTTP/2 is served besides HTTP/1.1: h2c (prior knowledge and {@code Upgrade: h2c}) in
     * clear text, ALPN {@code h2} over TLS (default on).
     */
    public Builder http2(boolean enabled) {
      this.http2 = enabled;
      return this;
    }

    /** Most HTTP/2 streams a client may have open on one connection (default 256). */
    public Builder http2MaxConcurrentStreams(int streams) {
      this.http2MaxConcurrentStreams = positive(streams);
      return this;
    }

    /**
     * Largest HTTP/2 frame payload the server accepts, 16 KiB to 16 MiB - 1 (default 16 KiB).
     * The HTTP/2 header list limit is {@link #maxHeaderSize}.
     */
    public Builder http2MaxFrameSize(int bytes) {
      if (bytes < 16_384 || bytes > 16_777_215) throw new IllegalArgumentException("not an HTTP/2 frame size: " + bytes);
      this.http2MaxFrameSize = bytes;
      return this;
    }

    /** Largest WebSocket message, fragments joined and inflated; larger closes with 1009 (default 1 MiB). */
    public Builder webSocketMaxMessageSize(int bytes) {
      this.webSocketMaxMessageSize = positive(bytes);
      return this;
    }

    /** Whether WebSockets use permessage-deflate when the client offers it (default on). */
    public Builder webSocketCompression(boolean enabled) {
      this.webSocketCompression = enabled;
      return this;
    }

    /** The templates {@link HttpContext#render(String, Object)} renders (default: none). */
    public Builder templates(Templates templates) {
      this.templates = Objects.requireNonNull(templates, "templates");
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
