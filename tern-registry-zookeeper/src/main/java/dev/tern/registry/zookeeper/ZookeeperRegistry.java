package dev.tern.registry.zookeeper;

import dev.tern.governance.discovery.Instance;
import dev.tern.governance.discovery.Registry;
import dev.tern.registry.zookeeper.internal.Curators;
import dev.tern.registry.zookeeper.internal.NodeCodec;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.nodes.PersistentNode;
import org.apache.zookeeper.CreateMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Registry} on ZooKeeper, in the layout of Kitex's kitex-contrib/registry-zookeeper, so
 * Go and Java services find each other: each instance is an ephemeral node
 * {@code /<service>/<host>:<port>} holding {@code {"Weight":10,"Tags":{...}}}.
 *
 * <pre>{@code
 * try (ZookeeperRegistry registry = ZookeeperRegistry.connect("127.0.0.1:2181", Duration.ofSeconds(40))) {
 *   ThriftServer server = ThriftServer.builder().port(8888).addService(...)
 *       .lifecycleListener(registry.registration("echo"))   // registers on start, deregisters on close
 *       .build().start();
 * }
 * }</pre>
 *
 * <p>The node lives as long as the registry's ZooKeeper session: a server that dies disappears
 * from its clients after the session timeout. When the session is lost (a long network
 * partition, the ensemble restarted without its data) the registry creates the node again as soon
 * as a new session is established; it also puts the node back if someone deletes it.
 */
public final class ZookeeperRegistry implements Registry, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ZookeeperRegistry.class);

  private final CuratorFramework client;
  private final boolean ownsClient;
  private final Map<String, PersistentNode> nodes = new ConcurrentHashMap<>();

  private ZookeeperRegistry(CuratorFramework client, boolean ownsClient) {
    this.client = client;
    this.ownsClient = ownsClient;
  }

  /**
   * A registry with its own connection to {@code servers} ({@code "host:port,host:port"}).
   *
   * @param sessionTimeout how long after losing its server a registered instance disappears
   */
  public static ZookeeperRegistry connect(String servers, Duration sessionTimeout) {
    return new ZookeeperRegistry(Curators.start(servers, sessionTimeout, null, null), true);
  }

  /**
   * As {@link #connect(String, Duration)}, authenticated by digest as {@code user}; the nodes it
   * creates are readable and writable by that user only.
   */
  public static ZookeeperRegistry connect(String servers, Duration sessionTimeout, String user, String password) {
    Objects.requireNonNull(user, "user");
    return new ZookeeperRegistry(Curators.start(servers, sessionTimeout, user, password), true);
  }

  /** A registry over a started Curator client that the caller keeps and closes. */
  public static ZookeeperRegistry using(CuratorFramework client) {
    return new ZookeeperRegistry(Objects.requireNonNull(client, "client"), false);
  }

  /**
   * Creates the instance's ephemeral node (with any missing parents) and keeps it there until
   * {@link #deregister}. Waits up to the client's connection timeout for the node to exist; if
   * ZooKeeper cannot be reached by then, the node is created when it can, and this returns
   * anyway (a warning is logged), so a server starts while its registry is down.
   * Registering the same address again replaces the data.
   */
  @Override
  public void register(String serviceName, Instance instance) throws Exception {
    String path = NodeCodec.instancePath(serviceName, instance);
    byte[] data = NodeCodec.encode(instance);
    PersistentNode node;
    synchronized (nodes) {
      node = nodes.get(path);
      if (node != null) {
        if (node.getActualPath() != null) { // created: change its data in place
          node.setData(data);
          return;
        }
        node.close(); // still waiting for ZooKeeper: start over with the new data
      }
      node = new PersistentNode(client, CreateMode.EPHEMERAL, false, path, data);
      nodes.put(path, node);
      node.start();
    }
    int waitMs = client.getZookeeperClient().getConnectionTimeoutMs();
    if (!node.waitForInitialCreate(waitMs, TimeUnit.MILLISECONDS)) {
      log.warn("ZooKeeper did not confirm {} within {} ms; it is created once ZooKeeper is reachable", path, waitMs);
    }
  }

  /** Deletes the instance's node; an unknown instance is ignored. */
  @Override
  public void deregister(String serviceName, Instance instance) throws IOException {
    PersistentNode node;
    synchronized (nodes) {
      node = nodes.remove(NodeCodec.instancePath(serviceName, instance));
    }
    if (node != null) node.close();
  }

  /** Deregisters every instance this registry registered, then closes its own connection. */
  @Override
  public void close() {
    synchronized (nodes) {
      for (PersistentNode node : nodes.values()) {
        try {
          node.close();
        } catch (IOException | RuntimeException e) {
          log.warn("could not delete {}: {}", node.getActualPath(), e.toString());
        }
      }
      nodes.clear();
    }
    if (ownsClient) client.close();
  }
}
