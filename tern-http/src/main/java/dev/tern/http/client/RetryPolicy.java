package dev.tern.http.client;

import dev.tern.governance.retry.Backoff;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.time.Duration;
import java.util.Objects;

/**
 * When a failed request is sent again. An attempt is retried if the predicate says so, attempts
 * are left and the request is {@linkplain ClientRequest#isReplayable replayable}; with discovery,
 * a retry goes to another instance when there is one.
 *
 * <p>The {@linkplain #isRetryable default predicate} retries a connection that could not be made
 * (nothing was sent, so any method), and, for idempotent methods only, other I/O failures and the
 * statuses 502, 503 and 504.
 *
 * <pre>{@code
 * RetryPolicy.attempts(3)
 *     .backoff(Backoff.exponential(Duration.ofMillis(20), Duration.ofSeconds(1), 0.5))
 *     .retryOn((req, resp, err) -> err != null || resp.status() == 429);
 * }</pre>
 */
public final class RetryPolicy {

  /** Decides whether to retry; exactly one of {@code response} and {@code error} is non-null. */
  @FunctionalInterface
  public interface Predicate {
    boolean shouldRetry(ClientRequest request, ClientResponse response, IOException error);
  }

  private static final RetryPolicy NONE = new RetryPolicy(1, Backoff.none(), RetryPolicy::isRetryable);

  private final int maxAttempts;
  private final Backoff backoff;
  private final Predicate predicate;

  private RetryPolicy(int maxAttempts, Backoff backoff, Predicate predicate) {
    this.maxAttempts = maxAttempts;
    this.backoff = backoff;
    this.predicate = predicate;
  }

  /** One attempt, no retries (the default). */
  public static RetryPolicy none() {
    return NONE;
  }

  /**
   * Up to {@code maxAttempts} attempts in all, with the default predicate and an exponential
   * backoff from 10 ms to 1 s with 50% jitter.
   */
  public static RetryPolicy attempts(int maxAttempts) {
    if (maxAttempts < 1) throw new IllegalArgumentException("at least one attempt: " + maxAttempts);
    return new RetryPolicy(maxAttempts, Backoff.exponential(Duration.ofMillis(10), Duration.ofSeconds(1), 0.5),
        RetryPolicy::isRetryable);
  }

  /** The same policy with another pause between attempts. */
  public RetryPolicy backoff(Backoff backoff) {
    return new RetryPolicy(maxAttempts, Objects.requireNonNull(backoff, "backoff"), predicate);
  }

  /** The same policy with another predicate. */
  public RetryPolicy retryOn(Predicate predicate) {
    return new RetryPolicy(maxAttempts, backoff, Objects.requireNonNull(predicate, "predicate"));
  }

  public int maxAttempts() {
    return maxAttempts;
  }

  public Backoff backoff() {
    return backoff;
  }

  public Predicate predicate() {
    return predicate;
  }

  /** The default predicate (see the class documentation). */
  public static boolean isRetryable(ClientRequest request, ClientResponse response, IOException error) {
    if (error instanceof ConnectException || error instanceof HttpConnectTimeoutException) return true;
    if (!request.isIdempotent()) return false;
    if (error != null) return true;
    int s = response.status();
    return s == 502 || s == 503 || s == 504;
  }
}
