package dev.tern.governance.discovery;

import java.util.List;
import java.util.function.Consumer;

/**
 * Finds the instances of a service (Kitex's discovery.Resolver), watch-based: a client asks once
 * and then hears of every change.
 *
 * <p>Implementations: {@link StaticResolver}, {@link DnsResolver}; wrap any resolver in
 * {@link CachingResolver} so that a failing registry does not empty the instance list.
 */
public interface Resolver extends AutoCloseable {

  /**
   * The current instances of the service.
   *
   * @throws Exception when the registry cannot be asked; callers keep what they knew before
   */
  List<Instance> resolve(String serviceName) throws Exception;

  /**
   * Calls {@code listener} with the instance list whenever it changes, until the returned
   * subscription is closed. The listener may be called from the resolver's own thread; it must
   * not block. A resolver whose instances never change may never call it.
   */
  Subscription subscribe(String serviceName, Consumer<List<Instance>> listener);

  /** Stops watching; releases the resolver's threads and connections. */
  @Override
  default void close() {}

  /** An active {@link #subscribe watch}. */
  @FunctionalInterface
  interface Subscription extends AutoCloseable {
    @Override
    void close();
  }
}
