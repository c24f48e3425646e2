package dev.tern.registry.etcd;

import dev.tern.governance.discovery.Instance;
import dev.tern.governance.discovery.Registry;
import dev.tern.registry.etcd.internal.KeyCodec;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.lease.LeaseKeepAliveResponse;
import io.etcd.jetcd.options.PutOption;
import io.etcd.jetcd.support.CloseableClient;
import io.grpc.stub.StreamObserver;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Registry} on etcd, in the layout of Kitex's kitex-contrib/registry-etcd, so Go and Java
 * services find each other: each instance is a key
 * {@code kitex/registry-etcd/<service>/<host>:<port>} holding
 * {@code {"network":"tcp","address":"<host>:<port>","weight":10,"tags":{...}}}, bound to a lease
 * that the registry keeps alive.
 *
 * <pre>{@code
 * try (EtcdRegistry registry = EtcdRegistry.builder("http://127.0.0.1:2379").build()) {
 *   ThriftServer server = ThriftServer.builder().port(8888).addService(...)
 *       .lifecycleListener(registry.registration("echo"))   // registers on start, deregisters on close
 *       .build().start();
 * }
 * }</pre>
 *
 * <p>A server that dies disappears from its clients when its lease runs out (the {@linkplain
 * Builder#ttl TTL}, 60 s by default as Kitex). When the lease is lost (etcd was unreachable for
 * longer than the TTL, or it was revoked) the registry registers the instance again under a new
 * lease, retrying with backoff until etcd answers.
 */
public final class EtcdRegistry implements Registry, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EtcdRegistry.class);

  private final Client client;
  private final boolean ownsClient;
  private final String prefix;
  private final long ttlSeconds;
  private final Duration timeout;
  private final Map<ByteSequence, Entry> entries = new ConcurrentHashMap<>();
  private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "tern-etcd-registry");
    t.setDaemon(true);
    return t;
  });

  private EtcdRegistry(Builder b) {
    this.client = b.client != null ? b.client : Client.builder().endpoints(b.endpoints).build();
    this.ownsClient = b.client == null;
    this.prefix = b.prefix;
    this.ttlSeconds = b.ttl.toSeconds();
    this.timeout = b.timeout;
  }

  /** A registry with its own client of the etcd cluster at these endpoints ({@code http://host:port}). */
  public static Builder builder(String... endpoints) {
    if (endpoints.length == 0) throw new IllegalArgumentException("no endpoints");
    return new Builder(endpoints.clone(), null);
  }

  /** A registry over a jetcd client that the caller keeps and closes. */
  public static Builder builder(Client client) {
    return new Builder(null, Objects.requireNonNull(client, "client"));
  }

  /**
   * Puts the instance's key under a new lease and keeps the lease alive until
   * {@link #deregister}. Waits up to the {@linkplain Builder#timeout timeout} for etcd; if it does
   * not answer by then, this returns anyway (a warning is logged) and the registry keeps trying,
   * so a server starts while its registry is down. Registering the same address again replaces
   * the value.
   */
  @Override
  public void register(String serviceName, Instance instance) throws InterruptedException {
    ByteSequence key = KeyCodec.instanceKey(prefix, serviceName, instance);
    Entry entry = new Entry(key, KeyCodec.encode(instance));
    Entry old = entries.put(key, entry);
    if (old != null) old.stop(false);
    try {
      entry.register().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      log.warn("etcd did not take {} within {} ms ({}); retrying until it does", name(key), timeout.toMillis(), e.toString());
    }
  }

  /** Deletes the instance's key and revokes its lease; an unknown instance is ignored. */
  @Override
  public void deregister(String serviceName, Instance instance) throws InterruptedException {
    Entry entry = entries.remove(KeyCodec.instanceKey(prefix, serviceName, instance));
    if (entry != null) entry.stop(true);
  }

  /** Deregisters every instance this registry registered, then closes its own client. */
  @Override
  public void close() {
    try {
      for (Entry e : entries.values()) e.stop(true);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    entries.clear();
    retries.shutdownNow();
    if (ownsClient) client.close();
  }

  private static String name(ByteSequence key) {
    return key.toString(StandardCharsets.UTF_8);
  }

  /** One registered key, its lease and the lease's keep-alive. */
  private final class Entry {
    final ByteSequence key;
    final ByteSequence value;
    // guarded by this
    long leaseId;
    CloseableClient keepAlive;
    boolean stopped;
    long backoffMillis = 100;

    Entry(ByteSequence key, ByteSequence value) {
      this.key = key;
      this.value = value;
    }

    /** Grants a lease, puts the key under it and starts keeping it alive; retries on failure. */
    CompletableFuture<Void> register() {
      var done = client.getLeaseClient().grant(ttlSeconds).thenCompose(grant -> {
        long id = grant.getID();
        synchronized (this) {
          if (stopped) {
            client.getLeaseClient().revoke(id);
            return CompletableFuture.completedFuture(null);
          }
          leaseId = id;
        }
        return client.getKVClient().put(key, value, PutOption.builder().withLeaseId(id).build()).thenAccept(put -> {
          synchronized (this) {
            if (stopped || leaseId != id) return;
            keepAlive = client.getLeaseClient().keepAlive(id, new KeepAliveObserver(id));
            backoffMillis = 100;
          }
          log.debug("registered {} under lease {}", name(key), Long.toHexString(id));
        });
      });
      done.whenComplete((v, e) -> {
        if (e != null) retryLater(0, "registering failed: " + e);
      });
      return done;
    }

    /** Registers again after a backoff, unless stopped or the failure concerns a lease given up before. */
    synchronized void retryLater(long failedLease, String why) {
      if (stopped || (failedLease != 0 && failedLease != leaseId)) return;
      leaseId = 0; // callbacks of the old lease's keep-alive, closing now, are ignored
      if (keepAlive != null) keepAlive.close();
      keepAlive = null;
      long delay = backoffMillis;
      backoffMillis = Math.min(backoffMillis * 2, Math.max(1000, ttlSeconds * 1000 / 3));
      log.warn("{} for {}; registering again in {} ms", why, name(key), delay);
      try {
        retries.schedule(this::register, delay, TimeUnit.MILLISECONDS);
      } catch (RejectedExecutionException e) {
        // the registry is closing
      }
    }

    void stop(boolean delete) throws InterruptedException {
      long id;
      synchronized (this) {
        if (stopped) return;
        stopped = true;
        if (keepAlive != null) keepAlive.close();
        keepAlive = null;
        id = leaseId;
      }
      if (!delete) return; // replaced by a new registration of the same key
      try {
        client.getKVClient().delete(key).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (id != 0) client.getLeaseClient().revoke(id).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (ExecutionException | TimeoutException e) {
        log.warn("could not withdraw {} now ({}); it goes when its lease expires", name(key), e.toString());
      }
    }

    /** Hears the keep-alives of one lease. */
    private final class KeepAliveObserver implements StreamObserver<LeaseKeepAliveResponse> {
      final long id;

      KeepAliveObserver(long id) {
        this.id = id;
      }

      @Override
      public void onNext(LeaseKeepAliveResponse response) {}

      @Override
      public void onError(Throwable t) {
        retryLater(id, "lease lost (" + t.getMessage() + ")");
      }

      @Override
      public void onCompleted() {
        retryLater(id, "lease keep-alive ended");
      }
    }
  }

  /** Configures an {@link EtcdRegistry}. */
  public static final class Builder {
    private final String[] endpoints;
    private final Client client;
    private String prefix = KeyCodec.DEFAULT_PREFIX;
    private Duration ttl = Duration.ofSeconds(60);
    private Duration timeout = Duration.ofSeconds(5);

    private Builder(String[] endpoints, Client client) {
      this.endpoints = endpoints;
      this.client = client;
    }

    /** How long a key outlives its server's last keep-alive (default 60 s; whole seconds, at least 1). */
    public Builder ttl(Duration ttl) {
      if (ttl.toSeconds() < 1) throw new IllegalArgumentException("ttl must be at least 1 s: " + ttl);
      this.ttl = ttl;
      return this;
    }

    /** The first segment of every key (default {@code kitex/registry-etcd}, Kitex's). */
    public Builder prefix(String prefix) {
      this.prefix = Objects.requireNonNull(prefix, "prefix");
      return this;
    }

    /** How long register and deregister wait for etcd (default 5 s). */
    public Builder timeout(Duration timeout) {
      if (timeout.isNegative() || timeout.isZero()) throw new IllegalArgumentException("timeout must be positive");
      this.timeout = timeout;
      return this;
    }

    public EtcdRegistry build() {
      return new EtcdRegistry(this);
    }
  }
}
