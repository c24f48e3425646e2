package dev.tern.registry.etcd;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.governance.discovery.Instance;
import dev.tern.governance.loadbalance.LoadBalancingMiddleware;
import dev.tern.rpc.ThriftClient;
import dev.tern.rpc.ThriftServer;
import dev.tern.transport.Address;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Real Tern servers that register in a real etcd, and a client that finds them there. */
@Timeout(40)
class EtcdClusterTest {

  private final List<AutoCloseable> resources = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (int i = resources.size() - 1; i >= 0; i--) resources.get(i).close();
  }

  private <T extends AutoCloseable> T track(T resource) {
    resources.add(resource);
    return resource;
  }

  private ThriftServer server(Hello.Handler handler, EtcdRegistry registry) {
    return track(ThriftServer.builder()
        .address(Address.tcp("127.0.0.1", 0))
        .addService(handler.definition())
        .gracePeriod(Duration.ofMillis(100))
        .lifecycleListener(registry.registration("hello"))
        .build()
        .start());
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) throw new AssertionError("condition not met within 15 s");
      Thread.sleep(10);
    }
  }

  private static Set<String> answerers(ThriftClient client, int calls) {
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < calls; i++) {
      String answer = client.call(Hello.HELLO, "n" + i);
      ids.add(answer.substring(answer.indexOf('@') + 1));
    }
    return ids;
  }

  @Test
  void serversRegisterOnStartDeregisterBeforeDrainingAndClientsRideOutAnEtcdCrash() throws Exception {
    EtcdServer etcd = track(EtcdServer.start());
    EtcdRegistry registry = track(EtcdRegistry.builder(etcd.endpoint()).ttl(Duration.ofSeconds(30)).build());
    ThriftServer one = server(new Hello.Handler("one"), registry);
    ThriftServer two = server(new Hello.Handler("two"), registry);
    ThriftServer three = server(new Hello.Handler("three"), registry);
    EtcdResolver resolver = track(EtcdResolver.builder(etcd.endpoint()).build());
    assertThat(resolver.resolve("hello")).extracting(Instance::address)
        .containsExactlyInAnyOrder(one.address(), two.address(), three.address());

    LoadBalancingMiddleware lb = track(LoadBalancingMiddleware.builder(resolver, "hello").build());
    ThriftClient client = track(ThriftClient.builder().rpcTimeout(Duration.ofSeconds(5)).middleware(lb).build());
    assertThat(answerers(client, 6)).containsExactlyInAnyOrder("one", "two", "three");

    // Graceful shutdown deregisters first: the watch drops the instance, no call goes there.
    three.close();
    await(() -> lb.instances().size() == 2);
    assertThat(answerers(client, 6)).containsExactlyInAnyOrder("one", "two");

    // etcd crashes: the client keeps calling the instances it knows.
    etcd.kill();
    assertThat(answerers(client, 20)).containsExactlyInAnyOrder("one", "two");
    assertThat(lb.instances()).hasSize(2);

    // It comes back (same data): the watch resumes and sees what changed since.
    etcd.restart();
    ThriftServer four = server(new Hello.Handler("four"), registry);
    await(() -> lb.instances().size() == 3);
    assertThat(lb.instances()).extracting(Instance::address)
        .containsExactlyInAnyOrder(one.address(), two.address(), four.address());
    assertThat(answerers(client, 6)).containsExactlyInAnyOrder("one", "two", "four");
  }
}
