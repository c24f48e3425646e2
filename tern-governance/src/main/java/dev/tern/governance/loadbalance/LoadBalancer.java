package dev.tern.governance.loadbalance;

import dev.tern.core.CallContext;
import dev.tern.governance.discovery.Instance;
import dev.tern.governance.internal.ConsistentHashBalancer;
import dev.tern.governance.internal.PowerOfTwoChoicesBalancer;
import dev.tern.governance.internal.WeightedRandomBalancer;
import dev.tern.governance.internal.WeightedRoundRobinBalancer;
import dev.tern.transport.Address;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Picks the instance each call goes to. A balancer turns an instance list into an immutable
 * {@link Picker}; {@link LoadBalancingMiddleware} builds a new picker whenever the list changes
 * and swaps it in atomically, so calls never wait for a rebuild.
 *
 * <p>Balancers: {@link #weightedRoundRobin()} (the default), {@link #weightedRandom()},
 * {@link #consistentHash} and {@link #powerOfTwoChoices()}.
 */
public interface LoadBalancer {

  /** A short name for events and logs. */
  String name();

  /** A picker over these instances (instances with weight 0 are never picked). */
  Picker rebuild(List<Instance> instances);

  /** A call went to {@code instance}; balancers that track load override this. */
  default void onStart(Instance instance) {}

  /** A call to {@code instance} ended after {@code latencyNanos}, with {@code error} or null. */
  default void onEnd(Instance instance, long latencyNanos, Throwable error) {}

  /** Chooses among a fixed list of instances; safe for concurrent use. */
  @FunctionalInterface
  interface Picker {
    /**
     * An instance whose address {@code eligible} accepts, or null when there is none.
     */
    Instance pick(CallContext ctx, Predicate<Address> eligible);
  }

  /**
   * Smooth weighted round robin, as nginx: over a cycle every instance gets calls in proportion
   * to its weight, interleaved rather than in bursts.
   */
  static LoadBalancer weightedRoundRobin() {
    return new WeightedRoundRobinBalancer();
  }

  /** A random instance, each with probability proportional to its weight. */
  static LoadBalancer weightedRandom() {
    return new WeightedRandomBalancer();
  }

  /**
   * Sends calls with the same key to the same instance: a hash ring with {@code virtualNodes}
   * points per instance of default weight (scaled by weight), so adding or removing one of n
   * instances moves only about 1/n of the keys. Calls whose key is null go to a random instance.
   *
   * @param key the key of a call, e.g. {@code ctx -> ctx.metainfo().getTransient("user-id")}
   */
  static LoadBalancer consistentHash(Function<CallContext, String> key, int virtualNodes) {
    return new ConsistentHashBalancer(key, virtualNodes);
  }

  /**
   * Power of two choices: of two random instances, the one with the lower load, measured as
   * (calls in flight + 1) x (decaying average latency), which steers calls away from slow or
   * stuck instances. Weights are not used.
   */
  static LoadBalancer powerOfTwoChoices() {
    return new PowerOfTwoChoicesBalancer();
  }
}
