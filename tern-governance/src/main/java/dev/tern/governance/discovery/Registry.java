package dev.tern.governance.discovery;

import dev.tern.transport.Address;

/**
 * Where servers announce themselves (Kitex's registry.Registry): a server registers its instance
 * when it starts listening and deregisters it before it stops, so that clients' {@link Resolver}s
 * stop sending it calls while it drains.
 *
 * <p>Backends: {@link StaticResolver} (in process), {@code ZookeeperRegistry}
 * (tern-registry-zookeeper), {@code EtcdRegistry} (tern-registry-etcd). Servers take a
 * {@link #registration} as their lifecycle listener, which registers on start and deregisters
 * before draining.
 */
public interface Registry {

  /** Announces {@code instance} as serving {@code serviceName}. */
  void register(String serviceName, Instance instance) throws Exception;

  /** Withdraws an instance announced before; unknown instances are ignored. */
  void deregister(String serviceName, Instance instance) throws Exception;

  /**
   * A server lifecycle listener that registers {@code instance} as serving {@code serviceName}
   * once the server has bound (a port of 0 or a wildcard host in the instance's address is
   * completed from the bound address) and deregisters it when the server begins to shut down.
   */
  default Registration registration(String serviceName, Instance instance) {
    return new Registration(this, serviceName, instance);
  }

  /** {@link #registration(String, Instance)} at the server's bound address, default weight, no tags. */
  default Registration registration(String serviceName) {
    return registration(serviceName, Instance.of(Address.tcp("0.0.0.0", 0)));
  }
}
