package dev.tern.http.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tern.http.BindException;
import dev.tern.http.HttpHandler;
import dev.tern.http.HttpMiddleware;
import dev.tern.http.HttpStatusException;
import dev.tern.http.Tls;
import dev.tern.transport.Address;
import dev.tern.transport.TransportFactory;
import dev.tern.transport.TransportServer;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ApplicationProtocolNegotiationHandler;
import io.netty.util.concurrent.EventExecutor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything behind {@link dev.tern.http.HttpServer}: routes, protocol selection, running
 * handlers, lifecycle. HTTP/1.1 and HTTP/2 connections both turn requests into
 * {@link RequestContext}s and hand them to {@link #serve}; only framing differs.
 */
public final class ServerCore {

  private static final Logger log = LoggerFactory.getLogger(ServerCore.class);

  /** What runs a request: its full handler chain and whether it may run on the event loop. */
  record Target(HttpHandler handler, boolean nonBlocking) {}

  /** Protocol settings fixed when the server is built. */
  public record Protocols(Tls tls, boolean http2, int http2MaxConcurrentStreams, int http2MaxFrameSize,
      int webSocketMaxMessageSize, boolean webSocketCompression) {}

  final Limits limits;
  final Protocols protocols;
  final ObjectMapper mapper;
  final dev.tern.http.Templates templates; // null: none configured
  final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  final Set<ServerConnection> connections = ConcurrentHashMap.newKeySet();
  final AtomicInteger inFlight = new AtomicInteger();
  volatile boolean draining;

  private final Router router = new Router();
  private final List<HttpMiddleware> serverMiddleware = new ArrayList<>();
  private final boolean redirectTrailingSlash;
  private final HttpHandler notFoundTerminal;
  private final HttpHandler methodNotAllowedTerminal;
  private boolean hasStreamingRoutes;
  private Target notFound;
  private Target methodNotAllowed;
  private Target redirect;
  private TransportServer transport;

  public ServerCore(Limits limits, Protocols protocols, ObjectMapper mapper, boolean redirectTrailingSlash,
      HttpHandler notFound, HttpHandler methodNotAllowed, dev.tern.http.Templates templates) {
    if (protocols.tls() != null && !protocols.tls().isServer()) {
      throw new IllegalArgumentException("client TLS settings given to a server: use Tls.server(...) or Tls.selfSigned()");
    }
    this.limits = limits;
    this.protocols = protocols;
    this.mapper = mapper;
    this.templates = templates;
    this.redirectTrailingSlash = redirectTrailingSlash;
    this.notFoundTerminal = notFound != null ? notFound
        : new NonBlockingHandler(ctx -> ctx.status(404).text("404 Not Found: " + ctx.path()));
    this.methodNotAllowedTerminal = methodNotAllowed != null ? methodNotAllowed
        : new NonBlockingHandler(ctx -> ctx.status(405).text("405 Method Not Allowed: " + ctx.method()));
  }

  public synchronized void use(List<HttpMiddleware> middleware) {
    checkNotStarted();
    serverMiddleware.addAll(middleware);
  }

  public synchronized void addRoute(String method, String path, List<HttpMiddleware> middleware, HttpHandler handler) {
    checkNotStarted();
    java.util.Objects.requireNonNull(handler, "handler");
    if (method != null && !method.chars().allMatch(c -> c > 32 && c < 127 && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0)) {
      throw new IllegalArgumentException("not an HTTP method token: " + method);
    }
    Route route = new Route(method, path, middleware, handler);
    router.add(route);
    hasStreamingRoutes |= route.streamingBody;
  }

  private void checkNotStarted() {
    if (transport != null) throw new IllegalStateException("routes and middleware must be added before start()");
  }

  public synchronized void start(TransportFactory factory, Address address) {
    if (transport != null) throw new IllegalStateException("already started");
    router.compose(serverMiddleware);
    notFound = target(notFoundTerminal);
    methodNotAllowed = target(methodNotAllowedTerminal);
    redirect = target(new NonBlockingHandler(ctx -> { /* status and Location set in dispatch */ }));
    if (protocols.tls() != null) protocols.tls().sslContext(alpn()); // fail now on a bad key, not per connection
    transport = TransportServer.bind(factory, address, new Initializer());
  }

  private List<String> alpn() {
    return protocols.http2()
        ? List.of(ApplicationProtocolNames.HTTP_2, ApplicationProtocolNames.HTTP_1_1)
        : List.of(ApplicationProtocolNames.HTTP_1_1);
  }

  private Target target(HttpHandler terminal) {
    return new Target(HttpMiddleware.chain(serverMiddleware, terminal), terminal instanceof NonBlockingHandler);
  }

  public TransportServer transport() {
    return transport;
  }

  Target dispatch(RequestContext c) {
    Router.Match m = router.find(c.method(), c.path());
    if (m instanceof Router.Found f) {
      c.matched(f.route().pattern, f.params());
      return new Target(f.route().handler, f.route().nonBlocking);
    }
    if (m instanceof Router.MethodNotAllowed na) {
      c.header("Allow", String.join(", ", na.allowed()));
      return methodNotAllowed;
    }
    String path = c.path();
    if (redirectTrailingSlash && !path.equals("/")) {
      String alt = path.endsWith("/") ? path.substring(0, path.length() - 1) : path + "/";
      if (router.matchesAnyMethod(alt)) {
        boolean safe = c.method().equals("GET") || c.method().equals("HEAD");
        // 308 keeps the method and body of a POST; 301 is what browsers and caches expect for GET
        c.redirect(safe ? 301 : 308, c.rawQuery().isEmpty() ? alt : alt + '?' + c.rawQuery());
        return redirect;
      }
    }
    return notFound;
  }

  /**
   * Whether a request's body is to be streamed to its handler rather than aggregated: it has a
   * body and its route was registered with {@link HttpHandler#streamingBody}. Costs a route lookup
   * only on servers that have such routes, for requests with a body.
   */
  boolean streamsBody(HttpRequest req) {
    if (!hasStreamingRoutes) return false;
    if (!HttpUtil.isTransferEncodingChunked(req) && HttpUtil.getContentLength(req, 0L) == 0) return false;
    String target = originForm(req.uri());
    if (target == null) return false;
    int q = target.indexOf('?');
    return router.find(req.method().name(), q < 0 ? target : target.substring(0, q)) instanceof Router.Found f
        && f.route().streamingBody;
  }

  /** The origin-form of a request target, or null if it is neither origin- nor absolute-form. */
  static String originForm(String uri) {
    if (uri.startsWith("/")) return uri;
    // absolute-form (RFC 9112 3.2.2): keep the path and query only
    int scheme = uri.indexOf("://");
    if (scheme > 0) {
      int slash = uri.indexOf('/', scheme + 3);
      return slash < 0 ? "/" : uri.substring(slash);
    }
    return null;
  }

  /**
   * Runs a request's handler chain, on the event loop for a non-blocking route or on a virtual
   * thread otherwise, then calls {@code done} on the event loop {@code loop} to send the response.
   */
  void serve(RequestContext c, EventExecutor loop, Consumer<RequestContext> done) {
    Target t = dispatch(c);
    inFlight.incrementAndGet();
    if (t.nonBlocking()) {
      c.onEventLoop = true;
      invoke(t, c);
      done.accept(c);
    } else {
      executor.execute(() -> {
        invoke(t, c);
        if (c.stream != null && !c.aborted) {
          try {
            c.stream.close();
          } catch (java.io.IOException e) {
            log.debug("streamed response failed: {} {}", c.method(), c.path(), e);
            c.aborted = true;
          }
        }
        loop.execute(() -> done.accept(c));
      });
    }
  }

  private static void invoke(Target t, RequestContext c) {
    try {
      t.handler().handle(c);
    } catch (Throwable e) {
      if (c.stream != null && c.stream.started()) { // the head is out: all that is left is to cut the response short
        if (e instanceof java.io.IOException && !c.exchange.channel().isActive()) {
          log.debug("client went away during the response: {} {}", c.method(), c.path(), e); // routine for streams
        } else {
          log.warn("handler failed after its response started: {} {}", c.method(), c.path(), e);
        }
        c.aborted = true;
        return;
      }
      c.stream = null;
      c.webSocket = null;
      c.resetResponse();
      // a handler failing because its streamed body broke gets the body's own status (400, 408)
      Throwable why = c.requestBody != null && c.requestBody.failure() instanceof BodyStream.Failure f
          ? new HttpStatusException(f.status, f.getMessage(), f) : e;
      if (why instanceof BindException be) {
        c.status(400);
        var body = new LinkedHashMap<String, Object>();
        body.put("error", "invalid request");
        body.put("fields", be.errors());
        c.json(body);
      } else if (why instanceof HttpStatusException se) {
        c.status(se.status());
        c.text(se.getMessage() == null ? "" : se.getMessage());
      } else {
        log.error("handler failed: {} {}", c.method(), c.path(), e);
        c.status(500);
        c.text("Internal Server Error");
      }
    }
  }

  /** The buffered response of a context, with {@code Content-Length} (headers only for HEAD). */
  static FullHttpResponse fullResponse(RequestContext c) {
    FullHttpResponse resp = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(c.status),
        c.head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(c.responseBody));
    resp.headers().set(c.responseHeaders);
    if (c.status == 204 || c.status == 304) {
      resp.headers().remove(HttpHeaderNames.CONTENT_LENGTH); // these never have a body (RFC 9110 8.6)
    } else if (!resp.headers().contains(HttpHeaderNames.CONTENT_LENGTH)) {
      resp.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, c.responseBody.length);
    }
    return resp;
  }

  /**
   * Graceful shutdown: stop accepting, let in-flight requests finish (HTTP/1.1 responses carry
   * {@code Connection: close}, HTTP/2 connections get GOAWAY), close idle connections, and
   * force-close what is left after the grace period.
   */
  public void shutdown(Duration grace) {
    TransportServer t;
    synchronized (this) {
      t = transport;
    }
    if (t == null) {
      executor.shutdown();
      return;
    }
    // bounded waits: in a JVM shutdown hook the event loops may already be going away
    t.stopAccepting().completeOnTimeout(null, 2, TimeUnit.SECONDS).join();
    draining = true;
    for (ServerConnection c : connections) c.drain();
    long deadline = System.nanoTime() + grace.toNanos();
    while ((inFlight.get() > 0 || !connections.isEmpty()) && System.nanoTime() < deadline) {
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    t.closeConnections().completeOnTimeout(null, 2, TimeUnit.SECONDS).join();
    executor.shutdownNow();
  }

  /**
   * Builds each connection's pipeline. With TLS, ALPN picks HTTP/2 or HTTP/1.1; in clear text,
   * the first bytes tell an HTTP/2 preface (prior knowledge) from HTTP/1.1, which may still
   * upgrade to h2c.
   */
  @ChannelHandler.Sharable
  private final class Initializer extends ChannelInitializer<Channel> {
    @Override
    protected void initChannel(Channel ch) {
      if (protocols.tls() != null) {
        ch.pipeline()
            .addLast("tls", protocols.tls().sslContext(alpn()).newHandler(ch.alloc()))
            .addLast("alpn", new Alpn());
      } else if (protocols.http2()) {
        ch.pipeline().addLast("detect", new PrefaceDetector(ServerCore.this));
      } else {
        Http1Handler.install(ServerCore.this, ch.pipeline(), false);
      }
    }
  }

  /** Installs the protocol ALPN chose once the TLS handshake is done. */
  private final class Alpn extends ApplicationProtocolNegotiationHandler {
    Alpn() {
      super(ApplicationProtocolNames.HTTP_1_1);
    }

    @Override
    protected void configurePipeline(ChannelHandlerContext ctx, String protocol) {
      if (ApplicationProtocolNames.HTTP_2.equals(protocol) && protocols.http2()) {
        Http2Connection.install(ServerCore.this, ctx.pipeline());
      } else {
        Http1Handler.install(ServerCore.this, ctx.pipeline(), false);
      }
    }

    @Override
    protected void handshakeFailure(ChannelHandlerContext ctx, Throwable cause) {
      log.debug("TLS handshake with {} failed", ctx.channel().remoteAddress(), cause);
      ctx.close();
    }
  }
}
