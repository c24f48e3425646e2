package dev.tern.http.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tern.http.HttpHandler;
import dev.tern.http.HttpMiddleware;
import dev.tern.transport.Address;
import dev.tern.transport.TransportFactory;
import dev.tern.transport.TransportServer;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseEncoder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** Everything behind {@link dev.tern.http.HttpServer}: routes, pipeline, lifecycle. */
public final class ServerCore {

  /** What runs a request: its full handler chain and whether it may run on the event loop. */
  record Target(HttpHandler handler, boolean nonBlocking) {}

  final Limits limits;
  final ObjectMapper mapper;
  final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  final Set<Http1Handler> connections = ConcurrentHashMap.newKeySet();
  final AtomicInteger inFlight = new AtomicInteger();
  volatile boolean draining;

  private final Router router = new Router();
  private final List<HttpMiddleware> serverMiddleware = new ArrayList<>();
  private final boolean redirectTrailingSlash;
  private final HttpHandler notFoundTerminal;
  private final HttpHandler methodNotAllowedTerminal;
  private Target notFound;
  private Target methodNotAllowed;
  private Target redirect;
  private TransportServer transport;

  public ServerCore(Limits limits, ObjectMapper mapper, boolean redirectTrailingSlash,
      HttpHandler notFound, HttpHandler methodNotAllowed) {
    this.limits = limits;
    this.mapper = mapper;
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
    router.add(new Route(method, path, middleware, handler));
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
    transport = TransportServer.bind(factory, address, new Initializer());
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
   * Graceful shutdown: stop accepting, let in-flight requests finish (their responses carry
   * {@code Connection: close}), close idle connections, and force-close what is left after the
   * grace period.
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
    t.stopAccepting().completeOnTimeout(null, 2, java.util.concurrent.TimeUnit.SECONDS).join();
    draining = true;
    for (Http1Handler h : connections) h.drain();
    long deadline = System.nanoTime() + grace.toNanos();
    while ((inFlight.get() > 0 || !connections.isEmpty()) && System.nanoTime() < deadline) {
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    t.closeConnections().completeOnTimeout(null, 2, java.util.concurrent.TimeUnit.SECONDS).join();
    executor.shutdownNow();
  }

  /** Builds each connection's pipeline: read watch, decoder, encoder, bounded aggregator, connection handler. */
  @ChannelHandler.Sharable
  private final class Initializer extends ChannelInitializer<Channel> {
    @Override
    protected void initChannel(Channel ch) {
      Http1Handler handler = new Http1Handler(ServerCore.this);
      HttpDecoderConfig config = new HttpDecoderConfig()
          .setMaxInitialLineLength(limits.maxRequestLineLength())
          .setMaxHeaderSize(limits.maxHeaderSize())
          .setMaxChunkSize(64 * 1024);
      ch.pipeline()
          .addLast("read-watch", handler.new ReadWatch())
          .addLast("decoder", new StrictRequestDecoder(config))
          .addLast("encoder", new HttpResponseEncoder())
          .addLast("expect", handler.new ExpectWatch())
          .addLast("aggregator", new BoundedAggregator(limits.maxBodySize()))
          .addLast("http", handler);
    }
  }

  /**
   * Aggregates up to the body limit; an oversized request is handed on as a marker, so that its 413
   * is queued behind earlier pipelined responses instead of overtaking them.
   */
  private static final class BoundedAggregator extends HttpObjectAggregator {
    BoundedAggregator(int maxBody) {
      super(maxBody);
    }

    /** {@code 100 Continue} is sent by {@link Http1Handler.ExpectWatch}, in turn with other responses. */
    @Override
    protected Object newContinueResponse(HttpMessage start, int maxContentLength, io.netty.channel.ChannelPipeline pipeline) {
      return null;
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
      ctx.fireChannelRead(Http1Handler.OVERSIZED);
    }
  }
}
