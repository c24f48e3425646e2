package dev.tern.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tern.core.Middleware;
import dev.tern.core.RemoteException;
import dev.tern.core.TransportException;
import dev.tern.governance.circuitbreak.CircuitBreaker;
import dev.tern.governance.circuitbreak.CircuitBreakerConfig;
import dev.tern.governance.circuitbreak.CircuitBreakerMiddleware;
import dev.tern.governance.discovery.CachingResolver;
import dev.tern.governance.discovery.DnsResolver;
import dev.tern.governance.discovery.Instance;
import dev.tern.governance.discovery.Resolver;
import dev.tern.governance.discovery.StaticResolver;
import dev.tern.governance.limit.LimitMiddleware;
import dev.tern.governance.limit.OverloadedException;
import dev.tern.governance.loadbalance.LoadBalancer;
import dev.tern.governance.loadbalance.LoadBalancingMiddleware;
import dev.tern.governance.retry.RetryBudget;
import dev.tern.governance.retry.RetryMiddleware;
import dev.tern.rpc.ThriftClient;
import dev.tern.rpc.ThriftServer;
import dev.tern.transport.Address;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Governance middleware in front of real Tern servers on loopback. */
@Timeout(20)
class ClusterTest {

  private final List<AutoCloseable> resources = new ArrayList<>();
  /** The governance events of every finished call. */
  private final Queue<List<String>> events = new ConcurrentLinkedQueue<>();

  /** Outermost client middleware: keeps each call's events once it ends. */
  private final Middleware<Object, Object> eventLog = next -> (ctx, req) ->
      next.call(ctx, req).whenComplete((r, e) -> events.add(GovernanceEvents.of(ctx).list()));

  @AfterEach
  void close() throws Exception {
    for (int i = resources.size() - 1; i >= 0; i--) resources.get(i).close();
  }

  private <T extends AutoCloseable> T track(T resource) {
    resources.add(resource);
    return resource;
  }

  private ThriftServer server(Hello.Handler handler, int port, Consumer<ThriftServer.Builder> config) {
    ThriftServer.Builder b = ThriftServer.builder()
        .address(Address.tcp("127.0.0.1", port))
        .addService(handler.definition())
        .gracePeriod(Duration.ofMillis(100));
    config.accept(b);
    return track(b.build().start());
  }

  private ThriftServer server(Hello.Handler handler) {
    return server(handler, 0, b -> {});
  }

  private ThriftClient client(List<Middleware<Object, Object>> chain) {
    ThriftClient.Builder b = ThriftClient.builder()
        .rpcTimeout(Duration.ofSeconds(5))
        .connectTimeout(Duration.ofMillis(500))
        .middleware(eventLog);
    chain.forEach(b::middleware);
    return track(b.build());
  }

  private static Instance instance(ThriftServer s) {
    return Instance.of(s.address());
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) throw new AssertionError("condition not met within 10 s");
      Thread.sleep(5);
    }
  }

  private List<String> allEvents() {
    return events.stream().flatMap(List::stream).toList();
  }

  @Test
  void losingAnInstanceUnderLoadFailsNoCallAndItsBreakerOpensThenClosesWhenItReturns() throws Exception {
    Hello.Handler a = new Hello.Handler("a");
    Hello.Handler b = new Hello.Handler("b");
    Hello.Handler c = new Hello.Handler("c");
    ThriftServer sa = server(a);
    ThriftServer sb = server(b);
    ThriftServer sc = server(c);
    int bPort = sb.port();
    String bKey = sb.address().toString();
    StaticResolver resolver = StaticResolver.of(List.of(instance(sa), instance(sb), instance(sc)));
    CircuitBreakerMiddleware breaker = CircuitBreakerMiddleware.instanceLevel(CircuitBreakerConfig.DEFAULT
        .withConsecutiveFailures(3).withOpenDuration(Duration.ofMillis(200)).withHalfOpenProbes(1));
    LoadBalancingMiddleware lb = track(LoadBalancingMiddleware.builder(resolver, "hello")
        .filter(breaker::isAvailable).build());
    // Hello is idempotent: a call lost with its connection, or refused by a server shutting
    // down (an application exception), may be sent again.
    RetryMiddleware retry = RetryMiddleware.failureRetry().maxAttempts(3)
        .retryOn(RetryMiddleware.RETRYABLE.or(t -> t instanceof TransportException || t instanceof RemoteException))
        .budget(RetryBudget.of(0.2, 50)).build();
    ThriftClient client = client(List.of(retry, lb, breaker));

    AtomicBoolean stop = new AtomicBoolean();
    Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
    Map<String, AtomicLong> answeredBy = new ConcurrentHashMap<>();
    List<Thread> load = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      load.add(Thread.ofVirtual().start(() -> {
        for (int i = 0; !stop.get(); i++) {
          try {
            String answer = client.call(Hello.HELLO, "n" + i);
            answeredBy.computeIfAbsent(answer.substring(answer.indexOf('@') + 1), k -> new AtomicLong()).incrementAndGet();
          } catch (Throwable e) {
            failures.add(e);
          }
        }
      }));
    }
    try {
      await(() -> b.calls.get() > 20);
      sb.close();
      await(() -> breaker.state(bKey) == CircuitBreaker.State.OPEN);
      long servedByAAndC = a.calls.get() + c.calls.get();
      await(() -> a.calls.get() + c.calls.get() > servedByAAndC + 100); // steady load while b is gone

      Hello.Handler b2 = new Hello.Handler("b2");
      server(b2, bPort, x -> {});
      await(() -> b2.calls.get() > 20); // probed, closed, and balanced onto again
      assertThat(breaker.state(bKey)).isEqualTo(CircuitBreaker.State.CLOSED);
    } finally {
      stop.set(true);
      for (Thread t : load) t.join();
    }
    assertThat(failures).isEmpty();
    assertThat(answeredBy.keySet()).contains("a", "b", "c", "b2");
    assertThat(allEvents()).anyMatch(e -> e.matches("retried attempt 2 on 127\\.0\\.0\\.1:\\d+ after TransportException"))
        .contains("breaker OPEN for instance " + bKey, "breaker CLOSED for instance " + bKey);
  }

  @Test
  void backupRequestsAnswerFromTheFastInstanceWhenTheFirstPickIsSlow() throws Exception {
    Hello.Handler slow = new Hello.Handler("slow");
    slow.delayMillis.set(2_000);
    Hello.Handler fast = new Hello.Handler("fast");
    ThriftServer sSlow = server(slow);
    ThriftServer sFast = server(fast);
    LoadBalancingMiddleware lb = track(LoadBalancingMiddleware.builder(
        StaticResolver.of(List.of(instance(sSlow), instance(sFast))), "hello").build());
    RetryMiddleware backup = RetryMiddleware.backupRequest(Duration.ofMillis(50)).maxAttempts(2).build();
    ThriftClient client = client(List.of(backup, lb));

    for (int i = 0; i < 10; i++) assertThat(client.call(Hello.HELLO, "n" + i)).isEqualTo("n" + i + "@fast");

    long backups = allEvents().stream().filter(e -> e.startsWith("backup attempt 2 on " + sFast.address())).count();
    assertThat(backups).isEqualTo(slow.calls.get()).isPositive();
    assertThat(fast.calls.get()).isEqualTo(10);
  }

  @Test
  void anOverloadedServerRejectsAtOnceAndTheClientSeesOverloadedException() throws Exception {
    Hello.Handler handler = new Hello.Handler("s");
    handler.delayMillis.set(1_000);
    AtomicLong clock = new AtomicLong();
    LimitMiddleware limit = LimitMiddleware.create(0, 1, clock::get);
    ThriftServer s = server(handler, 0, b -> b.middleware(limit));
    LoadBalancingMiddleware lb = track(LoadBalancingMiddleware.builder(
        StaticResolver.of(List.of(instance(s))), "hello").build());
    ThriftClient client = client(List.of(lb, OverloadedException.clientMapping()));

    CompletableFuture<String> busy = client.callAsync(Hello.HELLO, "first");
    await(() -> limit.inFlight() == 1);
    CompletableFuture<String> rejected = client.callAsync(Hello.HELLO, "second");
    assertThatThrownBy(rejected::get).isInstanceOf(ExecutionException.class)
        .cause().isInstanceOf(OverloadedException.class).hasMessageContaining("concurrency limit");
    assertThat(busy).isNotDone(); // rejected while the first call still ran
    assertThat(busy.get()).isEqualTo("first@s");

    // Limits change at run time: now 2 calls per second and no concurrency limit.
    handler.delayMillis.set(0);
    limit.maxConcurrency(0).qps(2);
    assertThat(client.call(Hello.HELLO, "x")).isEqualTo("x@s");
    assertThat(client.call(Hello.HELLO, "y")).isEqualTo("y@s");
    assertThatThrownBy(() -> client.call(Hello.HELLO, "z"))
        .isInstanceOf(OverloadedException.class)
        .satisfies(e -> assertThat(((OverloadedException) e).reason()).isEqualTo("qps limit"));
    clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(500)); // half a second refills one call
    assertThat(client.call(Hello.HELLO, "z")).isEqualTo("z@s");
    assertThat(handler.calls.get()).isEqualTo(4);
  }

  @Test
  void whenTheRegistryFailsTheCachedInstancesKeepServing() throws Exception {
    Hello.Handler handler = new Hello.Handler("s");
    ThriftServer s = server(handler);
    FlakyResolver registry = new FlakyResolver(List.of(instance(s)));
    CachingResolver cached = CachingResolver.wrap(registry);
    LoadBalancingMiddleware lb = track(LoadBalancingMiddleware.builder(cached, "hello").build());
    ThriftClient client = client(List.of(lb));
    assertThat(client.call(Hello.HELLO, "before")).isEqualTo("before@s");
    Instance heavier = new Instance(s.address(), 20, Map.of("zone", "a"));
    registry.push(List.of(heavier)); // changes reach the balancer through the subscription
    assertThat(lb.instances()).containsExactly(heavier);

    registry.down.set(true);
    registry.push(List.of()); // an outage that pushes an empty list
    assertThatThrownBy(() -> registry.resolve("hello")).isInstanceOf(IllegalStateException.class);
    assertThat(cached.resolve("hello")).containsExactly(heavier);
    assertThat(client.call(Hello.HELLO, "during")).isEqualTo("during@s");
    assertThat(lb.instances()).containsExactly(heavier);
  }

  @Test
  void dnsResolvesHostNamesToInstancesAndRefreshesSubscriptions() throws Exception {
    Hello.Handler handler = new Hello.Handler("s");
    ThriftServer s = server(handler);
    DnsResolver dns = track(DnsResolver.create(Duration.ofMillis(20)));
    String name = "127.0.0.1:" + s.port();
    assertThat(dns.resolve(name)).containsExactly(instance(s));
    Queue<List<Instance>> updates = new ConcurrentLinkedQueue<>();
    Resolver.Subscription watch = dns.subscribe(name, updates::add);
    await(() -> !updates.isEmpty());
    watch.close();
    assertThat(updates.peek()).containsExactly(instance(s));

    LoadBalancingMiddleware lb = track(LoadBalancingMiddleware.builder(dns, name).build());
    ThriftClient client = client(List.of(lb));
    assertThat(client.call(Hello.HELLO, "dns")).isEqualTo("dns@s");
  }

  @Test
  void serversRegisteringInAnInProcessRegistryGetTrafficAndDeregisteringStopsIt() throws Exception {
    Hello.Handler h1 = new Hello.Handler("one");
    Hello.Handler h2 = new Hello.Handler("two");
    ThriftServer s1 = server(h1);
    ThriftServer s2 = server(h2);
    StaticResolver registry = StaticResolver.create();
    registry.register("hello", instance(s1));
    LoadBalancingMiddleware lb = track(LoadBalancingMiddleware.builder(registry, "hello").build());
    ThriftClient client = client(List.of(lb));
    assertThat(client.call(Hello.HELLO, "a")).isEqualTo("a@one");

    registry.register("hello", instance(s2));
    assertThat(lb.instances()).containsExactly(instance(s1), instance(s2));
    for (int i = 0; i < 4; i++) client.call(Hello.HELLO, "b");
    assertThat(h2.calls.get()).isEqualTo(2);

    registry.deregister("hello", instance(s1));
    for (int i = 0; i < 4; i++) assertThat(client.call(Hello.HELLO, "c")).isEqualTo("c@two");
  }

  /** A registry that can go down; pushes reach its subscribers. */
  private static final class FlakyResolver implements Resolver {
    final AtomicBoolean down = new AtomicBoolean();
    final List<Instance> instances;
    final Queue<Consumer<List<Instance>>> listeners = new ConcurrentLinkedQueue<>();

    FlakyResolver(List<Instance> instances) {
      this.instances = instances;
    }

    void push(List<Instance> list) {
      listeners.forEach(l -> l.accept(list));
    }

    @Override
    public List<Instance> resolve(String serviceName) {
      if (down.get()) throw new IllegalStateException("registry unreachable");
      return instances;
    }

    @Override
    public Subscription subscribe(String serviceName, Consumer<List<Instance>> listener) {
      listeners.add(listener);
      return () -> listeners.remove(listener);
    }
  }
}
