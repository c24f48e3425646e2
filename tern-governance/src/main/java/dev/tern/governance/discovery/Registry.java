package dev.tern.governance.discovery;

/**
 * Where servers announce themselves (Kitex's registry.Registry): a server registers its instance
 * when it starts listening and deregisters it before it stops, so that clients' {@link Resolver}s
 * stop sending it calls while it drains.
 *
 * <p>Tern ships no registry backend yet; implement this interface over ZooKeeper, etcd, Nacos,
 * Consul or a push to a {@link StaticResolver}.
 */
public interface Registry {

  /** Announces {@code instance} as serving {@code serviceName}. */
  void register(String serviceName, Instance instance) throws Exception;

  /** Withdraws an instance announced before; unknown instances are ignored. */
  void deregister(String serviceName, Instance instance) throws Exception;
}
