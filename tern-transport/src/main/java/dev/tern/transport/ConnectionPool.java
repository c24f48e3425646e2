package dev.tern.transport;

import dev.tern.transport.internal.LongConnectionPool;
import dev.tern.transport.internal.ShortConnectionPool;
import io.netty.channel.Channel;
import java.util.concurrent.CompletableFuture;

/**
 * Hands out connections to remote addresses, one caller at a time per connection (Kitex's default
 * long-connection mode: a connection carries one call, then goes back to the pool).
 *
 * <p>Every connection obtained from {@link #acquire(Address)} must be given back exactly once,
 * with {@link #release(Channel)} when it is clean (its last exchange finished and nothing is left
 * unread) or {@link #discard(Channel)} when it is not (a timed-out call whose reply may still
 * come, a protocol error). A caller that stops waiting may complete the returned future itself
 * (for example exceptionally, on its own timeout); a connection that arrives after that is
 * released by the pool.
 *
 * <p>Thread-safe. Connections are opened by a {@link Connector}, whose handler installs the
 * caller's protocol handlers, so pools are protocol-agnostic.
 */
public interface ConnectionPool extends AutoCloseable {

  /**
   * A pool that keeps connections per address and reuses them. A pooled connection is checked
   * before reuse: it must be open, and must have received nothing while idle (a peer that talks
   * out of turn, or half-closed, gets the connection closed instead of reused).
   */
  static ConnectionPool longConnections(Connector connector, PoolOptions options) {
    return new LongConnectionPool(connector, options);
  }

  /** A pool that opens a connection per checkout and closes it on release (short connections). */
  static ConnectionPool shortConnections(Connector connector) {
    return new ShortConnectionPool(connector);
  }

  /**
   * A connection to {@code address} for the caller's exclusive use. Fails with the connector's
   * exceptions, or with {@link dev.tern.core.TransportException} of kind {@code SHUTTING_DOWN}
   * once the pool is closed.
   */
  CompletableFuture<Channel> acquire(Address address);

  /** Gives a clean connection back for reuse (or closes it, when the pool keeps no more). */
  void release(Channel channel);

  /** Gives back a connection that must not be reused; it is closed. */
  void discard(Channel channel);

  /** Idle connections held for reuse right now, all addresses together. */
  int idleCount();

  /** Connections open or being opened right now, all addresses together. */
  int openCount();

  /**
   * Stops handing out connections and closes the idle ones; connections in use are closed when
   * given back, so calls in flight can finish.
   */
  @Override
  void close();
}
