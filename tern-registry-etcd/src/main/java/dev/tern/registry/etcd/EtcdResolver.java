package dev.tern.registry.etcd;

import dev.tern.governance.discovery.Instance;
import dev.tern.governance.discovery.Resolver;
import dev.tern.registry.etcd.internal.KeyCodec;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchEvent;
import io.etcd.jetcd.watch.WatchResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Resolver} on etcd that reads the layout {@link EtcdRegistry} writes (Kitex's
 * kitex-contrib/registry-etcd): the keys under {@code kitex/registry-etcd/<service>/} are the
 * instances.
 *
 * <pre>{@code
 * EtcdResolver resolver = EtcdResolver.builder("http://127.0.0.1:2379").build();
 * LoadBalancingMiddleware lb = LoadBalancingMiddleware.builder(resolver, "echo").build();
 * }</pre>
 *
 * <p>{@link #subscribe} reads the service's keys, then watches them from the revision read, so no
 * change is missed in between. When etcd is unreachable the instance list stays as it was; when
 * the watch fails (etcd restarted, or the revision was compacted away) the resolver reads the keys
 * again, retrying with backoff, and subscribers hear of every difference. Keys whose value cannot
 * be read are skipped with a warning.
 */
public final class EtcdResolver implements Resolver {

  private static final Logger log = LoggerFactory.getLogger(EtcdResolver.class);
  private static final Comparator<Instance> BY_ADDRESS = Comparator.comparing(i -> i.address().toString());

  private final Client client;
  private final boolean ownsClient;
  private final String prefix;
  private final Duration timeout;
  private final Map<String, WatchState> watches = new ConcurrentHashMap<>();
  private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "tern-etcd-resolver");
    t.setDaemon(true);
    return t;
  });

  private EtcdResolver(Builder b) {
    this.client = b.client != null ? b.client : Client.builder().endpoints(b.endpoints).build();
    this.ownsClient = b.client == null;
    this.prefix = b.prefix;
    this.timeout = b.timeout;
  }

  /** A resolver with its own client of the etcd cluster at these endpoints ({@code http://host:port}). */
  public static Builder builder(String... endpoints) {
    if (endpoints.length == 0) throw new IllegalArgumentException("no endpoints");
    return new Builder(endpoints.clone(), null);
  }

  /** A resolver over a jetcd client that the caller keeps and closes. */
  public static Builder builder(Client client) {
    return new Builder(null, Objects.requireNonNull(client, "client"));
  }

  /**
   * Reads the service's instances from etcd now (empty when the service has none).
   *
   * @throws Exception when etcd does not answer within the {@linkplain Builder#timeout timeout}
   */
  @Override
  public List<Instance> resolve(String serviceName) throws Exception {
    ByteSequence p = KeyCodec.servicePrefix(prefix, serviceName);
    GetResponse r;
    try {
      r = client.getKVClient().get(p, GetOption.builder().isPrefix(true).build())
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception c ? c : e;
    } catch (TimeoutException e) {
      throw new TimeoutException("etcd did not answer within " + timeout.toMillis() + " ms");
    }
    List<Instance> out = new ArrayList<>();
    for (KeyValue kv : r.getKvs()) {
      Instance i = decode(kv);
      if (i != null) out.add(i);
    }
    out.sort(BY_ADDRESS);
    return List.copyOf(out);
  }

  @Override
  public Subscription subscribe(String serviceName, Consumer<List<Instance>> listener) {
    Objects.requireNonNull(listener, "listener");
    ByteSequence p = KeyCodec.servicePrefix(prefix, serviceName);
    while (true) {
      WatchState w = watches.computeIfAbsent(serviceName, n -> new WatchState(p));
      synchronized (w) {
        if (w.closed) continue; // lost a race with the last unsubscribe; start a new watch
        w.listeners.add(listener);
        if (!w.started) {
          w.started = true;
          w.sync();
        }
      }
      return () -> w.remove(serviceName, listener);
    }
  }

  /** Stops every watch; closes the client if this resolver opened it. */
  @Override
  public void close() {
    for (WatchState w : watches.values()) w.close();
    watches.clear();
    retries.shutdownNow();
    if (ownsClient) client.close();
  }

  private static Instance decode(KeyValue kv) {
    try {
      return KeyCodec.decode(kv.getKey(), kv.getValue());
    } catch (IllegalArgumentException e) {
      log.warn("skipping unreadable instance key {}: {}", kv.getKey().toString(StandardCharsets.UTF_8), e.getMessage());
      return null;
    }
  }

  /** The keys of one watched service and who listens to them. */
  private final class WatchState {
    final ByteSequence keyPrefix;
    final List<Consumer<List<Instance>>> listeners = new CopyOnWriteArrayList<>();
    // guarded by this
    final Map<ByteSequence, Instance> keys = new HashMap<>();
    Watch.Watcher watcher;
    List<Instance> last;
    boolean started;
    boolean closed;
    int generation; // which sync the callbacks in flight belong to
    long backoffMillis = 100;

    WatchState(ByteSequence keyPrefix) {
      this.keyPrefix = keyPrefix;
    }

    /** Reads every key, then watches from the revision after the read. */
    synchronized void sync() {
      if (closed) return;
      int gen = ++generation;
      if (watcher != null) watcher.close();
      watcher = null;
      client.getKVClient().get(keyPrefix, GetOption.builder().isPrefix(true).build()).whenComplete((r, e) -> {
        synchronized (this) {
          if (closed || gen != generation) return;
          if (e != null) {
            retryLater(gen, "reading " + keyPrefix.toString(StandardCharsets.UTF_8) + " failed: " + e);
            return;
          }
          keys.clear();
          for (KeyValue kv : r.getKvs()) {
            Instance i = decode(kv);
            if (i != null) keys.put(kv.getKey(), i);
          }
          long next = r.getHeader().getRevision() + 1;
          watcher = client.getWatchClient().watch(keyPrefix,
              WatchOption.builder().isPrefix(true).withRevision(next).build(),
              Watch.listener(resp -> onEvents(gen, resp), err -> retryLater(gen, "watch failed: " + err)));
          backoffMillis = 100;
          publish();
        }
      });
    }

    synchronized void onEvents(int gen, WatchResponse response) {
      if (closed || gen != generation) return;
      for (WatchEvent ev : response.getEvents()) {
        KeyValue kv = ev.getKeyValue();
        if (ev.getEventType() == WatchEvent.EventType.DELETE) {
          keys.remove(kv.getKey());
        } else if (ev.getEventType() == WatchEvent.EventType.PUT) {
          Instance i = decode(kv);
          if (i != null) keys.put(kv.getKey(), i);
          else keys.remove(kv.getKey());
        }
      }
      publish();
    }

    /** Reads everything again after a backoff; the instances known meanwhile stay as they are. */
    synchronized void retryLater(int gen, String why) {
      if (closed || gen != generation) return;
      generation++; // the failed watch's further callbacks are ignored
      if (watcher != null) watcher.close();
      watcher = null;
      long delay = backoffMillis;
      backoffMillis = Math.min(backoffMillis * 2, 2_000);
      log.debug("{}; reading again in {} ms", why, delay);
      try {
        retries.schedule(this::sync, delay, TimeUnit.MILLISECONDS);
      } catch (RejectedExecutionException e) {
        // the resolver is closing
      }
    }

    private void publish() {
      List<Instance> now = new ArrayList<>(keys.values());
      now.sort(BY_ADDRESS);
      List<Instance> list = List.copyOf(now);
      if (list.equals(last)) return;
      last = list;
      for (Consumer<List<Instance>> l : listeners) {
        try {
          l.accept(list);
        } catch (RuntimeException e) {
          log.warn("instance listener of {} failed", keyPrefix.toString(StandardCharsets.UTF_8), e);
        }
      }
    }

    void remove(String serviceName, Consumer<List<Instance>> listener) {
      synchronized (this) {
        listeners.remove(listener);
        if (!listeners.isEmpty() || closed) return;
        close(); // before leaving the map: a new subscriber then starts a new watch
      }
      watches.remove(serviceName, this);
    }

    synchronized void close() {
      closed = true;
      if (watcher != null) watcher.close();
      watcher = null;
    }
  }

  /** Configures an {@link EtcdResolver}. */
  public static final class Builder {
    private final String[] endpoints;
    private final Client client;
    private String prefix = KeyCodec.DEFAULT_PREFIX;
    private Duration timeout = Duration.ofSeconds(5);

    private Builder(String[] endpoints, Client client) {
      this.endpoints = endpoints;
      this.client = client;
    }

    /** The first segment of every key (default {@code kitex/registry-etcd}, Kitex's). */
    public Builder prefix(String prefix) {
      this.prefix = Objects.requireNonNull(prefix, "prefix");
      return this;
    }

    /** How long {@link EtcdResolver#resolve} waits for etcd (default 5 s). */
    public Builder timeout(Duration timeout) {
      if (timeout.isNegative() || timeout.isZero()) throw new IllegalArgumentException("timeout must be positive");
      this.timeout = timeout;
      return this;
    }

    public EtcdResolver build() {
      return new EtcdResolver(this);
    }
  }
}
