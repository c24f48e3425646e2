package dev.tern.governance.retry;

import dev.tern.core.CallContext;
import dev.tern.core.Middleware;
import dev.tern.core.RpcException;
import dev.tern.core.Service;
import dev.tern.governance.GovernanceEvents;
import dev.tern.governance.discovery.Instance;
import dev.tern.governance.loadbalance.LoadBalancingMiddleware;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Retries as middleware, in one of Kitex's two modes:
 *
 * <ul>
 *   <li>{@linkplain #failureRetry() failure retry}: when an attempt fails with an error the
 *       {@linkplain Builder#retryOn predicate} accepts (by default a retryable
 *       {@link RpcException}) or answers a result {@linkplain Builder#retryOnResult to retry},
 *       wait the {@link Backoff} and try again;
 *   <li>{@linkplain #backupRequest(Duration) backup request}: when an attempt has not answered
 *       after a delay, send the same call again and take whichever answer comes first (this cuts
 *       the latency tail a slow instance causes; use it for idempotent methods only).
 * </ul>
 *
 * Both stop at the maximum attempts, the maximum total duration and the call's deadline, and
 * every extra attempt takes a token from the {@link RetryBudget}. Place this middleware before
 * {@link LoadBalancingMiddleware}: each attempt is balanced anew and avoids the instances earlier
 * attempts went to.
 *
 * <p>The attempts of a call share its {@link CallContext}; they start one at a time, and the
 * transport reads what it needs from the context when an attempt starts.
 */
public final class RetryMiddleware implements Middleware<Object, Object> {

  /** The default retry condition: a {@link RpcException} that says it is retryable. */
  public static final Predicate<Throwable> RETRYABLE = t -> t instanceof RpcException e && e.isRetryable();

  private final boolean backup;
  private final Duration backupDelay;
  private final int maxAttempts;
  private final long maxDurationNanos;
  private final Backoff backoff;
  private final Predicate<Throwable> retryOn;
  private final Predicate<Object> retryOnResult;
  private final RetryBudget budget;

  private RetryMiddleware(Builder b) {
    this.backup = b.backupDelay != null;
    this.backupDelay = b.backupDelay;
    this.maxAttempts = b.maxAttempts;
    this.maxDurationNanos = b.maxDuration == null ? Long.MAX_VALUE : b.maxDuration.toNanos();
    this.backoff = b.backoff;
    this.retryOn = b.retryOn;
    this.retryOnResult = b.retryOnResult;
    this.budget = b.budget;
  }

  /** Failure retry: 2 attempts, no backoff, retryable RpcExceptions, unlimited budget, by default. */
  public static Builder failureRetry() {
    return new Builder(null);
  }

  /**
   * Backup requests: a second attempt after {@code delay} without an answer (2 attempts by
   * default). A failed attempt with nothing else in flight is retried at once if the
   * {@linkplain Builder#retryOn retry condition} accepts its error.
   */
  public static Builder backupRequest(Duration delay) {
    Objects.requireNonNull(delay, "delay");
    if (delay.isNegative()) throw new IllegalArgumentException("negative delay");
    return new Builder(delay);
  }

  /** The budget extra attempts draw from. */
  public RetryBudget budget() {
    return budget;
  }

  /**
   * A per-call policy: a call whose context holds a RetryMiddleware under this key is retried by
   * that one's rules instead of this one's (set it with the client's call options, e.g.
   * {@code CallOptions.ofTimeout(t).with(RetryMiddleware.POLICY, RetryMiddleware.none())}).
   */
  public static final dev.tern.core.AttributeKey<RetryMiddleware> POLICY = dev.tern.core.AttributeKey.of("tern.retry.policy");

  /** A policy that makes one attempt only: for calls that must not be repeated (not idempotent). */
  public static RetryMiddleware none() {
    return failureRetry().maxAttempts(1).build();
  }

  @Override
  public Service<Object, Object> wrap(Service<Object, Object> next) {
    Service<Object, Object> mine = attempts(next);
    return (ctx, request) -> {
      RetryMiddleware override = ctx.attr(POLICY);
      if (override != null && override != this) {
        return override.attempts(next).call(ctx, request);
      }
      return mine.call(ctx, request);
    };
  }

  private Service<Object, Object> attempts(Service<Object, Object> next) {
    return (ctx, request) -> {
      budget.onCall();
      // Created up front: backup attempts run on other threads and must not add keys concurrently.
      GovernanceEvents.of(ctx);
      if (ctx.attr(LoadBalancingMiddleware.ATTEMPTED) == null) {
        ctx.attr(LoadBalancingMiddleware.ATTEMPTED, ConcurrentHashMap.newKeySet());
      }
      Attempts call = new Attempts(next, ctx, request);
      call.launch(1, null);
      if (backup) call.scheduleBackup();
      return call.result;
    };
  }

  /** The attempts of one call. */
  private final class Attempts {
    final Service<Object, Object> next;
    final CallContext ctx;
    final Object request;
    final long startNanos = System.nanoTime();
    final CompletableFuture<Object> result = new CompletableFuture<>();
    final List<CompletableFuture<Object>> inFlight = new ArrayList<>(2);
    int launched;

    Attempts(Service<Object, Object> next, CallContext ctx, Object request) {
      this.next = next;
      this.ctx = ctx;
      this.request = request;
    }

    void launch(int attempt, String why) {
      CompletableFuture<Object> f;
      // Attempts start one at a time: they share the context, which the balancer writes and the
      // transport reads while an attempt starts.
      synchronized (this) {
        if (result.isDone() || attempt <= launched) return; // done, or the timer and a failure raced
        launched = attempt;
        try {
          f = next.call(ctx, request);
        } catch (Throwable t) {
          f = CompletableFuture.failedFuture(t);
        }
        inFlight.add(f);
        if (why != null) {
          Instance picked = ctx.attr(LoadBalancingMiddleware.PICKED);
          GovernanceEvents.record(ctx, (backup ? "backup" : "retried") + " attempt " + attempt
              + (picked == null ? "" : " on " + picked.address()) + " " + why);
        }
      }
      CompletableFuture<Object> attemptFuture = f;
      f.whenComplete((r, e) -> done(attemptFuture, r, unwrap(e)));
    }

    void scheduleBackup() {
      CompletableFuture.delayedExecutor(backupDelay.toNanos(), TimeUnit.NANOSECONDS).execute(() -> {
        int attempt;
        synchronized (this) {
          if (result.isDone() || launched >= maxAttempts) return;
          attempt = launched + 1;
        }
        if (!mayRetry(attempt, 0)) return;
        launch(attempt, "after " + backupDelay.toMillis() + " ms without an answer");
        scheduleBackup();
      });
    }

    void done(CompletableFuture<Object> f, Object r, Throwable error) {
      boolean again = error != null ? retryOn.test(error) : retryOnResult.test(r);
      int nextAttempt;
      synchronized (this) {
        inFlight.remove(f);
        if (result.isDone()) return;
        if (!again || launched >= maxAttempts) {
          if (error == null) finish(r, null);
          else if (inFlight.isEmpty()) finish(null, error); // otherwise a backup attempt may still answer
          return;
        }
        if (backup && !inFlight.isEmpty()) return; // the attempt in flight decides
        nextAttempt = launched + 1;
      }
      long delay = backup ? 0 : backoff.delayNanos(nextAttempt);
      if (!mayRetry(nextAttempt, delay)) {
        synchronized (this) {
          if (inFlight.isEmpty()) finish(r, error);
        }
        return;
      }
      String why = "after " + (error == null ? "a result to retry" : error.getClass().getSimpleName());
      if (delay <= 0) {
        launch(nextAttempt, why);
      } else {
        CompletableFuture.delayedExecutor(delay, TimeUnit.NANOSECONDS).execute(() -> launch(nextAttempt, why));
      }
    }

    /** Whether one more attempt fits the limits, taking a budget token if so. */
    private boolean mayRetry(int attempt, long delayNanos) {
      String stop = null;
      if (System.nanoTime() - startNanos + delayNanos > maxDurationNanos) stop = "max duration reached";
      else if (ctx.remainingNanos() <= delayNanos) stop = "deadline reached";
      else if (!budget.tryRetry()) stop = "retry budget spent";
      if (stop == null) return true;
      GovernanceEvents.record(ctx, "no attempt " + attempt + ": " + stop);
      return false;
    }

    private void finish(Object r, Throwable error) {
      // Complete first: cancelling the losers runs their callbacks, which must find the call done.
      if (error != null) result.completeExceptionally(error);
      else result.complete(r);
      List<CompletableFuture<Object>> losers = List.copyOf(inFlight);
      inFlight.clear();
      for (CompletableFuture<Object> f : losers) f.cancel(false);
    }
  }

  private static Throwable unwrap(Throwable t) {
    while (t instanceof CompletionException && t.getCause() != null) t = t.getCause();
    return t;
  }

  /** Configures a {@link RetryMiddleware}. */
  public static final class Builder {
    private final Duration backupDelay;
    private int maxAttempts = 2;
    private Duration maxDuration;
    private Backoff backoff = Backoff.none();
    private Predicate<Throwable> retryOn = RETRYABLE;
    private Predicate<Object> retryOnResult = r -> false;
    private RetryBudget budget = RetryBudget.unlimited();

    private Builder(Duration backupDelay) {
      this.backupDelay = backupDelay;
    }

    /** Attempts in all, the first included (default 2; at least 1). */
    public Builder maxAttempts(int maxAttempts) {
      if (maxAttempts < 1) throw new IllegalArgumentException("maxAttempts must be positive");
      this.maxAttempts = maxAttempts;
      return this;
    }

    /** No attempt starts later than this after the call began (default: only the deadline). */
    public Builder maxDuration(Duration maxDuration) {
      this.maxDuration = Objects.requireNonNull(maxDuration, "maxDuration");
      return this;
    }

    /** The pause before each retry of a failure retry (default none). */
    public Builder backoff(Backoff backoff) {
      this.backoff = Objects.requireNonNull(backoff, "backoff");
      return this;
    }

    /** Which errors to retry (default {@link #RETRYABLE}); e.g. {@code RETRYABLE.or(...)}. */
    public Builder retryOn(Predicate<Throwable> retryOn) {
      this.retryOn = Objects.requireNonNull(retryOn, "retryOn");
      return this;
    }

    /** Which successful results to retry (default none), e.g. a result carrying a declared error. */
    public Builder retryOnResult(Predicate<Object> retryOnResult) {
      this.retryOnResult = Objects.requireNonNull(retryOnResult, "retryOnResult");
      return this;
    }

    /** The budget extra attempts draw from (default unlimited). */
    public Builder budget(RetryBudget budget) {
      this.budget = Objects.requireNonNull(budget, "budget");
      return this;
    }

    public RetryMiddleware build() {
      return new RetryMiddleware(this);
    }
  }
}
