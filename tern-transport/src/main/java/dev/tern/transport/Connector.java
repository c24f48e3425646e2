package dev.tern.transport;

import dev.tern.core.RpcTimeoutException;
import dev.tern.core.TransportException;
import dev.tern.transport.internal.Engines;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.ConnectTimeoutException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Opens client connections with a pipeline from the caller and a connect timeout. Thread-safe;
 * one per client.
 *
 * <p>Failures complete the future with {@link RpcTimeoutException} (phase {@code CONNECT}) when the
 * connect timeout passed, else {@link TransportException} of kind {@code CONNECT_FAILED} (refused,
 * unreachable, unknown host, missing socket file). Both are safe to retry.
 */
public final class Connector {

  private final TransportFactory transport;
  private final Duration connectTimeout;
  private final Bootstrap tcp;
  private final Bootstrap unix;

  /**
   * @param handler installed on every new connection; shared between connections, so it must be
   *     {@code @Sharable}, typically a {@link io.netty.channel.ChannelInitializer}
   */
  public Connector(TransportFactory transport, ChannelHandler handler, Duration connectTimeout) {
    this.transport = Objects.requireNonNull(transport, "transport");
    Objects.requireNonNull(handler, "handler");
    if (connectTimeout.isNegative() || connectTimeout.isZero()) {
      throw new IllegalArgumentException("connect timeout must be positive: " + connectTimeout);
    }
    this.connectTimeout = connectTimeout;
    int timeoutMillis = (int) Math.min(Integer.MAX_VALUE, Math.max(1, connectTimeout.toMillis()));
    Bootstrap base = new Bootstrap()
        .group(transport.group())
        .handler(handler)
        .option(ChannelOption.ALLOCATOR, transport.allocator())
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, timeoutMillis);
    this.tcp = base.clone()
        .channel(Engines.clientChannel(transport.kind(), Address.tcp("localhost", 0)))
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.SO_KEEPALIVE, true);
    this.unix = base.clone().channel(Engines.clientChannel(transport.kind(), Address.unix(java.nio.file.Path.of("/"))));
  }

  public TransportFactory transport() {
    return transport;
  }

  public Duration connectTimeout() {
    return connectTimeout;
  }

  /** Connects; the channel's pipeline is initialized by the time the future completes. */
  public CompletableFuture<Channel> connect(Address address) {
    Bootstrap b = address instanceof Address.Unix ? unix : tcp;
    CompletableFuture<Channel> result = new CompletableFuture<>();
    ChannelFuture f;
    try {
      f = b.connect(Engines.socketAddress(transport.kind(), address));
    } catch (RuntimeException e) { // e.g. the event loop group was shut down
      result.completeExceptionally(connectFailure(address, e));
      return result;
    }
    f.addListener((ChannelFuture cf) -> {
      if (cf.isSuccess()) {
        if (!result.complete(cf.channel())) cf.channel().close(); // the caller gave up meanwhile
      } else {
        result.completeExceptionally(connectFailure(address, cf.cause()));
      }
    });
    return result;
  }

  private Throwable connectFailure(Address address, Throwable cause) {
    if (cause instanceof ConnectTimeoutException) {
      return new RpcTimeoutException(RpcTimeoutException.Phase.CONNECT,
          "connect to " + address + " timed out after " + connectTimeout.toMillis() + " ms");
    }
    return new TransportException(TransportException.Kind.CONNECT_FAILED,
        "cannot connect to " + address + ": " + cause, cause);
  }
}
