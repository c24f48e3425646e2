package dev.tern.governance.policy;

import dev.tern.core.Middleware;
import dev.tern.core.Service;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Different middleware for different methods: a retry policy for idempotent reads, none for
 * writes, a shorter timeout or a breaker of its own for one slow method. Calls of a method without
 * a policy of its own get the default policy (by default none: they go straight on). Policies can
 * be replaced at run time with {@link #set}, e.g. from a configuration watch; calls already
 * started keep the policy they started with.
 *
 * <pre>{@code
 * PerMethodMiddleware policies = PerMethodMiddleware.builder()
 *     .method("getBalance", RetryMiddleware.backupRequest(Duration.ofMillis(30)).build(), TimeoutMiddleware.of(Duration.ofMillis(200)))
 *     .method("transfer", TimeoutMiddleware.of(Duration.ofSeconds(2)))                // never retried
 *     .otherwise(RetryMiddleware.failureRetry().maxAttempts(2).build())
 *     .build();
 * ThriftClient.builder().middleware(policies).middleware(lb).build();
 * }</pre>
 *
 * <p>Methods are matched by the call context's {@linkplain dev.tern.core.CallContext#method()
 * method name}. Each policy is wrapped around the rest of the chain once per chain and method.
 */
public final class PerMethodMiddleware implements Middleware<Object, Object> {

  private static final Middleware<Object, Object> NONE = next -> next;

  private volatile Map<String, Middleware<Object, Object>> policies;
  private volatile Middleware<Object, Object> otherwise;

  private PerMethodMiddleware(Map<String, Middleware<Object, Object>> policies, Middleware<Object, Object> otherwise) {
    this.policies = Map.copyOf(policies);
    this.otherwise = otherwise;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Replaces the policy of {@code method} (no middleware: calls go straight on). */
  @SafeVarargs
  public final synchronized PerMethodMiddleware set(String method, Middleware<Object, Object>... policy) {
    Map<String, Middleware<Object, Object>> next = new HashMap<>(policies);
    next.put(Objects.requireNonNull(method, "method"), compose(policy));
    policies = Map.copyOf(next);
    return this;
  }

  /** Replaces the policy of methods without their own. */
  @SafeVarargs
  public final PerMethodMiddleware setOtherwise(Middleware<Object, Object>... policy) {
    otherwise = compose(policy);
    return this;
  }

  @Override
  public Service<Object, Object> wrap(Service<Object, Object> next) {
    // The rest of the chain wrapped in each policy, made on first use (policies may change).
    Map<Middleware<Object, Object>, Service<Object, Object>> wrapped = new ConcurrentHashMap<>();
    return (ctx, request) -> {
      Middleware<Object, Object> policy = policies.get(ctx.method());
      if (policy == null) policy = otherwise;
      if (policy == NONE) return next.call(ctx, request);
      return wrapped.computeIfAbsent(policy, p -> p.wrap(next)).call(ctx, request);
    };
  }

  @SafeVarargs
  private static Middleware<Object, Object> compose(Middleware<Object, Object>... policy) {
    if (policy.length == 0) return NONE;
    if (policy.length == 1) return Objects.requireNonNull(policy[0], "policy");
    List<Middleware<Object, Object>> list = new ArrayList<>(policy.length);
    for (Middleware<Object, Object> m : policy) list.add(Objects.requireNonNull(m, "policy"));
    return next -> Middleware.chain(list, next);
  }

  /** Configures a {@link PerMethodMiddleware}. */
  public static final class Builder {
    private final Map<String, Middleware<Object, Object>> policies = new HashMap<>();
    private Middleware<Object, Object> otherwise = NONE;

    private Builder() {}

    /** The middleware for calls of {@code method}, outermost first. */
    @SafeVarargs
    public final Builder method(String method, Middleware<Object, Object>... policy) {
      policies.put(Objects.requireNonNull(method, "method"), compose(policy));
      return this;
    }

    /** The middleware for calls of every other method, outermost first (default none). */
    @SafeVarargs
    public final Builder otherwise(Middleware<Object, Object>... policy) {
      otherwise = compose(policy);
      return this;
    }

    public PerMethodMiddleware build() {
      return new PerMethodMiddleware(policies, otherwise);
    }
  }
}
