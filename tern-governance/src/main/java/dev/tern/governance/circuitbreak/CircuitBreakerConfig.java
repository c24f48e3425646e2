package dev.tern.governance.circuitbreak;

import java.time.Duration;
import java.util.Objects;

/**
 * When a {@link CircuitBreaker} trips and how it recovers. Any enabled condition trips it:
 * an error rate over the sliding window once it holds {@code minSamples} calls, a run of
 * consecutive failures, or an error count within the window.
 *
 * @param window length of the sliding window of call outcomes
 * @param buckets number of time buckets the window is split into (its resolution)
 * @param minSamples calls the window must hold before the error rate counts
 * @param errorRate trip when failures / calls reaches this (0..1]; above 1 disables it
 * @param consecutiveFailures trip after this many failures in a row; 0 disables it
 * @param errorCount trip when the window holds this many failures; 0 disables it
 * @param openDuration how long an open breaker rejects calls before it lets probes through
 * @param halfOpenProbes probe calls let through when half open; all must succeed to close
 */
public record CircuitBreakerConfig(Duration window, int buckets, int minSamples, double errorRate,
    int consecutiveFailures, int errorCount, Duration openDuration, int halfOpenProbes) {

  /**
   * 10 s window in 10 buckets; trips at a 50% error rate over at least 20 calls or after 10
   * failures in a row; stays open 5 s; 3 probes.
   */
  public static final CircuitBreakerConfig DEFAULT =
      new CircuitBreakerConfig(Duration.ofSeconds(10), 10, 20, 0.5, 10, 0, Duration.ofSeconds(5), 3);

  public CircuitBreakerConfig {
    Objects.requireNonNull(window, "window");
    Objects.requireNonNull(openDuration, "openDuration");
    if (window.isNegative() || window.isZero()) throw new IllegalArgumentException("window must be positive");
    if (buckets < 1) throw new IllegalArgumentException("buckets must be positive");
    if (window.toNanos() / buckets == 0) throw new IllegalArgumentException("buckets shorter than 1 ns");
    if (minSamples < 1) throw new IllegalArgumentException("minSamples must be positive");
    if (!(errorRate > 0)) throw new IllegalArgumentException("errorRate must be positive");
    if (consecutiveFailures < 0 || errorCount < 0) throw new IllegalArgumentException("negative threshold");
    if (openDuration.isNegative()) throw new IllegalArgumentException("negative openDuration");
    if (halfOpenProbes < 1) throw new IllegalArgumentException("halfOpenProbes must be positive");
  }

  public CircuitBreakerConfig withWindow(Duration window, int buckets) {
    return new CircuitBreakerConfig(window, buckets, minSamples, errorRate, consecutiveFailures, errorCount, openDuration, halfOpenProbes);
  }

  public CircuitBreakerConfig withErrorRate(double errorRate, int minSamples) {
    return new CircuitBreakerConfig(window, buckets, minSamples, errorRate, consecutiveFailures, errorCount, openDuration, halfOpenProbes);
  }

  public CircuitBreakerConfig withConsecutiveFailures(int consecutiveFailures) {
    return new CircuitBreakerConfig(window, buckets, minSamples, errorRate, consecutiveFailures, errorCount, openDuration, halfOpenProbes);
  }

  public CircuitBreakerConfig withErrorCount(int errorCount) {
    return new CircuitBreakerConfig(window, buckets, minSamples, errorRate, consecutiveFailures, errorCount, openDuration, halfOpenProbes);
  }

  public CircuitBreakerConfig withOpenDuration(Duration openDuration) {
    return new CircuitBreakerConfig(window, buckets, minSamples, errorRate, consecutiveFailures, errorCount, openDuration, halfOpenProbes);
  }

  public CircuitBreakerConfig withHalfOpenProbes(int halfOpenProbes) {
    return new CircuitBreakerConfig(window, buckets, minSamples, errorRate, consecutiveFailures, errorCount, openDuration, halfOpenProbes);
  }
}
