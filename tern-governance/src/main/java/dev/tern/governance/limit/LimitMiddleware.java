package dev.tern.governance.limit;

import dev.tern.core.CallContext;
import dev.tern.core.Middleware;
import dev.tern.core.Service;
import dev.tern.governance.GovernanceEvents;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * Server-side limits (Kitex's limiter): calls per second through a token bucket, calls in
 * flight, and an {@link AdaptiveLimit} on calls in flight that follows latency. A call over any
 * limit fails at once with {@link OverloadedException}, before the handler runs. Every limit can
 * be changed at run time ({@link #qps(int)}, {@link #maxConcurrency(int)},
 * {@link #adaptiveLimit(AdaptiveLimit)}), e.g. from a configuration watch.
 *
 * <pre>{@code
 * LimitMiddleware limit = LimitMiddleware.create(1000, 200);
 * ThriftServer.builder().middleware(limit).addService(...).build();
 * limit.qps(2000); // later, without a restart
 * }</pre>
 */
public final class LimitMiddleware implements Middleware<Object, Object> {

  private final LongSupplier clock;
  private final AtomicInteger inFlight = new AtomicInteger();
  private volatile int maxConcurrency;
  private volatile int qps;
  private volatile AdaptiveLimit adaptive;
  // token bucket state, guarded by this
  private double tokens;
  private long lastRefill;

  private LimitMiddleware(int qps, int maxConcurrency, LongSupplier clock) {
    this.clock = clock;
    qps(qps);
    maxConcurrency(maxConcurrency);
  }

  /**
   * @param qps calls per second allowed, with bursts up to one second's worth; 0 for no limit
   * @param maxConcurrency calls handled at once; 0 for no limit
   */
  public static LimitMiddleware create(int qps, int maxConcurrency) {
    return new LimitMiddleware(qps, maxConcurrency, System::nanoTime);
  }

  /**
   * Calls in flight limited by {@code limit}, which adapts to the latency of the calls it admits;
   * no QPS or fixed concurrency limit.
   */
  public static LimitMiddleware adaptive(AdaptiveLimit limit) {
    return create(0, 0).adaptiveLimit(limit);
  }

  /** As {@link #create} on a {@link System#nanoTime()}-like clock (tests pass a fake). */
  public static LimitMiddleware create(int qps, int maxConcurrency, LongSupplier nanoClock) {
    return new LimitMiddleware(qps, maxConcurrency, nanoClock);
  }

  /** Changes the calls-per-second limit (0: none); takes effect for the next call. */
  public LimitMiddleware qps(int qps) {
    if (qps < 0) throw new IllegalArgumentException("negative qps");
    synchronized (this) {
      if (this.qps == 0) { // a new limit starts with a full second of tokens
        tokens = qps;
        lastRefill = clock.getAsLong();
      } else {
        tokens = Math.min(tokens, qps);
      }
      this.qps = qps;
    }
    return this;
  }

  /** Changes the in-flight limit (0: none); calls already running are not interrupted. */
  public LimitMiddleware maxConcurrency(int maxConcurrency) {
    if (maxConcurrency < 0) throw new IllegalArgumentException("negative maxConcurrency");
    this.maxConcurrency = maxConcurrency;
    return this;
  }

  /**
   * Replaces the adaptive limit (null: none) at run time; it applies along with a fixed
   * {@linkplain #maxConcurrency concurrency limit}, whichever is lower.
   */
  public LimitMiddleware adaptiveLimit(AdaptiveLimit limit) {
    this.adaptive = limit;
    return this;
  }

  /** The adaptive limit in use, or null. */
  public AdaptiveLimit adaptiveLimit() {
    return adaptive;
  }

  /** Calls being handled now. */
  public int inFlight() {
    return inFlight.get();
  }

  @Override
  public Service<Object, Object> wrap(Service<Object, Object> next) {
    return (ctx, request) -> {
      int max = maxConcurrency;
      AdaptiveLimit adaptiveLimit = adaptive;
      int now = inFlight.incrementAndGet();
      if (now > max && max > 0) {
        inFlight.decrementAndGet();
        return reject(ctx, "concurrency limit");
      }
      if (adaptiveLimit != null && now > adaptiveLimit.limit()) {
        inFlight.decrementAndGet();
        return reject(ctx, "adaptive concurrency limit " + adaptiveLimit.limit());
      }
      if (!tryTakeToken()) {
        inFlight.decrementAndGet();
        return reject(ctx, "qps limit");
      }
      long start = System.nanoTime();
      CompletableFuture<Object> f;
      try {
        f = next.call(ctx, request);
      } catch (Throwable t) {
        f = CompletableFuture.failedFuture(t);
      }
      return f.whenComplete((r, e) -> {
        inFlight.decrementAndGet();
        if (adaptiveLimit != null) adaptiveLimit.onSample(System.nanoTime() - start, now);
      });
    };
  }

  private CompletableFuture<Object> reject(CallContext ctx, String reason) {
    GovernanceEvents.record(ctx, "rejected: " + reason);
    return CompletableFuture.failedFuture(new OverloadedException(reason));
  }

  private synchronized boolean tryTakeToken() {
    int limit = qps;
    if (limit == 0) return true;
    long now = clock.getAsLong();
    tokens = Math.min(limit, tokens + (now - lastRefill) * limit / 1e9);
    lastRefill = now;
    if (tokens < 1) return false;
    tokens -= 1;
    return true;
  }
}
