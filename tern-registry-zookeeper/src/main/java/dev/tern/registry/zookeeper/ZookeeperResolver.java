package dev.tern.registry.zookeeper;

import dev.tern.governance.discovery.Instance;
import dev.tern.governance.discovery.Resolver;
import dev.tern.registry.zookeeper.internal.Curators;
import dev.tern.registry.zookeeper.internal.NodeCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.cache.ChildData;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.framework.recipes.cache.CuratorCacheListener;
import org.apache.zookeeper.KeeperException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link dev.tern.governance.discovery.Resolver} on ZooKeeper that reads the layout
 * {@link ZookeeperRegistry} writes (Kitex's kitex-contrib/registry-zookeeper): the children of
 * {@code /<service>} are the instances, named {@code <host>:<port>}.
 *
 * <pre>{@code
 * ZookeeperResolver resolver = ZookeeperResolver.connect("127.0.0.1:2181", Duration.ofSeconds(40));
 * LoadBalancingMiddleware lb = LoadBalancingMiddleware.builder(resolver, "echo").build();
 * }</pre>
 *
 * <p>{@link #subscribe} watches the service with a {@link CuratorCache}: a local copy of its nodes
 * that ZooKeeper's watches keep current. When ZooKeeper is unreachable the copy, and so the
 * clients' instance lists, stay as they were; when it is back the copy catches up and
 * subscribers hear of every difference. Nodes whose name or data cannot be read are skipped with
 * a warning.
 */
public final class ZookeeperResolver implements Resolver {

  private static final Logger log = LoggerFactory.getLogger(ZookeeperResolver.class);

  private final CuratorFramework client;
  private final boolean ownsClient;
  private final Map<String, Watch> watches = new ConcurrentHashMap<>();

  private ZookeeperResolver(CuratorFramework client, boolean ownsClient) {
    this.client = client;
    this.ownsClient = ownsClient;
  }

  /** A resolver with its own connection to {@code servers} ({@code "host:port,host:port"}). */
  public static ZookeeperResolver connect(String servers, Duration sessionTimeout) {
    return new ZookeeperResolver(Curators.start(servers, sessionTimeout, null, null), true);
  }

  /** As {@link #connect(String, Duration)}, authenticated by digest as {@code user}. */
  public static ZookeeperResolver connect(String servers, Duration sessionTimeout, String user, String password) {
    Objects.requireNonNull(user, "user");
    return new ZookeeperResolver(Curators.start(servers, sessionTimeout, user, password), true);
  }

  /** A resolver over a started Curator client that the caller keeps and closes. */
  public static ZookeeperResolver using(CuratorFramework client) {
    return new ZookeeperResolver(Objects.requireNonNull(client, "client"), false);
  }

  /**
   * Reads the service's instances from ZooKeeper now (empty when the service has none).
   *
   * @throws Exception when ZooKeeper cannot be reached within the client's retry policy
   */
  @Override
  public List<Instance> resolve(String serviceName) throws Exception {
    String path = NodeCodec.servicePath(serviceName);
    List<String> children;
    try {
      children = client.getChildren().forPath(path);
    } catch (KeeperException.NoNodeException e) {
      return List.of();
    }
    List<Instance> out = new ArrayList<>(children.size());
    for (String child : children) {
      byte[] data;
      try {
        data = client.getData().forPath(path + "/" + child);
      } catch (KeeperException.NoNodeException e) {
        continue; // deregistered meanwhile
      }
      Instance i = decode(child, data);
      if (i != null) out.add(i);
    }
    out.sort(BY_ADDRESS);
    return List.copyOf(out);
  }

  @Override
  public Subscription subscribe(String serviceName, Consumer<List<Instance>> listener) {
    Objects.requireNonNull(listener, "listener");
    String path = NodeCodec.servicePath(serviceName);
    while (true) {
      Watch w = watches.computeIfAbsent(path, Watch::new);
      synchronized (w) {
        if (w.closed) continue; // lost a race with the last unsubscribe; start a new watch
        w.listeners.add(listener);
        w.start();
      }
      return () -> w.remove(listener);
    }
  }

  /** Stops every watch; closes the connection if this resolver opened it. */
  @Override
  public void close() {
    for (Watch w : watches.values()) w.close();
    watches.clear();
    if (ownsClient) client.close();
  }

  private static final Comparator<Instance> BY_ADDRESS = Comparator.comparing(i -> i.address().toString());

  private static Instance decode(String nodeName, byte[] data) {
    try {
      return NodeCodec.decode(nodeName, data);
    } catch (IllegalArgumentException e) {
      log.warn("skipping unreadable instance node {}: {}", nodeName, e.getMessage());
      return null;
    }
  }

  private static String name(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }

  private static String parent(String path) {
    int slash = path.lastIndexOf('/');
    return slash <= 0 ? "/" : path.substring(0, slash);
  }

  /** The cache of one service's nodes and who listens to it. */
  private final class Watch {
    final String path;
    final List<Consumer<List<Instance>>> listeners = new CopyOnWriteArrayList<>();
    final CuratorCache cache;
    boolean started;
    boolean closed;
    volatile boolean initialized;
    List<Instance> last; // confined to the cache's event thread

    Watch(String path) {
      this.path = path;
      this.cache = CuratorCache.build(client, path);
      cache.listenable().addListener(CuratorCacheListener.builder()
          .forAll((type, before, after) -> {
            if (initialized) publish();
          })
          .forInitialized(() -> {
            initialized = true;
            publish();
          })
          .build());
    }

    void start() {
      if (!started) {
        started = true;
        cache.start();
      }
    }

    void publish() {
      List<Instance> now = new ArrayList<>();
      cache.stream().filter(d -> parent(d.getPath()).equals(path)).forEach((ChildData d) -> {
        Instance i = decode(name(d.getPath()), d.getData());
        if (i != null) now.add(i);
      });
      now.sort(BY_ADDRESS);
      List<Instance> list = List.copyOf(now);
      if (list.equals(last)) return;
      last = list;
      for (Consumer<List<Instance>> l : listeners) {
        try {
          l.accept(list);
        } catch (RuntimeException e) {
          log.warn("instance listener of {} failed", path, e);
        }
      }
    }

    void remove(Consumer<List<Instance>> listener) {
      synchronized (this) {
        listeners.remove(listener);
        if (!listeners.isEmpty() || closed) return;
        closed = true;
      }
      watches.remove(path, this);
      cache.close();
    }

    synchronized void close() {
      closed = true;
      cache.close();
    }
  }
}
