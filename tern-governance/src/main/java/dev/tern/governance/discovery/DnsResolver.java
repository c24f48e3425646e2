package dev.tern.governance.discovery;

import dev.tern.transport.Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Resolves service names of the form {@code "host:port"} through DNS ({@link InetAddress}): one
 * instance per address record, all with the default weight. Subscribed names are looked up again
 * every refresh interval and subscribers hear of changes; a failed lookup changes nothing (the
 * JVM's own DNS cache, {@code networkaddress.cache.ttl}, also applies).
 */
public final class DnsResolver implements Resolver {

  private final Duration refreshInterval;
  private final ScheduledExecutorService timer;
  private final Map<String, Watch> watches = new ConcurrentHashMap<>();

  private DnsResolver(Duration refreshInterval) {
    if (refreshInterval.isNegative() || refreshInterval.isZero()) {
      throw new IllegalArgumentException("refresh interval must be positive: " + refreshInterval);
    }
    this.refreshInterval = refreshInterval;
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "tern-dns-resolver");
      t.setDaemon(true);
      return t;
    });
  }

  /** A resolver that looks subscribed names up again every {@code refreshInterval}. */
  public static DnsResolver create(Duration refreshInterval) {
    return new DnsResolver(Objects.requireNonNull(refreshInterval, "refreshInterval"));
  }

  @Override
  public List<Instance> resolve(String serviceName) throws UnknownHostException {
    Address parsed = Address.parse(serviceName);
    if (!(parsed instanceof Address.Tcp tcp)) {
      throw new IllegalArgumentException("DNS resolves host:port names, not " + serviceName);
    }
    List<Instance> out = new ArrayList<>();
    for (InetAddress a : InetAddress.getAllByName(tcp.host())) {
      out.add(Instance.of(Address.tcp(a.getHostAddress(), tcp.port())));
    }
    return List.copyOf(out);
  }

  @Override
  public Subscription subscribe(String serviceName, Consumer<List<Instance>> listener) {
    Watch w = watches.computeIfAbsent(serviceName, Watch::new);
    w.listeners.add(listener);
    return () -> {
      w.listeners.remove(listener);
      if (w.listeners.isEmpty() && watches.remove(serviceName, w)) w.task.cancel(false);
    };
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }

  /** The periodic lookup of one name. */
  private final class Watch {
    final String name;
    final List<Consumer<List<Instance>>> listeners = new CopyOnWriteArrayList<>();
    final ScheduledFuture<?> task;
    volatile List<Instance> last;

    Watch(String name) {
      this.name = name;
      long period = refreshInterval.toNanos();
      this.task = timer.scheduleWithFixedDelay(this::refresh, period, period, TimeUnit.NANOSECONDS);
    }

    void refresh() {
      List<Instance> now;
      try {
        now = resolve(name);
      } catch (Exception e) {
        return; // keep serving what we had; the next refresh tries again
      }
      if (!now.equals(last)) {
        last = now;
        listeners.forEach(l -> l.accept(now));
      }
    }
  }
}
