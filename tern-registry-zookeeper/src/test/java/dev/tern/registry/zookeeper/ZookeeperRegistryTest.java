package dev.tern.registry.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.governance.discovery.Instance;
import dev.tern.governance.discovery.Resolver;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The registry and resolver against a real ZooKeeper server running in process. */
@Timeout(30)
class ZookeeperRegistryTest {

  private static final Duration SESSION = Duration.ofSeconds(5);

  private TestingServer zk;
  private CuratorFramework raw; // a plain client that looks at the nodes as Kitex would
  private final List<AutoCloseable> resources = new ArrayList<>();

  @BeforeEach
  void startZooKeeper() throws Exception {
    zk = new TestingServer(true);
    raw = CuratorFrameworkFactory.newClient(zk.getConnectString(), new RetryOneTime(100));
    raw.start();
    raw.blockUntilConnected(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    for (int i = resources.size() - 1; i >= 0; i--) resources.get(i).close();
    raw.close();
    zk.close();
  }

  private <T extends AutoCloseable> T track(T resource) {
    resources.add(resource);
    return resource;
  }

  static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) throw new AssertionError("condition not met within 15 s");
      Thread.sleep(10);
    }
  }

  @Test
  void registersAnEphemeralNodeInKitexLayoutAndDeregisterDeletesIt() throws Exception {
    ZookeeperRegistry registry = track(ZookeeperRegistry.connect(zk.getConnectString(), SESSION));
    Instance instance = new Instance(dev.tern.transport.Address.tcp("127.0.0.1", 8888), 20, Map.of("zone", "a"));
    registry.register("hello", instance);

    Stat stat = new Stat();
    byte[] data = raw.getData().storingStatIn(stat).forPath("/hello/127.0.0.1:8888");
    assertThat(stat.getEphemeralOwner()).isNotZero();
    assertThat(new String(data, StandardCharsets.UTF_8)).isEqualTo("{\"Weight\":20,\"Tags\":{\"zone\":\"a\"}}");

    registry.deregister("hello", instance);
    assertThat(raw.checkExists().forPath("/hello/127.0.0.1:8888")).isNull();
    registry.deregister("hello", instance); // unknown now: ignored
  }

  @Test
  void resolvesNodesWrittenTheGoWayAndSkipsUnreadableOnes() throws Exception {
    raw.create().creatingParentsIfNeeded().withMode(CreateMode.EPHEMERAL)
        .forPath("/echo/10.0.0.1:8888", "{\"Weight\":5,\"Tags\":null}".getBytes(StandardCharsets.UTF_8));
    raw.create().withMode(CreateMode.EPHEMERAL)
        .forPath("/echo/10.0.0.2:8888", "{\"weight\":15,\"tags\":{\"idc\":\"hl\"}}".getBytes(StandardCharsets.UTF_8));
    raw.create().withMode(CreateMode.EPHEMERAL).forPath("/echo/10.0.0.3:8888", new byte[0]);
    raw.create().withMode(CreateMode.EPHEMERAL).forPath("/echo/not-an-address", "{}".getBytes(StandardCharsets.UTF_8));
    raw.create().withMode(CreateMode.EPHEMERAL).forPath("/echo/10.0.0.4:8888", "oops".getBytes(StandardCharsets.UTF_8));
    ZookeeperResolver resolver = track(ZookeeperResolver.connect(zk.getConnectString(), SESSION));

    assertThat(resolver.resolve("echo")).containsExactly(
        Instance.of("10.0.0.1:8888", 5),
        new Instance(dev.tern.transport.Address.tcp("10.0.0.2", 8888), 15, Map.of("idc", "hl")),
        Instance.of("10.0.0.3:8888", Instance.DEFAULT_WEIGHT));
    assertThat(resolver.resolve("/echo")).hasSize(3);
    assertThat(resolver.resolve("nobody")).isEmpty();
  }

  @Test
  void subscribersHearOfEveryRegistrationAndDeregistration() throws Exception {
    ZookeeperRegistry registry = track(ZookeeperRegistry.connect(zk.getConnectString(), SESSION));
    ZookeeperResolver resolver = track(ZookeeperResolver.connect(zk.getConnectString(), SESSION));
    Instance a = Instance.of("127.0.0.1:9001", 10);
    Instance b = Instance.of("127.0.0.1:9002", 30);
    registry.register("hello", a);
    BlockingQueue<List<Instance>> updates = new LinkedBlockingQueue<>();
    Resolver.Subscription watch = resolver.subscribe("hello", updates::add);

    assertThat(updates.poll(10, TimeUnit.SECONDS)).containsExactly(a);
    registry.register("hello", b);
    assertThat(updates.poll(10, TimeUnit.SECONDS)).containsExactly(a, b);
    registry.register("hello", Instance.of("127.0.0.1:9002", 0)); // re-registering changes the data
    assertThat(updates.poll(10, TimeUnit.SECONDS)).containsExactly(a, Instance.of("127.0.0.1:9002", 0));
    registry.deregister("hello", a);
    assertThat(updates.poll(10, TimeUnit.SECONDS)).containsExactly(Instance.of("127.0.0.1:9002", 0));

    watch.close();
    registry.register("hello", a);
    assertThat(updates.poll(300, TimeUnit.MILLISECONDS)).isNull(); // no longer watched
  }

  @Test
  void theNodeComesBackAfterTheSessionIsLostAndIfSomeoneDeletesIt() throws Exception {
    CuratorFramework registryClient = track(CuratorFrameworkFactory.newClient(zk.getConnectString(),
        2_000, 2_000, new RetryOneTime(100)));
    registryClient.start();
    ZookeeperRegistry registry = track(ZookeeperRegistry.using(registryClient));
    Instance a = Instance.of("127.0.0.1:9001", 10);
    registry.register("hello", a);
    String path = "/hello/127.0.0.1:9001";
    long firstOwner = raw.checkExists().forPath(path).getEphemeralOwner();

    raw.delete().forPath(path);
    await(() -> exists(path));

    // What a long partition does: the server expires the session and deletes its ephemeral nodes.
    long owner = raw.checkExists().forPath(path).getEphemeralOwner();
    assertThat(owner).isEqualTo(firstOwner);
    registryClient.getZookeeperClient().getZooKeeper().getTestable().injectSessionExpiration();
    await(() -> {
      Stat s = stat(path);
      return s != null && s.getEphemeralOwner() != firstOwner;
    });
    assertThat(ZookeeperResolver.using(raw).resolve("hello")).containsExactly(a);
  }

  @Test
  void closingTheRegistryWithdrawsEverythingItRegistered() throws Exception {
    ZookeeperRegistry registry = ZookeeperRegistry.connect(zk.getConnectString(), SESSION);
    registry.register("hello", Instance.of("127.0.0.1:9001", 10));
    registry.register("bye", Instance.of("127.0.0.1:9002", 10));
    registry.close();
    assertThat(raw.checkExists().forPath("/hello/127.0.0.1:9001")).isNull();
    assertThat(raw.checkExists().forPath("/bye/127.0.0.1:9002")).isNull();
  }

  private boolean exists(String path) {
    return stat(path) != null;
  }

  private Stat stat(String path) {
    try {
      return raw.checkExists().forPath(path);
    } catch (KeeperException e) {
      return null;
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
