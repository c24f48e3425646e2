package dev.tern.governance.internal;

import dev.tern.core.CallContext;
import dev.tern.governance.discovery.Instance;
import dev.tern.governance.loadbalance.LoadBalancer;
import dev.tern.transport.Address;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

/** Weighted random over cumulative weights (binary search); lock free. */
public final class WeightedRandomBalancer implements LoadBalancer {

  @Override
  public String name() {
    return "weighted-random";
  }

  @Override
  public Picker rebuild(List<Instance> instances) {
    Instance[] usable = instances.stream().filter(i -> i.weight() > 0).toArray(Instance[]::new);
    long[] cumulative = new long[usable.length];
    long sum = 0;
    for (int i = 0; i < usable.length; i++) {
      sum += usable[i].weight();
      cumulative[i] = sum;
    }
    long total = sum;
    return (ctx, eligible) -> pick(usable, cumulative, total, eligible);
  }

  private static Instance pick(Instance[] instances, long[] cumulative, long total, Predicate<Address> eligible) {
    if (instances.length == 0) return null;
    ThreadLocalRandom random = ThreadLocalRandom.current();
    // A few draws usually find an eligible instance; otherwise draw among the eligible ones only.
    for (int tries = 0; tries < 3; tries++) {
      int i = Arrays.binarySearch(cumulative, random.nextLong(total) + 1);
      Instance picked = instances[i >= 0 ? i : -i - 1];
      if (eligible.test(picked.address())) return picked;
    }
    long eligibleTotal = 0;
    for (Instance in : instances) if (eligible.test(in.address())) eligibleTotal += in.weight();
    if (eligibleTotal == 0) return null;
    long r = random.nextLong(eligibleTotal);
    for (Instance in : instances) {
      if (!eligible.test(in.address())) continue;
      r -= in.weight();
      if (r < 0) return in;
    }
    return null;
  }
}
