package dev.tern.transport;

import java.time.Duration;

/**
 * Limits of a long-connection pool, per remote address (Kitex's {@code connpool.IdleConfig} plus a
 * cap on open connections).
 *
 * @param maxIdle idle connections kept for reuse; a connection released beyond this is closed
 * @param minIdle idle connections never closed for being idle too long
 * @param idleTimeout how long a connection may sit idle before it is closed
 * @param maxConnections open connections (idle, in use and being opened) at most; a checkout
 *     beyond it waits for a release, up to the connect timeout
 */
public record PoolOptions(int maxIdle, int minIdle, Duration idleTimeout, int maxConnections) {

  /** 10 idle connections kept, none forced, 30 s idle timeout, no cap (Kitex's defaults). */
  public static final PoolOptions DEFAULT = new PoolOptions(10, 0, Duration.ofSeconds(30), Integer.MAX_VALUE);

  public PoolOptions {
    if (minIdle < 0 || maxIdle < minIdle) {
      throw new IllegalArgumentException("need 0 <= minIdle <= maxIdle, got minIdle=" + minIdle + " maxIdle=" + maxIdle);
    }
    if (idleTimeout == null || idleTimeout.isNegative() || idleTimeout.isZero()) {
      throw new IllegalArgumentException("idleTimeout must be positive: " + idleTimeout);
    }
    if (maxConnections <= 0) throw new IllegalArgumentException("maxConnections must be positive: " + maxConnections);
  }

  public PoolOptions withMaxIdle(int v) {
    return new PoolOptions(v, Math.min(minIdle, v), idleTimeout, maxConnections);
  }

  public PoolOptions withMinIdle(int v) {
    return new PoolOptions(Math.max(maxIdle, v), v, idleTimeout, maxConnections);
  }

  public PoolOptions withIdleTimeout(Duration v) {
    return new PoolOptions(maxIdle, minIdle, v, maxConnections);
  }

  public PoolOptions withMaxConnections(int v) {
    return new PoolOptions(maxIdle, minIdle, idleTimeout, v);
  }
}
