package dev.tern.grpc.internal;

import dev.tern.core.CallContext;
import dev.tern.core.Middleware;
import dev.tern.core.Service;
import dev.tern.grpc.GrpcServiceDefinition;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http2.AbstractHttp2ConnectionHandlerBuilder;
import io.netty.handler.codec.http2.DefaultHttp2Connection;
import io.netty.handler.codec.http2.DefaultHttp2LocalFlowController;
import io.netty.handler.codec.http2.Http2Connection;
import io.netty.handler.codec.http2.Http2ConnectionDecoder;
import io.netty.handler.codec.http2.Http2ConnectionEncoder;
import io.netty.handler.codec.http2.Http2Settings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The protocol half of a gRPC server, independent of how connections are accepted: the services,
 * the unary middleware chain, the handler executor and connection settings, plus the set of open
 * connections that a graceful shutdown drains.
 *
 * <p>{@link #configure(ChannelPipeline)} installs the server on an accepted channel whose first
 * bytes are the HTTP/2 client preface (not yet consumed), so a server that tells protocols apart by
 * their first bytes can hand gRPC connections over; {@link dev.tern.grpc.GrpcServer} uses it for
 * every connection it accepts.
 */
public final class GrpcServerCore {

  private final Map<String, Map<String, ServerMethod<?, ?>>> services = new HashMap<>();
  private final Service<Object, Object> unaryChain;
  private final Executor executor;
  private final ServerOptions options;
  private final Set<ServerConnectionHandler> connections = ConcurrentHashMap.newKeySet();
  private final AtomicInteger activeCalls = new AtomicInteger();
  private volatile long shutdownGraceNanos = -1;

  /**
   * @param executor runs blocking handlers (a virtual thread per call, typically)
   * @throws IllegalArgumentException with two services of the same name
   */
  public GrpcServerCore(List<GrpcServiceDefinition> definitions, List<Middleware<Object, Object>> middleware,
      Executor executor, ServerOptions options) {
    for (GrpcServiceDefinition d : definitions) {
      if (services.put(d.service(), ServerMethod.of(d)) != null) {
        throw new IllegalArgumentException("two services named " + d.service());
      }
    }
    this.unaryChain = Middleware.chain(List.copyOf(middleware), GrpcServerCore::invokeUnary);
    this.executor = Objects.requireNonNull(executor, "executor");
    this.options = Objects.requireNonNull(options, "options");
  }

  /** Installs the gRPC server handler on {@code pipeline}'s channel (first bytes: the HTTP/2 preface). */
  public void configure(ChannelPipeline pipeline) {
    pipeline.addLast("tern.grpcServer", newHandler());
  }

  /** A sharable initializer that {@linkplain #configure configures} every accepted channel. */
  public ChannelHandler childInitializer() {
    return new ChannelInitializer<Channel>() {
      @Override
      protected void initChannel(Channel ch) {
        configure(ch.pipeline());
      }
    };
  }

  /**
   * Shuts every connection down gracefully: GOAWAY (twice, around a ping, so that streams already
   * on their way are still served), then each connection closes when its streams finish, or when
   * {@code grace} has passed. Connections accepted later are shut down the same way.
   *
   * @return completes when every connection has closed
   */
  public CompletableFuture<Void> shutdown(Duration grace) {
    shutdownGraceNanos = Math.max(0, grace.toNanos());
    List<CompletableFuture<Void>> closed = new ArrayList<>();
    for (ServerConnectionHandler c : connections) {
      closed.add(c.closeFuture());
      c.execute(() -> c.startGracefulShutdown(shutdownGraceNanos));
    }
    return CompletableFuture.allOf(closed.toArray(CompletableFuture[]::new));
  }

  /** Closes every connection now. */
  public void closeAll() {
    for (ServerConnectionHandler c : connections) c.closeNow();
  }

  /** Calls received and not yet finished. */
  public int activeCalls() {
    return activeCalls.get();
  }

  /** Open connections. */
  public int connectionCount() {
    return connections.size();
  }

  ServerMethod<?, ?> lookup(String service, String method) {
    Map<String, ServerMethod<?, ?>> methods = services.get(service);
    return methods == null ? null : methods.get(method);
  }

  boolean hasService(String service) {
    return services.containsKey(service);
  }

  Service<Object, Object> unaryChain() {
    return unaryChain;
  }

  Executor executor() {
    return executor;
  }

  ServerOptions options() {
    return options;
  }

  /** Negative while the server is not shutting down. */
  long shutdownGraceNanos() {
    return shutdownGraceNanos;
  }

  void connectionOpened(ServerConnectionHandler c) {
    connections.add(c);
  }

  void connectionClosed(ServerConnectionHandler c) {
    connections.remove(c);
  }

  void callStarted() {
    activeCalls.incrementAndGet();
  }

  void callEnded() {
    activeCalls.decrementAndGet();
  }

  private static CompletableFuture<Object> invokeUnary(CallContext ctx, Object request) {
    ServerStream call = ctx.attr(ServerStream.CALL);
    if (call == null) {
      return CompletableFuture.failedFuture(new IllegalStateException("no gRPC call in the call context"));
    }
    return call.invokeUnaryHandler(request);
  }

  private ServerConnectionHandler newHandler() {
    Http2Settings settings = new Http2Settings()
        .maxHeaderListSize(options.maxHeaderListSize())
        .initialWindowSize(GrpcConnectionHandler.INITIAL_WINDOW);
    if (options.maxConcurrentStreams() != Integer.MAX_VALUE) settings.maxConcurrentStreams(options.maxConcurrentStreams());
    Http2Connection connection = new DefaultHttp2Connection(true);
    // the connection window refills as data arrives; stream windows only as messages are consumed
    connection.local().flowController(new DefaultHttp2LocalFlowController(connection, 0.5f, true));
    return new Builder(this, connection, settings).create();
  }

  private static final class Builder
      extends AbstractHttp2ConnectionHandlerBuilder<ServerConnectionHandler, Builder> {
    private final GrpcServerCore core;

    Builder(GrpcServerCore core, Http2Connection connection, Http2Settings settings) {
      this.core = core;
      connection(connection);
      initialSettings(settings);
      gracefulShutdownTimeoutMillis(0);
    }

    ServerConnectionHandler create() {
      return build();
    }

    @Override
    protected ServerConnectionHandler build(Http2ConnectionDecoder decoder, Http2ConnectionEncoder encoder,
        Http2Settings initialSettings) {
      return new ServerConnectionHandler(core, decoder, encoder, initialSettings);
    }
  }
}
