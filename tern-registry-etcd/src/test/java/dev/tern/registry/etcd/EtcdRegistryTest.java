package dev.tern.registry.etcd;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.governance.discovery.Instance;
import dev.tern.governance.discovery.Resolver;
import dev.tern.transport.Address;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.options.LeaseOption;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The registry and resolver against a real etcd server. */
@Timeout(30)
class EtcdRegistryTest {

  private static EtcdServer etcd;
  private static Client raw; // a plain client that looks at the keys as Kitex would

  private final List<AutoCloseable> resources = new ArrayList<>();

  @BeforeAll
  static void startEtcd() throws Exception {
    etcd = EtcdServer.start();
    raw = Client.builder().endpoints(etcd.endpoint()).build();
  }

  @AfterAll
  static void stopEtcd() throws Exception {
    if (raw != null) raw.close();
    if (etcd != null) etcd.close();
  }

  @AfterEach
  void close() throws Exception {
    for (int i = resources.size() - 1; i >= 0; i--) resources.get(i).close();
  }

  private <T extends AutoCloseable> T track(T resource) {
    resources.add(resource);
    return resource;
  }

  private static ByteSequence bytes(String s) {
    return ByteSequence.from(s, StandardCharsets.UTF_8);
  }

  private static KeyValue get(String key) throws Exception {
    List<KeyValue> kvs = raw.getKVClient().get(bytes(key)).get(5, TimeUnit.SECONDS).getKvs();
    return kvs.isEmpty() ? null : kvs.get(0);
  }

  static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) throw new AssertionError("condition not met within 15 s");
      Thread.sleep(10);
    }
  }

  @Test
  void registersAKeyInKitexLayoutUnderALeaseAndDeregisterDeletesItAndRevokesTheLease() throws Exception {
    EtcdRegistry registry = track(EtcdRegistry.builder(etcd.endpoint()).ttl(Duration.ofSeconds(10)).build());
    Instance instance = new Instance(Address.tcp("127.0.0.1", 8888), 20, Map.of("zone", "a"));
    registry.register("layout", instance);

    KeyValue kv = get("kitex/registry-etcd/layout/127.0.0.1:8888");
    assertThat(kv).isNotNull();
    assertThat(kv.getValue().toString(StandardCharsets.UTF_8))
        .isEqualTo("{\"network\":\"tcp\",\"address\":\"127.0.0.1:8888\",\"weight\":20,\"tags\":{\"zone\":\"a\"}}");
    long lease = kv.getLease();
    assertThat(lease).isNotZero();
    assertThat(raw.getLeaseClient().timeToLive(lease, LeaseOption.DEFAULT).get(5, TimeUnit.SECONDS).getTTL())
        .isBetween(1L, 10L);

    registry.deregister("layout", instance);
    assertThat(get("kitex/registry-etcd/layout/127.0.0.1:8888")).isNull();
    assertThat(raw.getLeaseClient().timeToLive(lease, LeaseOption.DEFAULT).get(5, TimeUnit.SECONDS).getTTL())
        .isEqualTo(-1); // revoked
    registry.deregister("layout", instance); // unknown now: ignored
  }

  @Test
  void resolvesKeysWrittenTheGoWayAndSkipsUnreadableOnes() throws Exception {
    var kv = raw.getKVClient();
    kv.put(bytes("kitex/registry-etcd/go/10.0.0.1:8888"),
        bytes("{\"network\":\"tcp\",\"address\":\"10.0.0.1:8888\",\"weight\":5,\"tags\":null}")).get();
    kv.put(bytes("kitex/registry-etcd/go/10.0.0.2:8888"), bytes("{\"weight\":15,\"tags\":{\"idc\":\"hl\"}}")).get();
    kv.put(bytes("kitex/registry-etcd/go/10.0.0.3:8888"), bytes("oops")).get();
    kv.put(bytes("kitex/registry-etcd/go/sock"), bytes("{\"network\":\"unix\",\"address\":\"/tmp/s\"}")).get();
    kv.put(bytes("kitex/registry-etcd/gopher/10.0.0.9:8888"), bytes("{\"weight\":1}")).get(); // another service
    EtcdResolver resolver = track(EtcdResolver.builder(etcd.endpoint()).build());

    assertThat(resolver.resolve("go")).containsExactly(
        Instance.of("10.0.0.1:8888", 5),
        new Instance(Address.tcp("10.0.0.2", 8888), 15, Map.of("idc", "hl")));
    assertThat(resolver.resolve("nobody")).isEmpty();
  }

  @Test
  void subscribersHearOfEveryRegistrationAndDeregistration() throws Exception {
    EtcdRegistry registry = track(EtcdRegistry.builder(etcd.endpoint()).ttl(Duration.ofSeconds(10)).build());
    EtcdResolver resolver = track(EtcdResolver.builder(etcd.endpoint()).build());
    Instance a = Instance.of("127.0.0.1:9001", 10);
    Instance b = Instance.of("127.0.0.1:9002", 30);
    registry.register("watched", a);
    BlockingQueue<List<Instance>> updates = new LinkedBlockingQueue<>();
    Resolver.Subscription watch = resolver.subscribe("watched", updates::add);

    assertThat(updates.poll(10, TimeUnit.SECONDS)).containsExactly(a);
    registry.register("watched", b);
    assertThat(updates.poll(10, TimeUnit.SECONDS)).containsExactly(a, b);
    registry.deregister("watched", a);
    assertThat(updates.poll(10, TimeUnit.SECONDS)).containsExactly(b);

    watch.close();
    registry.register("watched", a);
    assertThat(updates.poll(300, TimeUnit.MILLISECONDS)).isNull(); // no longer watched
  }

  @Test
  void aLostLeaseIsReplacedAndTheKeyComesBack() throws Exception {
    // jetcd renews a lease every third of its TTL, and hears that it is gone on the next renewal
    EtcdRegistry registry = track(EtcdRegistry.builder(etcd.endpoint()).ttl(Duration.ofSeconds(2)).build());
    Instance a = Instance.of("127.0.0.1:9001", 10);
    registry.register("lease", a);
    String key = "kitex/registry-etcd/lease/127.0.0.1:9001";
    long first = get(key).getLease();

    raw.getLeaseClient().revoke(first).get(5, TimeUnit.SECONDS); // deletes the key with it
    await(() -> {
      try {
        KeyValue kv = get(key);
        return kv != null && kv.getLease() != first;
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    });
  }

  @Test
  void closingTheRegistryWithdrawsEverythingItRegistered() throws Exception {
    EtcdRegistry registry = EtcdRegistry.builder(etcd.endpoint()).build();
    registry.register("closing", Instance.of("127.0.0.1:9001", 10));
    registry.register("closing", Instance.of("127.0.0.1:9002", 10));
    registry.close();
    assertThat(get("kitex/registry-etcd/closing/127.0.0.1:9001")).isNull();
    assertThat(get("kitex/registry-etcd/closing/127.0.0.1:9002")).isNull();
  }
}
