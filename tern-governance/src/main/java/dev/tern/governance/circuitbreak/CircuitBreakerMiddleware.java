package dev.tern.governance.circuitbreak;

import dev.tern.core.BizStatusException;
import dev.tern.core.CallContext;
import dev.tern.core.Middleware;
import dev.tern.core.RpcException;
import dev.tern.core.Service;
import dev.tern.governance.GovernanceEvents;
import dev.tern.governance.discovery.Instance;
import dev.tern.governance.loadbalance.LoadBalancingMiddleware;
import dev.tern.transport.Address;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * Circuit breaking as middleware, at one of two levels:
 *
 * <ul>
 *   <li>{@link #serviceLevel}: one breaker per caller/callee/method; place it outside retries
 *       (it then sees the outcome of the whole call).
 *   <li>{@link #instanceLevel}: one breaker per instance; place it after
 *       {@link LoadBalancingMiddleware} (it reads {@link LoadBalancingMiddleware#PICKED}) and give
 *       the balancer {@link #isAvailable} as its filter so that open instances are skipped.
 * </ul>
 *
 * A rejected call fails with {@link CircuitOpenException}. Failures are {@link RpcException}s
 * other than business statuses and rejections, unless {@link #failureWhen} says otherwise.
 */
public final class CircuitBreakerMiddleware implements Middleware<Object, Object> {

  private final CircuitBreakerConfig config;
  private final LongSupplier clock;
  private final boolean instanceLevel;
  private final Function<CallContext, String> keyOf;
  private final Predicate<Throwable> isFailure;
  private final Map<String, CircuitBreaker> breakers = new ConcurrentHashMap<>();

  private CircuitBreakerMiddleware(CircuitBreakerConfig config, LongSupplier clock, boolean instanceLevel,
      Predicate<Throwable> isFailure) {
    this.config = Objects.requireNonNull(config, "config");
    this.clock = clock;
    this.instanceLevel = instanceLevel;
    this.keyOf = instanceLevel ? CircuitBreakerMiddleware::instanceKey : CircuitBreakerMiddleware::serviceKey;
    this.isFailure = isFailure;
  }

  /** Breakers per caller/callee/method. */
  public static CircuitBreakerMiddleware serviceLevel(CircuitBreakerConfig config) {
    return new CircuitBreakerMiddleware(config, System::nanoTime, false, CircuitBreakerMiddleware::defaultFailure);
  }

  /** Breakers per instance address. */
  public static CircuitBreakerMiddleware instanceLevel(CircuitBreakerConfig config) {
    return new CircuitBreakerMiddleware(config, System::nanoTime, true, CircuitBreakerMiddleware::defaultFailure);
  }

  /**
   * A middleware of the same level and configuration (with breakers of its own) that counts as
   * failures the errors {@code isFailure} accepts.
   */
  public CircuitBreakerMiddleware failureWhen(Predicate<Throwable> isFailure) {
    return new CircuitBreakerMiddleware(config, clock, instanceLevel, Objects.requireNonNull(isFailure, "isFailure"));
  }

  /** Whether calls to this instance would be let through now (the balancer's filter). */
  public boolean isAvailable(Address address) {
    CircuitBreaker b = breakers.get(address.toString());
    return b == null || b.isCallPermitted();
  }

  /** The state of the breaker for this key (an address, or "caller/callee/method"). */
  public CircuitBreaker.State state(String key) {
    CircuitBreaker b = breakers.get(key);
    return b == null ? CircuitBreaker.State.CLOSED : b.state();
  }

  @Override
  public Service<Object, Object> wrap(Service<Object, Object> next) {
    return (ctx, request) -> {
      String key = keyOf.apply(ctx);
      if (key == null) return next.call(ctx, request); // no instance picked: nothing to guard
      CircuitBreaker breaker = breakers.computeIfAbsent(key, k -> new CircuitBreaker(config, clock));
      if (!breaker.tryAcquire()) {
        GovernanceEvents.record(ctx, "rejected: breaker OPEN for " + describe(key));
        return CompletableFuture.failedFuture(new CircuitOpenException(key));
      }
      CompletableFuture<Object> f;
      try {
        f = next.call(ctx, request);
      } catch (Throwable t) {
        f = CompletableFuture.failedFuture(t);
      }
      return f.whenComplete((r, e) -> {
        Throwable cause = unwrap(e);
        CircuitBreaker.State before = breaker.state();
        CircuitBreaker.State after = cause != null && isFailure.test(cause) ? breaker.onFailure() : breaker.onSuccess();
        if (after != before) GovernanceEvents.record(ctx, "breaker " + after + " for " + describe(key));
      });
    };
  }

  private String describe(String key) {
    return (instanceLevel ? "instance " : "method ") + key;
  }

  private static String instanceKey(CallContext ctx) {
    Instance picked = ctx.attr(LoadBalancingMiddleware.PICKED);
    return picked == null ? null : picked.address().toString();
  }

  private static String serviceKey(CallContext ctx) {
    return ctx.callerService() + "/" + ctx.service() + "/" + ctx.method();
  }

  private static boolean defaultFailure(Throwable t) {
    return t instanceof RpcException && !(t instanceof BizStatusException) && !(t instanceof CircuitOpenException);
  }

  static Throwable unwrap(Throwable t) {
    while (t instanceof CompletionException && t.getCause() != null) t = t.getCause();
    return t;
  }
}
