package dev.tern.governance.retry;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** How long to wait before retry attempt {@code n} (n = 2 for the first retry). */
@FunctionalInterface
public interface Backoff {

  /** The pause before attempt {@code attempt} (2 or more), in nanoseconds. */
  long delayNanos(int attempt);

  /** No pause. */
  static Backoff none() {
    return attempt -> 0;
  }

  /** The same pause every time. */
  static Backoff fixed(Duration delay) {
    long d = nonNegative(delay);
    return attempt -> d;
  }

  /** A pause drawn uniformly from [min, max]. */
  static Backoff random(Duration min, Duration max) {
    long lo = nonNegative(min);
    long hi = nonNegative(max);
    if (hi < lo) throw new IllegalArgumentException("max below min");
    return attempt -> lo + ThreadLocalRandom.current().nextLong(hi - lo + 1);
  }

  /**
   * {@code base * 2^(attempt-2)}, capped at {@code max}, then reduced by a random fraction up to
   * {@code jitter} (0..1) so that clients that failed together do not retry together.
   */
  static Backoff exponential(Duration base, Duration max, double jitter) {
    long b = nonNegative(base);
    long m = nonNegative(max);
    if (jitter < 0 || jitter > 1) throw new IllegalArgumentException("jitter must be within [0, 1]: " + jitter);
    return attempt -> {
      int shift = Math.min(Math.max(attempt - 2, 0), 62);
      long d = b > (m >> shift) ? m : Math.min(m, b << shift);
      return d - (long) (d * jitter * ThreadLocalRandom.current().nextDouble());
    };
  }

  private static long nonNegative(Duration d) {
    if (d.isNegative()) throw new IllegalArgumentException("negative duration: " + d);
    return d.toNanos();
  }
}
