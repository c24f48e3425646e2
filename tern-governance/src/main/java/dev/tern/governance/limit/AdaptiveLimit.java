package dev.tern.governance.limit;

/**
 * A concurrency limit that finds itself from latency, in the style of Netflix's
 * concurrency-limits "gradient" algorithm: it compares the recent round-trip time with a slow,
 * long-term average of it. While the two agree the server is not queueing and the limit grows
 * (by up to {@code queueSize} per update); when recent latency rises above {@code tolerance}
 * times the long-term one, calls are queueing somewhere (threads, locks, a database) and the
 * limit shrinks in proportion, by at most half per update. So load is shed as soon as latency
 * starts to climb, not once it has exploded.
 *
 * <p>Samples are taken in windows of {@code windowSize} calls; each window's average latency and
 * highest concurrency make one update. A window whose concurrency stayed under half the limit
 * does not grow it (the limit was not what held the traffic back). The long-term average falls
 * back quickly when latency drops to less than half of it, so the limit recovers after an
 * incident. Thread-safe.
 *
 * <pre>{@code
 * AdaptiveLimit limit = AdaptiveLimit.gradient().initialLimit(50).maxLimit(500).build();
 * ThriftServer.builder().middleware(LimitMiddleware.adaptive(limit)) ...
 * limit.limit(); // the current estimate, e.g. for a gauge
 * }</pre>
 */
public final class AdaptiveLimit {

  private final int minLimit;
  private final int maxLimit;
  private final double tolerance;
  private final double smoothing;
  private final int queueSize;
  private final int windowSize;
  private final double longFactor;

  private volatile int limit;
  // guarded by this
  private double estimate;
  private double longRtt; // 0 before the first window
  private long windowRttSum;
  private int windowCount;
  private int windowMaxInFlight;

  private AdaptiveLimit(Builder b) {
    if (b.minLimit < 1 || b.maxLimit < b.minLimit) throw new IllegalArgumentException("need 1 <= minLimit <= maxLimit");
    if (b.initialLimit < b.minLimit || b.initialLimit > b.maxLimit) {
      throw new IllegalArgumentException("initialLimit must be within [minLimit, maxLimit]");
    }
    this.minLimit = b.minLimit;
    this.maxLimit = b.maxLimit;
    this.tolerance = b.tolerance;
    this.smoothing = b.smoothing;
    this.queueSize = b.queueSize;
    this.windowSize = b.windowSize;
    this.longFactor = 2.0 / (b.longWindow + 1);
    this.estimate = b.initialLimit;
    this.limit = b.initialLimit;
  }

  /** A gradient limit; every setting has a default. */
  public static Builder gradient() {
    return new Builder();
  }

  /** Calls allowed in flight now. */
  public int limit() {
    return limit;
  }

  /**
   * One call finished after {@code rttNanos}, with {@code inFlight} calls in flight when it
   * started (itself included). {@link LimitMiddleware} reports every admitted call.
   */
  public synchronized void onSample(long rttNanos, int inFlight) {
    if (rttNanos <= 0) rttNanos = 1;
    windowRttSum += rttNanos;
    windowMaxInFlight = Math.max(windowMaxInFlight, inFlight);
    if (++windowCount < windowSize) return;
    double shortRtt = (double) windowRttSum / windowCount;
    int maxInFlight = windowMaxInFlight;
    windowRttSum = 0;
    windowCount = 0;
    windowMaxInFlight = 0;
    update(shortRtt, maxInFlight);
  }

  private void update(double shortRtt, int maxInFlight) {
    longRtt = longRtt == 0 ? shortRtt : longRtt + (shortRtt - longRtt) * longFactor;
    if (longRtt / shortRtt > 2) longRtt *= 0.95; // latency is back to normal: forget the incident sooner
    if (maxInFlight < estimate / 2) return; // the limit did not bind: no evidence to grow on
    double gradient = Math.max(0.5, Math.min(1.0, tolerance * longRtt / shortRtt));
    double target = estimate * gradient + queueSize;
    estimate = Math.max(minLimit, Math.min(maxLimit, estimate * (1 - smoothing) + target * smoothing));
    limit = (int) estimate;
  }

  /** Configures an {@link AdaptiveLimit}. */
  public static final class Builder {
    private int initialLimit = 20;
    private int minLimit = 1;
    private int maxLimit = 1000;
    private double tolerance = 1.5;
    private double smoothing = 0.2;
    private int queueSize = 4;
    private int windowSize = 10;
    private int longWindow = 600;

    private Builder() {}

    /** The limit before any sample (default 20). */
    public Builder initialLimit(int initialLimit) {
      this.initialLimit = initialLimit;
      return this;
    }

    /** The limit never goes below this (default 1). */
    public Builder minLimit(int minLimit) {
      this.minLimit = minLimit;
      return this;
    }

    /** The limit never goes above this (default 1000). */
    public Builder maxLimit(int maxLimit) {
      this.maxLimit = maxLimit;
      return this;
    }

    /**
     * How much slower than the long-term average recent calls may be before the limit shrinks
     * (default 1.5: 50% slower).
     */
    public Builder tolerance(double tolerance) {
      if (!(tolerance >= 1)) throw new IllegalArgumentException("tolerance must be at least 1: " + tolerance);
      this.tolerance = tolerance;
      return this;
    }

    /** How far each update moves the limit toward its target, in (0, 1] (default 0.2). */
    public Builder smoothing(double smoothing) {
      if (!(smoothing > 0 && smoothing <= 1)) throw new IllegalArgumentException("smoothing must be within (0, 1]");
      this.smoothing = smoothing;
      return this;
    }

    /** Headroom added to the limit per update while latency holds (default 4). */
    public Builder queueSize(int queueSize) {
      if (queueSize < 0) throw new IllegalArgumentException("negative queueSize");
      this.queueSize = queueSize;
      return this;
    }

    /** Calls per update (default 10). */
    public Builder windowSize(int windowSize) {
      if (windowSize < 1) throw new IllegalArgumentException("windowSize must be positive");
      this.windowSize = windowSize;
      return this;
    }

    /** Updates the long-term latency average spans, roughly (default 600). */
    public Builder longWindow(int longWindow) {
      if (longWindow < 1) throw new IllegalArgumentException("longWindow must be positive");
      this.longWindow = longWindow;
      return this;
    }

    /** @throws IllegalArgumentException unless 1 <= minLimit <= initialLimit <= maxLimit */
    public AdaptiveLimit build() {
      return new AdaptiveLimit(this);
    }
  }
}
