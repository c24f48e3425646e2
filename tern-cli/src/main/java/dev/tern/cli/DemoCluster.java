package dev.tern.cli;

import dev.tern.cli.demo.gen.Bank;
import dev.tern.cli.demo.gen.Tier;
import dev.tern.core.Middleware;
import dev.tern.governance.GovernanceEvents;
import dev.tern.governance.circuitbreak.CircuitBreakerConfig;
import dev.tern.governance.circuitbreak.CircuitBreakerMiddleware;
import dev.tern.governance.discovery.Instance;
import dev.tern.governance.loadbalance.LoadBalancer;
import dev.tern.governance.loadbalance.LoadBalancingMiddleware;
import dev.tern.governance.retry.RetryMiddleware;
import dev.tern.registry.zookeeper.ZookeeperRegistry;
import dev.tern.registry.zookeeper.ZookeeperResolver;
import dev.tern.rpc.ThriftClient;
import dev.tern.rpc.ThriftServer;
import dev.tern.thrift.transport.Framing;
import dev.tern.transport.Address;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.curator.test.TestingServer;

/**
 * The governance part of {@code ./tern demo}: three Bank instances register in ZooKeeper (a real
 * one, embedded), one client finds them there and balances over them with retries and instance
 * circuit breakers, keeps succeeding when one instance crashes, and stops using an instance that
 * shuts down gracefully (it deregisters before draining).
 */
final class DemoCluster {

  private DemoCluster() {}

  /** Runs the scenario and returns a line per phase; throws AssertionError when it misbehaves. */
  static List<String> run() throws Exception {
    List<String> lines = new ArrayList<>();
    List<ThriftServer> servers = new ArrayList<>();
    try (TestingServer zookeeper = new TestingServer(true);
        ZookeeperRegistry registry = ZookeeperRegistry.connect(zookeeper.getConnectString(), Duration.ofSeconds(10));
        ZookeeperResolver resolver = ZookeeperResolver.connect(zookeeper.getConnectString(), Duration.ofSeconds(10))) {
      try {
        for (int i = 0; i < 3; i++) {
          ThriftServer.Builder b = ThriftServer.builder().address("127.0.0.1:0")
              .addService(Bank.service(new DemoCommand.BankHandler()))
              .gracePeriod(Duration.ofSeconds(1));
          if (i != 1) b.lifecycleListener(registry.registration("bank")); // registers on start, leaves on close
          ThriftServer s = b.build().start();
          servers.add(s);
          if (i == 1) registry.register("bank", Instance.of(s.address())); // will "crash" without leaving
        }
        CircuitBreakerMiddleware breaker = CircuitBreakerMiddleware.instanceLevel(
            CircuitBreakerConfig.DEFAULT.withConsecutiveFailures(2));
        Map<String, AtomicInteger> servedBy = new TreeMap<>();
        AtomicInteger retried = new AtomicInteger();
        Middleware<Object, Object> tally = next -> (ctx, req) -> next.call(ctx, req).whenComplete((r, e) -> {
          Address target = ctx.attr(Address.CALL_TARGET);
          if (e == null && target != null) servedBy.computeIfAbsent(target.toString(), k -> new AtomicInteger()).incrementAndGet();
        });
        Middleware<Object, Object> countRetries = next -> (ctx, req) -> next.call(ctx, req).whenComplete((r, e) -> {
          if (GovernanceEvents.of(ctx).list().stream().anyMatch(ev -> ev.startsWith("retried"))) retried.incrementAndGet();
        });
        try (ThriftClient client = ThriftClient.builder()
            .framing(Framing.TTHEADER)
            .rpcTimeout(Duration.ofSeconds(2))
            .middleware(countRetries)
            .middleware(RetryMiddleware.failureRetry().maxAttempts(3).build())
            .middleware(LoadBalancingMiddleware.builder(resolver, "bank")
                .balancer(LoadBalancer.weightedRoundRobin())
                .filter(breaker::isAvailable)
                .build())
            .middleware(breaker)
            .middleware(tally)
            .build()) {
          Bank.Iface bank = Bank.client(client);
          for (int i = 0; i < 30; i++) bank.open("user-" + i, i, Tier.FREE);
          check(servedBy.size() == 3 && servedBy.values().stream().allMatch(n -> n.get() == 10),
              "round robin should spread 30 calls 10/10/10, got " + servedBy);
          lines.add("30 calls over 3 instances found in ZooKeeper " + zookeeper.getConnectString() + ": " + servedBy);

          servedBy.clear();
          Address dead = servers.get(1).address();
          servers.get(1).close(); // the instance dies without deregistering
          for (int i = 0; i < 30; i++) bank.open("user-" + i, i, Tier.FREE);
          check(!servedBy.containsKey(dead.toString()), "the dead instance answered?");
          check(!breaker.isAvailable(dead), "the dead instance's breaker should be open");
          lines.add("instance " + dead + " crashed: 30/30 calls still succeeded, " + retried.get()
              + " retried on another instance, its breaker is open; served by " + servedBy);

          servedBy.clear();
          Address leaving = servers.get(2).address();
          servers.get(2).close(); // graceful: deregisters first, then drains
          long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
          while (resolver.resolve("bank").stream().anyMatch(in -> in.address().equals(leaving))
              && System.nanoTime() < deadline) {
            Thread.sleep(10);
          }
          int retriedBefore = retried.get();
          for (int i = 0; i < 10; i++) bank.open("user-" + i, i, Tier.FREE);
          check(!servedBy.containsKey(leaving.toString()), "the departed instance answered?");
          lines.add("instance " + leaving + " shut down gracefully: it left ZooKeeper first; 10/10 calls went to "
              + servedBy + ", " + (retried.get() - retriedBefore) + " retried");
        }
      } finally {
        for (ThriftServer s : servers) s.close(); // before ZooKeeper goes, so they deregister cleanly
      }
    }
    return lines;
  }

  private static void check(boolean condition, String message) {
    if (!condition) throw new AssertionError(message);
  }
}
