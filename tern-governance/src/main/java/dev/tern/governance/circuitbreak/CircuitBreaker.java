package dev.tern.governance.circuitbreak;

import java.util.Arrays;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * One circuit breaker: CLOSED lets calls through and watches their outcomes in a sliding window
 * of time buckets; when a {@linkplain CircuitBreakerConfig trip condition} holds it turns OPEN
 * and rejects calls for the open duration; then HALF_OPEN lets a few probes through: if they all
 * succeed it closes (with an empty window), if one fails it opens again.
 *
 * <p>Use: {@link #tryAcquire()} before a call (false: reject it), then {@link #onSuccess()} or
 * {@link #onFailure()} once for each acquired call. Thread-safe; each breaker has its own lock,
 * held for a few arithmetic operations.
 */
public final class CircuitBreaker {

  /** Breaker states. */
  public enum State { CLOSED, OPEN, HALF_OPEN }

  private final CircuitBreakerConfig config;
  private final LongSupplier clock;
  private final long bucketNanos;
  private final long[] bucketStart;
  private final int[] successes;
  private final int[] failures;
  private State state = State.CLOSED;
  private int consecutiveFailures;
  private long openedAt;
  private int probesInFlight;
  private int probesSucceeded;

  /** A breaker on the system clock. */
  public CircuitBreaker(CircuitBreakerConfig config) {
    this(config, System::nanoTime);
  }

  /** A breaker on {@code nanoClock}, a {@link System#nanoTime()}-like clock (tests pass a fake). */
  public CircuitBreaker(CircuitBreakerConfig config, LongSupplier nanoClock) {
    this.config = Objects.requireNonNull(config, "config");
    this.clock = Objects.requireNonNull(nanoClock, "nanoClock");
    this.bucketNanos = config.window().toNanos() / config.buckets();
    this.bucketStart = new long[config.buckets()];
    this.successes = new int[config.buckets()];
    this.failures = new int[config.buckets()];
    Arrays.fill(bucketStart, Long.MIN_VALUE);
  }

  /** The state now (an OPEN breaker whose open duration passed reports HALF_OPEN). */
  public synchronized State state() {
    advance(clock.getAsLong());
    return state;
  }

  /** Whether a call would be let through now, without taking a probe slot. */
  public synchronized boolean isCallPermitted() {
    advance(clock.getAsLong());
    return state == State.CLOSED || (state == State.HALF_OPEN && probesInFlight + probesSucceeded < config.halfOpenProbes());
  }

  /** Lets a call through (true) or rejects it (false). */
  public synchronized boolean tryAcquire() {
    advance(clock.getAsLong());
    return switch (state) {
      case CLOSED -> true;
      case OPEN -> false;
      case HALF_OPEN -> {
        if (probesInFlight + probesSucceeded >= config.halfOpenProbes()) yield false;
        probesInFlight++;
        yield true;
      }
    };
  }

  /** An acquired call succeeded. Returns the state after it. */
  public synchronized State onSuccess() {
    long now = clock.getAsLong();
    advance(now);
    consecutiveFailures = 0;
    if (state == State.HALF_OPEN) {
      probesInFlight = Math.max(0, probesInFlight - 1);
      if (++probesSucceeded >= config.halfOpenProbes()) close();
    } else if (state == State.CLOSED) {
      successes[bucket(now)]++;
    }
    return state;
  }

  /** An acquired call failed. Returns the state after it. */
  public synchronized State onFailure() {
    long now = clock.getAsLong();
    advance(now);
    switch (state) {
      case HALF_OPEN -> open(now);
      case OPEN -> { } // a call acquired before the breaker opened; it changes nothing
      case CLOSED -> {
        failures[bucket(now)]++;
        consecutiveFailures++;
        if (shouldTrip(now)) open(now);
      }
    }
    return state;
  }

  /** Calls counted in the window now: {successes, failures}. */
  public synchronized int[] windowCounts() {
    return windowCountsAt(clock.getAsLong());
  }

  private boolean shouldTrip(long now) {
    if (config.consecutiveFailures() > 0 && consecutiveFailures >= config.consecutiveFailures()) return true;
    int[] c = windowCountsAt(now);
    int total = c[0] + c[1];
    if (config.errorCount() > 0 && c[1] >= config.errorCount()) return true;
    return total >= config.minSamples() && (double) c[1] / total >= config.errorRate();
  }

  private int[] windowCountsAt(long now) {
    int s = 0;
    int f = 0;
    for (int i = 0; i < bucketStart.length; i++) {
      if (live(i, now)) {
        s += successes[i];
        f += failures[i];
      }
    }
    return new int[] {s, f};
  }

  private boolean live(int i, long now) {
    return bucketStart[i] != Long.MIN_VALUE && now - bucketStart[i] < config.window().toNanos();
  }

  /** The bucket for {@code now}, cleared if it last held an older slot of the ring. */
  private int bucket(long now) {
    long slot = Math.floorDiv(now, bucketNanos);
    int i = (int) Math.floorMod(slot, (long) bucketStart.length);
    long start = slot * bucketNanos;
    if (bucketStart[i] != start) {
      bucketStart[i] = start;
      successes[i] = 0;
      failures[i] = 0;
    }
    return i;
  }

  private void advance(long now) {
    if (state == State.OPEN && now - openedAt >= config.openDuration().toNanos()) {
      state = State.HALF_OPEN;
      probesInFlight = 0;
      probesSucceeded = 0;
    }
  }

  private void open(long now) {
    state = State.OPEN;
    openedAt = now;
    probesInFlight = 0;
    probesSucceeded = 0;
  }

  private void close() {
    state = State.CLOSED;
    consecutiveFailures = 0;
    Arrays.fill(bucketStart, Long.MIN_VALUE);
    Arrays.fill(successes, 0);
    Arrays.fill(failures, 0);
  }
}
