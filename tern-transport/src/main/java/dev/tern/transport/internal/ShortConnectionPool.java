package dev.tern.transport.internal;

import dev.tern.core.TransportException;
import dev.tern.transport.Address;
import dev.tern.transport.ConnectionPool;
import dev.tern.transport.Connector;
import io.netty.channel.Channel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/** Short connections: each checkout opens a connection and giving it back closes it. */
public final class ShortConnectionPool implements ConnectionPool {

  private final Connector connector;
  private final AtomicInteger open = new AtomicInteger();
  private volatile boolean closed;

  public ShortConnectionPool(Connector connector) {
    this.connector = connector;
  }

  @Override
  public CompletableFuture<Channel> acquire(Address address) {
    if (closed) {
      return CompletableFuture.failedFuture(
          new TransportException(TransportException.Kind.SHUTTING_DOWN, "connection pool is closed"));
    }
    CompletableFuture<Channel> result = new CompletableFuture<>();
    connector.connect(address).whenComplete((ch, err) -> {
      if (err != null) {
        result.completeExceptionally(err);
        return;
      }
      open.incrementAndGet();
      ch.closeFuture().addListener(f -> open.decrementAndGet());
      if (!result.complete(ch)) ch.close();
    });
    return result;
  }

  @Override
  public void release(Channel channel) {
    channel.close();
  }

  @Override
  public void discard(Channel channel) {
    channel.close();
  }

  @Override
  public int idleCount() {
    return 0;
  }

  @Override
  public int openCount() {
    return open.get();
  }

  @Override
  public void close() {
    closed = true;
  }
}
