package dev.tern.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tern.core.CallContext;
import dev.tern.governance.discovery.Instance;
import dev.tern.governance.loadbalance.LoadBalancer;
import dev.tern.transport.Address;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class LoadBalancerTest {

  private static final Instance A = Instance.of("10.0.0.1:1", 50);
  private static final Instance B = Instance.of("10.0.0.2:1", 30);
  private static final Instance C = Instance.of("10.0.0.3:1", 20);
  private static final CallContext CTX = new CallContext(CallContext.Role.CLIENT, "S", "m");

  private static Map<Instance, Integer> count(LoadBalancer.Picker picker, int picks) {
    Map<Instance, Integer> counts = new HashMap<>();
    for (int i = 0; i < picks; i++) counts.merge(picker.pick(CTX, a -> true), 1, Integer::sum);
    return counts;
  }

  @Test
  void smoothWeightedRoundRobinGivesExactSharesInterleaved() {
    LoadBalancer.Picker picker = LoadBalancer.weightedRoundRobin().rebuild(List.of(A, B, C));
    List<Instance> cycle = new ArrayList<>();
    for (int i = 0; i < 10; i++) cycle.add(picker.pick(CTX, a -> true));
    // nginx's smooth sequence for 5:3:2: the heaviest never runs more than twice in a row
    assertThat(cycle).containsExactly(A, B, C, A, A, B, A, C, B, A);
    assertThat(count(picker, 1000)).containsEntry(A, 500).containsEntry(B, 300).containsEntry(C, 200);
  }

  @Test
  void aWatchRepeatingTheSameInstancesKeepsTheRotation() throws Exception {
    dev.tern.governance.discovery.StaticResolver resolver = dev.tern.governance.discovery.StaticResolver.create();
    Instance x = Instance.of("10.0.0.1:1", 10);
    Instance y = Instance.of("10.0.0.2:1", 10);
    Instance z = Instance.of("10.0.0.3:1", 10);
    resolver.update("s", List.of(x, y, z));
    try (dev.tern.governance.loadbalance.LoadBalancingMiddleware lb =
        dev.tern.governance.loadbalance.LoadBalancingMiddleware.builder(resolver, "s").build()) {
      Map<Address, Integer> counts = new HashMap<>();
      dev.tern.core.Service<Object, Object> chain = lb.wrap((ctx, req) -> {
        counts.merge(ctx.attr(Address.CALL_TARGET), 1, Integer::sum);
        return java.util.concurrent.CompletableFuture.completedFuture(null);
      });
      for (int i = 0; i < 30; i++) {
        if (i == 1 || i == 17) resolver.update("s", List.of(z, x, y)); // the same set, as a registry re-announces it
        chain.call(new CallContext(CallContext.Role.CLIENT, "s", "m"), null).get();
      }
      assertThat(counts).containsEntry(x.address(), 10).containsEntry(y.address(), 10).containsEntry(z.address(), 10);
    }
  }

  @Test
  void roundRobinSkipsIneligibleAndZeroWeightInstances() {
    Instance idle = Instance.of("10.0.0.9:1", 0);
    LoadBalancer.Picker picker = LoadBalancer.weightedRoundRobin().rebuild(List.of(A, B, idle));
    for (int i = 0; i < 50; i++) assertThat(picker.pick(CTX, a -> !a.equals(A.address()))).isEqualTo(B);
    assertThat(picker.pick(CTX, a -> false)).isNull();
  }

  @Test
  void weightedRandomRespectsWeights() {
    LoadBalancer.Picker picker = LoadBalancer.weightedRandom().rebuild(List.of(A, B, C));
    Map<Instance, Integer> counts = count(picker, 100_000);
    assertThat(counts.get(A) / 100_000.0).isCloseTo(0.5, within(0.02));
    assertThat(counts.get(B) / 100_000.0).isCloseTo(0.3, within(0.02));
    assertThat(counts.get(C) / 100_000.0).isCloseTo(0.2, within(0.02));
    for (int i = 0; i < 100; i++) assertThat(picker.pick(CTX, a -> a.equals(C.address()))).isEqualTo(C);
  }

  @Test
  void consistentHashMovesOnlyTheNewInstancesShareOfKeys() {
    String[] key = new String[1];
    LoadBalancer ch = LoadBalancer.consistentHash(ctx -> key[0], 100);
    List<Instance> four = new ArrayList<>();
    for (int i = 1; i <= 4; i++) four.add(Instance.of(Address.tcp("10.0.1." + i, 8888)));
    List<Instance> five = new ArrayList<>(four);
    Instance added = Instance.of(Address.tcp("10.0.1.5", 8888));
    five.add(added);
    LoadBalancer.Picker before = ch.rebuild(four);
    LoadBalancer.Picker after = ch.rebuild(five);
    int keys = 10_000;
    int moved = 0;
    Map<Instance, Integer> owners = new HashMap<>();
    for (int i = 0; i < keys; i++) {
      key[0] = "user-" + i;
      Instance was = before.pick(CTX, a -> true);
      Instance is = after.pick(CTX, a -> true);
      assertThat(before.pick(CTX, a -> true)).isEqualTo(was); // stable for a key
      owners.merge(was, 1, Integer::sum);
      if (!was.equals(is)) {
        moved++;
        assertThat(is).isEqualTo(added); // keys only move to the new instance
      }
    }
    assertThat(moved / (double) keys).isCloseTo(0.2, within(0.06));
    owners.values().forEach(n -> assertThat(n / (double) keys).isCloseTo(0.25, within(0.08)));
  }

  @Test
  void consistentHashScalesPointsWithWeightAndWalksPastIneligible() {
    String[] key = new String[1];
    Instance heavy = Instance.of("10.0.2.1:1", 30);
    Instance light = Instance.of("10.0.2.2:1", 10);
    LoadBalancer.Picker picker = LoadBalancer.consistentHash(ctx -> key[0], 100).rebuild(List.of(heavy, light));
    int heavyKeys = 0;
    for (int i = 0; i < 10_000; i++) {
      key[0] = "k" + i;
      if (picker.pick(CTX, a -> true).equals(heavy)) heavyKeys++;
      assertThat(picker.pick(CTX, a -> !a.equals(heavy.address()))).isEqualTo(light);
    }
    assertThat(heavyKeys / 10_000.0).isCloseTo(0.75, within(0.07));
  }

  @Test
  void powerOfTwoChoicesAvoidsTheSlowAndTheBusy() {
    LoadBalancer p2c = LoadBalancer.powerOfTwoChoices();
    Instance slow = Instance.of("10.0.3.1:1", 10);
    Instance fast1 = Instance.of("10.0.3.2:1", 10);
    Instance fast2 = Instance.of("10.0.3.3:1", 10);
    LoadBalancer.Picker picker = p2c.rebuild(List.of(slow, fast1, fast2));
    for (Instance in : List.of(slow, fast1, fast2)) {
      p2c.onStart(in);
      p2c.onEnd(in, in == slow ? 200_000_000 : 1_000_000, null);
    }
    assertThat(count(picker, 1000)).doesNotContainKey(slow);

    // Calls pile up on fast1 without answering: fast2 is preferred over it.
    for (int i = 0; i < 500; i++) p2c.onStart(fast1);
    Map<Instance, Integer> counts = count(picker, 1000);
    assertThat(counts.getOrDefault(fast2, 0)).isGreaterThan(counts.getOrDefault(fast1, 0));

    // A rebuild keeps what was learned about the addresses that stay.
    LoadBalancer.Picker rebuilt = p2c.rebuild(List.of(slow, fast2));
    assertThat(count(rebuilt, 100)).containsOnlyKeys(fast2);
  }
}
