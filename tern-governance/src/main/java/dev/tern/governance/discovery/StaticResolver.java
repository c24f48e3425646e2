package dev.tern.governance.discovery;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Instances given in code (or configuration); {@link #update} replaces them at run time and tells
 * subscribers, which makes this resolver handy for tests and for push-style integrations.
 *
 * <p>It is also an in-process {@link Registry}: servers of the same JVM {@link #register} and
 * {@link #deregister} instances, and subscribed clients follow.
 */
public final class StaticResolver implements Resolver, Registry {

  private final Map<String, List<Instance>> instances = new ConcurrentHashMap<>();
  private final Map<String, List<Consumer<List<Instance>>>> listeners = new ConcurrentHashMap<>();

  private StaticResolver() {}

  /** A resolver that answers {@code instances} for every service name. */
  public static StaticResolver of(List<Instance> instances) {
    StaticResolver r = new StaticResolver();
    r.update("*", instances);
    return r;
  }

  /** An empty resolver; fill it with {@link #update}. */
  public static StaticResolver create() {
    return new StaticResolver();
  }

  /**
   * Replaces the instances of {@code serviceName} ({@code "*"} for every service without its own
   * list) and notifies its subscribers.
   */
  public synchronized void update(String serviceName, List<Instance> list) {
    List<Instance> copy = List.copyOf(list);
    instances.put(serviceName, copy);
    if (serviceName.equals("*")) {
      listeners.forEach((name, ls) -> {
        if (!instances.containsKey(name) || name.equals("*")) ls.forEach(l -> l.accept(copy));
      });
    } else {
      listeners.getOrDefault(serviceName, List.of()).forEach(l -> l.accept(copy));
    }
  }

  /** Adds {@code instance} to the service's own list (replacing one at the same address). */
  @Override
  public synchronized void register(String serviceName, Instance instance) {
    List<Instance> next = new ArrayList<>(instances.getOrDefault(serviceName, List.of()));
    next.removeIf(i -> i.address().equals(instance.address()));
    next.add(instance);
    update(serviceName, next);
  }

  /** Removes the instance at {@code instance}'s address from the service's own list. */
  @Override
  public synchronized void deregister(String serviceName, Instance instance) {
    List<Instance> current = instances.get(serviceName);
    if (current == null) return;
    List<Instance> next = new ArrayList<>(current);
    if (next.removeIf(i -> i.address().equals(instance.address()))) update(serviceName, next);
  }

  @Override
  public List<Instance> resolve(String serviceName) {
    List<Instance> list = instances.get(serviceName);
    if (list == null) list = instances.get("*");
    if (list == null) throw new IllegalStateException("no instances known for service " + serviceName);
    return list;
  }

  @Override
  public Subscription subscribe(String serviceName, Consumer<List<Instance>> listener) {
    List<Consumer<List<Instance>>> ls = listeners.computeIfAbsent(serviceName, k -> new CopyOnWriteArrayList<>());
    ls.add(listener);
    return () -> ls.remove(listener);
  }
}
