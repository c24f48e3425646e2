package dev.tern.rpc.internal;

import dev.tern.core.AttributeKey;
import dev.tern.core.CallContext;
import dev.tern.core.Service;
import dev.tern.thrift.ThriftLimits;
import dev.tern.thrift.ThriftMethod;
import dev.tern.thrift.ThriftProtocol;
import dev.tern.thrift.transport.Framing;
import dev.tern.thrift.transport.ThriftFrameDecoder;
import dev.tern.transport.Address;
import dev.tern.transport.ConnectionPool;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The end of a client's middleware chain: picks an address, takes a connection from the pool,
 * writes the request and completes with the decoded result struct (or the failure). The request's
 * {@link ThriftMethod} travels in the context under {@link #METHOD}.
 */
public final class ClientTransport implements Service<Object, Object> {

  /** The method being called; set by the client before the chain runs. */
  public static final AttributeKey<ThriftMethod<?, ?>> METHOD = AttributeKey.of("tern.client.method");


  private final ConnectionPool pool;
  private final EventLoopGroup timers;
  private final List<Address> addresses;
  private final AtomicInteger next = new AtomicInteger();
  private final Framing framing;
  private final ThriftProtocol protocol;
  private final ThriftLimits limits;
  private final boolean multiplexed;

  public ClientTransport(ConnectionPool pool, EventLoopGroup timers, List<Address> addresses, Framing framing,
      ThriftProtocol protocol, ThriftLimits limits, boolean multiplexed) {
    this.pool = pool;
    this.timers = timers;
    this.addresses = List.copyOf(addresses);
    this.framing = framing;
    this.protocol = protocol;
    this.limits = limits;
    this.multiplexed = multiplexed;
  }

  /** The pipeline of a client connection speaking {@code framing} and {@code protocol}. */
  public static ChannelHandler channelInitializer(ThriftLimits limits, Framing framing, ThriftProtocol protocol) {
    return new ChannelInitializer<Channel>() {
      @Override
      protected void initChannel(Channel ch) {
        ch.pipeline().addLast("tern.thriftDecoder", new ThriftFrameDecoder(limits, framing, protocol));
        ch.pipeline().addLast("tern.thriftClient", new ClientConnectionHandler());
      }
    };
  }

  @Override
  public CompletableFuture<Object> call(CallContext ctx, Object args) {
    ThriftMethod<?, ?> method = ctx.attr(METHOD);
    if (method == null) {
      return CompletableFuture.failedFuture(new IllegalStateException("no Thrift method in the call context"));
    }
    Address address = ctx.attr(Address.CALL_TARGET);
    if (address == null) {
      if (addresses.isEmpty()) {
        return CompletableFuture.failedFuture(new IllegalStateException("no address for " + ctx.service() + "."
            + ctx.method() + ": the client has none configured and no middleware set Address.CALL_TARGET"));
      }
      address = addresses.get(Math.floorMod(next.getAndIncrement(), addresses.size()));
    }
    ClientCall call = new ClientCall(this, ctx, method, args, address);
    call.start();
    return call.result();
  }

  ConnectionPool pool() {
    return pool;
  }

  EventLoopGroup timers() {
    return timers;
  }

  /**
   * Where to schedule a call's deadline: the calling thread's own event loop when it is one of
   * the timer loops (a caller continuing from a reply callback usually is), so that scheduling
   * and cancelling touch its timer queue directly instead of posting tasks to another loop and
   * waking it up; any loop otherwise.
   */
  EventExecutor timerLoop() {
    for (EventExecutor loop : timers) {
      if (loop.inEventLoop()) return loop;
    }
    return timers.next();
  }

  Framing framing() {
    return framing;
  }

  ThriftProtocol protocol() {
    return protocol;
  }

  ThriftLimits limits() {
    return limits;
  }

  /** The message name a request carries: Apache's TMultiplexedProtocol prefixes the service. */
  String wireName(ThriftMethod<?, ?> method) {
    return multiplexed ? method.serviceName() + ':' + method.name() : method.name();
  }
}
