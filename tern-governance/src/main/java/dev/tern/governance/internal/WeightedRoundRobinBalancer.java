package dev.tern.governance.internal;

import dev.tern.core.CallContext;
import dev.tern.governance.discovery.Instance;
import dev.tern.governance.loadbalance.LoadBalancer;
import dev.tern.transport.Address;
import java.util.List;
import java.util.function.Predicate;

/** Smooth weighted round robin (nginx): each pick is O(n) under a short lock per picker. */
public final class WeightedRoundRobinBalancer implements LoadBalancer {

  @Override
  public String name() {
    return "weighted-round-robin";
  }

  @Override
  public Picker rebuild(List<Instance> instances) {
    List<Instance> usable = instances.stream().filter(i -> i.weight() > 0).toList();
    return new SmoothPicker(usable);
  }

  private static final class SmoothPicker implements Picker {
    private final Instance[] instances;
    private final long[] current;

    SmoothPicker(List<Instance> instances) {
      this.instances = instances.toArray(Instance[]::new);
      this.current = new long[this.instances.length];
    }

    @Override
    public synchronized Instance pick(CallContext ctx, Predicate<Address> eligible) {
      // Every eligible instance gains its weight; the highest is picked and pays back the total.
      int best = -1;
      long total = 0;
      for (int i = 0; i < instances.length; i++) {
        if (!eligible.test(instances[i].address())) continue;
        int w = instances[i].weight();
        current[i] += w;
        total += w;
        if (best < 0 || current[i] > current[best]) best = i;
      }
      if (best < 0) return null;
      current[best] -= total;
      return instances[best];
    }
  }
}
