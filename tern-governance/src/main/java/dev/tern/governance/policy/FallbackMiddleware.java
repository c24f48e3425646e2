package dev.tern.governance.policy;

import dev.tern.core.CallContext;
import dev.tern.core.Middleware;
import dev.tern.core.RpcTimeoutException;
import dev.tern.core.Service;
import dev.tern.governance.GovernanceEvents;
import dev.tern.governance.circuitbreak.CircuitOpenException;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.BiFunction;
import java.util.function.Predicate;

/**
 * Turns a failed call into an answer (Kitex's fallback policy): when the call fails with an error
 * the predicate accepts, the fallback function's result is the call's response instead. Place it
 * outermost on a client, so that it sees the outcome of retries and breakers:
 *
 * <pre>{@code
 * ThriftClient client = ThriftClient.builder()
 *     .middleware(FallbackMiddleware.onTimeoutOrCircuitOpen((ctx, error) -> GetPriceResult.success(cachedPrice)))
 *     .middleware(retry).middleware(lb).middleware(breaker)
 *     .build();
 * }</pre>
 *
 * <p>The function gets the call's context and the error, and returns the response object the
 * caller expects: for Thrift calls the method's result struct (as the generated code's
 * {@code *Result} type). It may throw to fail the call with another error. The event
 * {@code fallback after RpcTimeoutException} is recorded.
 */
public final class FallbackMiddleware implements Middleware<Object, Object> {

  private final Predicate<Throwable> when;
  private final BiFunction<CallContext, Throwable, Object> fallback;

  private FallbackMiddleware(Predicate<Throwable> when, BiFunction<CallContext, Throwable, Object> fallback) {
    this.when = Objects.requireNonNull(when, "when");
    this.fallback = Objects.requireNonNull(fallback, "fallback");
  }

  /** Falls back on every error. */
  public static FallbackMiddleware onError(BiFunction<CallContext, Throwable, Object> fallback) {
    return new FallbackMiddleware(e -> true, fallback);
  }

  /**
   * Falls back on timeouts and open circuit breakers only (Kitex's TimeoutAndCBFallback): the
   * failures a cached or default answer suits; other errors reach the caller.
   */
  public static FallbackMiddleware onTimeoutOrCircuitOpen(BiFunction<CallContext, Throwable, Object> fallback) {
    return new FallbackMiddleware(e -> e instanceof RpcTimeoutException || e instanceof CircuitOpenException, fallback);
  }

  /** Falls back on the errors {@code when} accepts. */
  public static FallbackMiddleware when(Predicate<Throwable> when, BiFunction<CallContext, Throwable, Object> fallback) {
    return new FallbackMiddleware(when, fallback);
  }

  @Override
  public Service<Object, Object> wrap(Service<Object, Object> next) {
    return (ctx, request) -> {
      CompletableFuture<Object> f;
      try {
        f = next.call(ctx, request);
      } catch (Throwable t) {
        f = CompletableFuture.failedFuture(t);
      }
      return f.exceptionallyCompose(e -> {
        Throwable cause = e;
        while (cause instanceof CompletionException && cause.getCause() != null) cause = cause.getCause();
        if (!when.test(cause)) return CompletableFuture.failedFuture(cause);
        GovernanceEvents.record(ctx, "fallback after " + cause.getClass().getSimpleName());
        try {
          return CompletableFuture.completedFuture(fallback.apply(ctx, cause));
        } catch (Throwable t) {
          return CompletableFuture.failedFuture(t);
        }
      });
    };
  }
}
