package dev.tern.governance.discovery;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Keeps the last good instance list of each service, so that a registry outage (an exception, or
 * an empty answer while instances were known) does not leave clients with nowhere to send calls.
 * Updates pushed by the wrapped resolver replace the cached list, except empty ones.
 */
public final class CachingResolver implements Resolver {

  private final Resolver delegate;
  private final Map<String, List<Instance>> lastGood = new ConcurrentHashMap<>();

  private CachingResolver(Resolver delegate) {
    this.delegate = delegate;
  }

  /** Wraps {@code delegate}. */
  public static CachingResolver wrap(Resolver delegate) {
    return new CachingResolver(Objects.requireNonNull(delegate, "delegate"));
  }

  /**
   * The delegate's answer, remembered; when it fails or answers nothing, the last good answer.
   *
   * @throws Exception the delegate's failure when no answer was ever good
   */
  @Override
  public List<Instance> resolve(String serviceName) throws Exception {
    List<Instance> fresh;
    try {
      fresh = delegate.resolve(serviceName);
    } catch (Exception e) {
      List<Instance> cached = lastGood.get(serviceName);
      if (cached != null) return cached;
      throw e;
    }
    if (fresh == null || fresh.isEmpty()) {
      List<Instance> cached = lastGood.get(serviceName);
      return cached != null ? cached : List.of();
    }
    List<Instance> copy = List.copyOf(fresh);
    lastGood.put(serviceName, copy);
    return copy;
  }

  /** The last good instance list of the service (empty when none was ever good). */
  public List<Instance> cached(String serviceName) {
    return lastGood.getOrDefault(serviceName, List.of());
  }

  @Override
  public Subscription subscribe(String serviceName, Consumer<List<Instance>> listener) {
    return delegate.subscribe(serviceName, list -> {
      if (list == null || list.isEmpty()) return;
      List<Instance> copy = List.copyOf(list);
      lastGood.put(serviceName, copy);
      listener.accept(copy);
    });
  }

  @Override
  public void close() {
    delegate.close();
  }
}
