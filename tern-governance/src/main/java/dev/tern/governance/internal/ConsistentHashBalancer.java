package dev.tern.governance.internal;

import dev.tern.core.CallContext;
import dev.tern.governance.discovery.Instance;
import dev.tern.governance.loadbalance.LoadBalancer;
import dev.tern.transport.Address;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A hash ring: each instance owns {@code virtualNodes * weight / DEFAULT_WEIGHT} points (at least
 * one), placed by hashing "address#i"; a key goes to the first point at or after its hash whose
 * instance is eligible. Points depend only on the instance's own address and weight, so a change
 * in the list moves only the keys of the instances that changed.
 */
public final class ConsistentHashBalancer implements LoadBalancer {

  private final Function<CallContext, String> key;
  private final int virtualNodes;

  public ConsistentHashBalancer(Function<CallContext, String> key, int virtualNodes) {
    this.key = Objects.requireNonNull(key, "key");
    if (virtualNodes < 1) throw new IllegalArgumentException("virtualNodes must be positive: " + virtualNodes);
    this.virtualNodes = virtualNodes;
  }

  @Override
  public String name() {
    return "consistent-hash";
  }

  @Override
  public Picker rebuild(List<Instance> instances) {
    int points = 0;
    for (Instance in : instances) points += pointsOf(in);
    long[][] ring = new long[points][]; // {hash, instance index}
    int n = 0;
    for (int i = 0; i < instances.size(); i++) {
      Instance in = instances.get(i);
      String base = in.address().toString();
      for (int v = 0, p = pointsOf(in); v < p; v++) ring[n++] = new long[] {Hashing.hash(base + '#' + v), i};
    }
    Arrays.sort(ring, (a, b) -> Long.compare(a[0], b[0]));
    long[] hashes = new long[points];
    Instance[] owners = new Instance[points];
    for (int i = 0; i < points; i++) {
      hashes[i] = ring[i][0];
      owners[i] = instances.get((int) ring[i][1]);
    }
    return (ctx, eligible) -> pick(hashes, owners, key.apply(ctx), eligible);
  }

  private int pointsOf(Instance in) {
    if (in.weight() == 0) return 0;
    return Math.max(1, (int) ((long) virtualNodes * in.weight() / Instance.DEFAULT_WEIGHT));
  }

  private static Instance pick(long[] hashes, Instance[] owners, String key, Predicate<Address> eligible) {
    if (hashes.length == 0) return null;
    int start;
    if (key == null) {
      start = ThreadLocalRandom.current().nextInt(hashes.length);
    } else {
      int i = Arrays.binarySearch(hashes, Hashing.hash(key));
      start = i >= 0 ? i : -i - 1;
    }
    for (int k = 0; k < hashes.length; k++) {
      Instance in = owners[(start + k) % hashes.length];
      if (eligible.test(in.address())) return in;
    }
    return null;
  }
}
