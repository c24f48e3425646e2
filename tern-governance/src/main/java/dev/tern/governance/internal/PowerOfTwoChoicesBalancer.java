package dev.tern.governance.internal;

import dev.tern.core.CallContext;
import dev.tern.governance.discovery.Instance;
import dev.tern.governance.loadbalance.LoadBalancer;
import dev.tern.transport.Address;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * Power of two choices on (in flight + 1) x peak-EWMA latency. The load of each address outlives
 * rebuilds of the picker, so a list change keeps what was learned.
 */
public final class PowerOfTwoChoicesBalancer implements LoadBalancer {

  /** How fast the latency average forgets: after this long a sample weighs 1/e. */
  private static final double DECAY_NANOS = 2_000_000_000.0;

  private final Map<Address, Load> loads = new ConcurrentHashMap<>();

  @Override
  public String name() {
    return "power-of-two-choices";
  }

  @Override
  public Picker rebuild(List<Instance> instances) {
    Instance[] usable = instances.stream().filter(i -> i.weight() > 0).toArray(Instance[]::new);
    Load[] load = new Load[usable.length];
    for (int i = 0; i < usable.length; i++) load[i] = loads.computeIfAbsent(usable[i].address(), a -> new Load());
    loads.keySet().retainAll(Arrays.stream(usable).map(Instance::address).toList());
    return (ctx, eligible) -> pick(usable, load, eligible);
  }

  private static Instance pick(Instance[] instances, Load[] load, Predicate<Address> eligible) {
    int n = instances.length;
    if (n == 0) return null;
    ThreadLocalRandom random = ThreadLocalRandom.current();
    int a = -1;
    int b = -1;
    // Two distinct eligible candidates: random probes first, then a scan from a random offset.
    for (int tries = 0; tries < 4 && b < 0; tries++) {
      int i = random.nextInt(n);
      if (i == a || !eligible.test(instances[i].address())) continue;
      if (a < 0) a = i; else b = i;
    }
    if (b < 0) {
      int offset = random.nextInt(n);
      for (int k = 0; k < n && b < 0; k++) {
        int i = (offset + k) % n;
        if (i == a || !eligible.test(instances[i].address())) continue;
        if (a < 0) a = i; else b = i;
      }
    }
    if (a < 0) return null;
    if (b < 0) return instances[a];
    return load[a].score() <= load[b].score() ? instances[a] : instances[b];
  }

  @Override
  public void onStart(Instance instance) {
    Load l = loads.get(instance.address());
    if (l != null) l.inFlight.incrementAndGet();
  }

  @Override
  public void onEnd(Instance instance, long latencyNanos, Throwable error) {
    Load l = loads.get(instance.address());
    if (l != null) l.end(latencyNanos);
  }

  /** Calls in flight and the decaying average latency of one address. */
  private static final class Load {
    final AtomicInteger inFlight = new AtomicInteger();
    private double ewmaNanos;
    private long lastNanos = System.nanoTime();

    synchronized void end(long latencyNanos) {
      inFlight.updateAndGet(v -> Math.max(0, v - 1));
      long now = System.nanoTime();
      double w = Math.exp(-(now - lastNanos) / DECAY_NANOS);
      lastNanos = now;
      // Peak EWMA: a slower call counts at once, faster ones pull the average down over time.
      ewmaNanos = latencyNanos > ewmaNanos ? latencyNanos : ewmaNanos * w + latencyNanos * (1 - w);
    }

    synchronized double score() {
      return (ewmaNanos + 1) * (inFlight.get() + 1);
    }
  }
}
