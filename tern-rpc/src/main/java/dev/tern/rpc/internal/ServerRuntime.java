package dev.tern.rpc.internal;

import dev.tern.core.CallContext;
import dev.tern.core.Middleware;
import dev.tern.core.Service;
import dev.tern.thrift.ThriftLimits;
import dev.tern.thrift.ThriftServiceDefinition.MethodHandler;
import dev.tern.thrift.transport.ThriftFrameDecoder;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the connections of one Thrift server share: the services, the middleware chain ending in
 * the handler, the executor for blocking handlers, limits, and the count of calls in flight that
 * a graceful shutdown waits for.
 */
public final class ServerRuntime {

  private final ServiceRegistry registry;
  private final ServiceRegistry kitexProtobuf;
  private final Service<Object, Object> chain;
  private final Executor executor;
  private final ThriftLimits limits;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final CompletableFuture<Void> drained = new CompletableFuture<>();
  private volatile boolean closing;
  private volatile long idleTimeoutNanos;

  /** Closes connections that send nothing for this long while no call of theirs is in flight; zero: never. */
  public void idleTimeout(java.time.Duration timeout) {
    this.idleTimeoutNanos = timeout.toNanos();
  }

  /**
   * @param registry the Thrift services
   * @param kitexProtobuf the services called in Kitex Protobuf (the unary methods of protobuf services)
   */
  public ServerRuntime(ServiceRegistry registry, ServiceRegistry kitexProtobuf, List<Middleware<Object, Object>> middleware,
      Executor executor, ThriftLimits limits) {
    this.registry = registry;
    this.kitexProtobuf = kitexProtobuf;
    this.chain = Middleware.chain(middleware, ServerRuntime::invokeHandler);
    this.executor = executor;
    this.limits = limits;
  }

  /**
   * The per-connection pipeline: framing and protocol detection, then dispatch; with {@code grpc},
   * connections that open with the HTTP/2 preface go to gRPC instead.
   */
  public ChannelHandler childInitializer(dev.tern.grpc.internal.GrpcServerCore grpc) {
    return new ChannelInitializer<Channel>() {
      @Override
      protected void initChannel(Channel ch) {
        if (grpc == null) {
          configure(ch.pipeline());
        } else {
          ch.pipeline().addLast("tern.protocolSwitch", new ProtocolSwitch(ServerRuntime.this, grpc));
        }
      }
    };
  }

  /** Installs the Thrift handlers (framing detection and dispatch) on a connection. */
  void configure(io.netty.channel.ChannelPipeline pipeline) {
    if (idleTimeoutNanos > 0) {
      pipeline.addLast("tern.idle", new io.netty.handler.timeout.IdleStateHandler(
          idleTimeoutNanos, 0, 0, TimeUnit.NANOSECONDS));
    }
    pipeline.addLast("tern.thriftDecoder", new ThriftFrameDecoder(limits));
    pipeline.addLast("tern.thriftServer", new ServerConnectionHandler(ServerRuntime.this));
  }

  /** Where requests in {@code protocol} find their methods. */
  ServiceRegistry registry(dev.tern.thrift.ThriftProtocol protocol) {
    return protocol == dev.tern.thrift.ThriftProtocol.KITEX_PROTOBUF ? kitexProtobuf : registry;
  }

  Service<Object, Object> chain() {
    return chain;
  }

  Executor executor() {
    return executor;
  }

  ThriftLimits limits() {
    return limits;
  }

  /** Whether a graceful close has begun: new requests are refused from then on. */
  public boolean isClosing() {
    return closing;
  }

  void callStarted() {
    inFlight.incrementAndGet();
  }

  void callFinished() {
    if (inFlight.decrementAndGet() == 0 && closing) drained.complete(null);
  }

  public int inFlight() {
    return inFlight.get();
  }

  /**
   * Refuses new calls from now on and waits up to {@code grace} for those in flight to be answered.
   *
   * @return whether every call finished in time
   */
  public boolean drain(Duration grace) {
    closing = true;
    if (inFlight.get() == 0) drained.complete(null);
    try {
      drained.get(grace.toNanos(), TimeUnit.NANOSECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The end of the chain: runs the method's handler, unless the call's deadline already passed. */
  private static CompletableFuture<Object> invokeHandler(CallContext ctx, Object args) {
    MethodHandler<?, ?> handler = ctx.attr(ServerCall.HANDLER);
    if (handler == null) {
      return CompletableFuture.failedFuture(new IllegalStateException("no handler in the call context"));
    }
    if (ctx.isExpired()) {
      return CompletableFuture.failedFuture(new DeadlineExceededException(
          "deadline exceeded before " + ctx.service() + "." + ctx.method() + " could run"));
    }
    try {
      return invoke(handler, args);
    } catch (Throwable t) {
      return CompletableFuture.failedFuture(t);
    }
  }

  @SuppressWarnings("unchecked")
  private static <A, R> CompletableFuture<Object> invoke(MethodHandler<A, R> handler, Object args) throws Exception {
    if (handler.isBlocking()) {
      return CompletableFuture.completedFuture(handler.blocking().invoke((A) args));
    }
    CompletableFuture<R> f = handler.async().invoke((A) args);
    if (f == null) throw new NullPointerException("async handler of " + handler.method().name() + " returned null");
    return (CompletableFuture<Object>) f;
  }
}
