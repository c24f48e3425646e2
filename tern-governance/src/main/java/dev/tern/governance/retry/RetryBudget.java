package dev.tern.governance.retry;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Caps retries (and backup requests) at a share of calls, so that a failing dependency does not
 * see its load multiplied: every call deposits {@code ratio} tokens, every retry withdraws one,
 * and the bucket holds at most {@code maxTokens} (it starts full, which allows a burst of that
 * many retries). Share one budget among the clients of a service.
 */
public final class RetryBudget {

  private static final long SCALE = 1000; // milli-tokens, so ratios like 0.1 stay exact

  private final long depositMilli;
  private final long maxMilli;
  private final AtomicLong tokens;
  private final boolean unlimited;

  private RetryBudget(double ratio, int maxTokens, boolean unlimited) {
    this.unlimited = unlimited;
    if (!(ratio >= 0) || ratio > 1) throw new IllegalArgumentException("ratio must be within [0, 1]: " + ratio);
    if (maxTokens < 1) throw new IllegalArgumentException("maxTokens must be positive");
    this.depositMilli = Math.round(ratio * SCALE);
    this.maxMilli = maxTokens * SCALE;
    this.tokens = new AtomicLong(maxMilli);
  }

  /** Retries up to {@code ratio} of calls (0.1: one retry per ten calls), bursting to {@code maxTokens}. */
  public static RetryBudget of(double ratio, int maxTokens) {
    return new RetryBudget(ratio, maxTokens, false);
  }

  /** No limit beyond the policies' own. */
  public static RetryBudget unlimited() {
    return new RetryBudget(0, 1, true);
  }

  /** A call was made. */
  public void onCall() {
    if (unlimited) return;
    tokens.updateAndGet(t -> Math.min(maxMilli, t + depositMilli));
  }

  /** Takes a token for one retry; false when the budget is spent. */
  public boolean tryRetry() {
    if (unlimited) return true;
    while (true) {
      long t = tokens.get();
      if (t < SCALE) return false;
      if (tokens.compareAndSet(t, t - SCALE)) return true;
    }
  }

  /** Retries the budget allows now. */
  public double available() {
    return unlimited ? Double.POSITIVE_INFINITY : (double) tokens.get() / SCALE;
  }
}
