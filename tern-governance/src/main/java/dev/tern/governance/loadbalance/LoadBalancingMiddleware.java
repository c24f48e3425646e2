package dev.tern.governance.loadbalance;

import dev.tern.core.AttributeKey;
import dev.tern.core.CallContext;
import dev.tern.core.Middleware;
import dev.tern.core.Service;
import dev.tern.core.TransportException;
import dev.tern.governance.GovernanceEvents;
import dev.tern.governance.discovery.Instance;
import dev.tern.governance.discovery.Resolver;
import dev.tern.transport.Address;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Picks an instance of a service for each call and sends the call there, by setting
 * {@link Address#CALL_TARGET} on the call's context, which the client's transport reads:
 *
 * <pre>{@code
 * var lb = LoadBalancingMiddleware.builder(resolver, "echo")
 *     .balancer(LoadBalancer.weightedRoundRobin())
 *     .build();
 * ThriftClient client = ThriftClient.builder().middleware(lb).build(); // no fixed address needed
 * }</pre>
 *
 * <p>The instance list comes from the resolver, first asked on the first call, then kept current
 * by its subscription; each change rebuilds the balancer's picker off the call path and swaps it
 * in atomically. A call avoids the instances it already tried (see {@link #ATTEMPTED}, which
 * retries and backup requests rely on to reach another instance) and those the
 * {@linkplain Builder#filter filter} rejects (an instance-level circuit breaker), unless no
 * other instance is left.
 */
public final class LoadBalancingMiddleware implements Middleware<Object, Object>, AutoCloseable {

  /** The instance picked for the current attempt of a call. */
  public static final AttributeKey<Instance> PICKED = AttributeKey.of("tern.governance.picked");

  /** The addresses the attempts of a call went to so far (thread-safe set). */
  public static final AttributeKey<Set<Address>> ATTEMPTED = AttributeKey.of("tern.governance.attempted");

  private final Resolver resolver;
  private final String serviceName;
  private final LoadBalancer balancer;
  private final Predicate<Address> filter;
  private final Resolver.Subscription subscription;
  private volatile LoadBalancer.Picker picker;
  private volatile List<Instance> current = List.of();

  private LoadBalancingMiddleware(Builder b) {
    this.resolver = b.resolver;
    this.serviceName = b.serviceName;
    this.balancer = b.balancer;
    this.filter = b.filter;
    this.subscription = resolver.subscribe(serviceName, this::update);
  }

  /**
   * @param resolver where instances come from
   * @param serviceName the name the resolver knows the service by
   */
  public static Builder builder(Resolver resolver, String serviceName) {
    return new Builder(resolver, serviceName);
  }

  @Override
  public Service<Object, Object> wrap(Service<Object, Object> next) {
    return (ctx, request) -> {
      LoadBalancer.Picker p = picker();
      Set<Address> attempted = attempted(ctx);
      Instance picked = p == null ? null : p.pick(ctx, a -> !attempted.contains(a) && filter.test(a));
      if (picked == null && p != null) picked = p.pick(ctx, filter); // every instance was tried once
      if (picked == null && p != null) picked = p.pick(ctx, a -> true); // let the breaker reject it
      if (picked == null) {
        return CompletableFuture.failedFuture(new TransportException(TransportException.Kind.CONNECT_FAILED,
            "no instance of " + serviceName + " available"));
      }
      Instance instance = picked;
      attempted.add(instance.address());
      ctx.attr(PICKED, instance).attr(Address.CALL_TARGET, instance.address());
      GovernanceEvents.record(ctx, "picked " + instance.address() + " by " + balancer.name());
      long start = System.nanoTime();
      balancer.onStart(instance);
      CompletableFuture<Object> f;
      try {
        f = next.call(ctx, request);
      } catch (Throwable t) {
        f = CompletableFuture.failedFuture(t);
      }
      return f.whenComplete((r, e) -> balancer.onEnd(instance, System.nanoTime() - start, e));
    };
  }

  /**
   * Asks the resolver now and builds the picker, so that the first call neither waits for the
   * registry nor fails when it is slow: call it before serving traffic.
   *
   * @return the instances calls will be balanced over
   * @throws Exception the resolver's failure, when it cannot answer
   */
  public List<Instance> warmUp() throws Exception {
    List<Instance> list = resolver.resolve(serviceName);
    update(list);
    return current;
  }

  /** The instances calls are balanced over now (empty before the first call or update). */
  public List<Instance> instances() {
    return current;
  }

  private static Set<Address> attempted(CallContext ctx) {
    Set<Address> s = ctx.attr(ATTEMPTED);
    if (s == null) {
      s = ConcurrentHashMap.newKeySet();
      ctx.attr(ATTEMPTED, s);
    }
    return s;
  }

  private LoadBalancer.Picker picker() {
    LoadBalancer.Picker p = picker;
    if (p != null) return p;
    try {
      List<Instance> list = resolver.resolve(serviceName);
      synchronized (this) {
        if (picker == null) update(list);
      }
    } catch (Exception e) {
      return null; // the call fails with "no instance"; the next call asks again
    }
    return picker;
  }

  private synchronized void update(List<Instance> instances) {
    if (instances == null || instances.isEmpty()) return; // keep the last list rather than none
    List<Instance> copy = List.copyOf(instances);
    if (picker != null && new java.util.HashSet<>(copy).equals(new java.util.HashSet<>(current))) {
      return; // a watch repeating what we have (registries do): keep the picker and its rotation
    }
    picker = balancer.rebuild(copy);
    current = copy;
  }

  /** Stops watching the resolver (the resolver itself stays open). */
  @Override
  public void close() {
    subscription.close();
  }

  /** Configures a {@link LoadBalancingMiddleware}. */
  public static final class Builder {
    private final Resolver resolver;
    private final String serviceName;
    private LoadBalancer balancer = LoadBalancer.weightedRoundRobin();
    private Predicate<Address> filter = a -> true;

    private Builder(Resolver resolver, String serviceName) {
      this.resolver = Objects.requireNonNull(resolver, "resolver");
      this.serviceName = Objects.requireNonNull(serviceName, "serviceName");
    }

    /** The balancer (default {@link LoadBalancer#weightedRoundRobin()}); one per middleware. */
    public Builder balancer(LoadBalancer balancer) {
      this.balancer = Objects.requireNonNull(balancer, "balancer");
      return this;
    }

    /**
     * Instances whose address fails this test are skipped while others remain, e.g.
     * {@code instanceBreaker::isAvailable}.
     */
    public Builder filter(Predicate<Address> filter) {
      this.filter = Objects.requireNonNull(filter, "filter");
      return this;
    }

    public LoadBalancingMiddleware build() {
      return new LoadBalancingMiddleware(this);
    }
  }
}
