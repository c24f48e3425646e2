package dev.tern.governance.discovery;

import dev.tern.core.ServerLifecycleListener;
import dev.tern.transport.Address;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Collections;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers a server's instance in a {@link Registry} when the server has bound and deregisters
 * it when the server starts to shut down, before it drains (see {@link Registry#registration}):
 *
 * <pre>{@code
 * ThriftServer server = ThriftServer.builder().port(0)
 *     .addService(Hello.service(handler))
 *     .lifecycleListener(registry.registration("hello"))
 *     .build().start();
 * }</pre>
 *
 * <p>The address registered is the instance's own, except that a port of 0 takes the bound port
 * and a wildcard host ({@code 0.0.0.0}, {@code ::}) takes the bound host, or, when the server is
 * bound to every interface, this machine's first non-loopback IPv4 address (as Kitex does), so
 * that clients on other machines can connect.
 */
public final class Registration implements ServerLifecycleListener {

  private static final Logger log = LoggerFactory.getLogger(Registration.class);

  private final Registry registry;
  private final String serviceName;
  private final Instance instance;
  private volatile Instance registered;

  Registration(Registry registry, String serviceName, Instance instance) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.serviceName = Objects.requireNonNull(serviceName, "serviceName");
    this.instance = Objects.requireNonNull(instance, "instance");
  }

  /** Registers the instance, with its address completed from {@code bound}. */
  @Override
  public void onStarted(SocketAddress bound) throws Exception {
    Instance effective = new Instance(effectiveAddress(instance.address(), Address.of(bound)), instance.weight(), instance.tags());
    registry.register(serviceName, effective);
    registered = effective;
    log.info("registered {} as an instance of {}", effective.address(), serviceName);
  }

  /** Deregisters the instance registered by {@link #onStarted}, if any. */
  @Override
  public void onStopping() throws Exception {
    Instance r = registered;
    if (r == null) return;
    registered = null;
    registry.deregister(serviceName, r);
    log.info("deregistered {} from {}", r.address(), serviceName);
  }

  /** The instance as registered now, or null before the server started and after it stopped. */
  public Instance registered() {
    return registered;
  }

  static Address effectiveAddress(Address declared, Address bound) {
    if (!(declared instanceof Address.Tcp d)) return declared;
    if (!(bound instanceof Address.Tcp b)) return isWildcard(d.host()) || d.port() == 0 ? bound : declared;
    String host = isWildcard(d.host()) ? (isWildcard(b.host()) ? localHost() : b.host()) : d.host();
    return Address.tcp(host, d.port() == 0 ? b.port() : d.port());
  }

  private static boolean isWildcard(String host) {
    return host.equals("0.0.0.0") || host.equals("::") || host.equals("0:0:0:0:0:0:0:0");
  }

  /** This machine's first non-loopback IPv4 address, else its host address. */
  private static String localHost() {
    try {
      for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        if (!nic.isUp() || nic.isLoopback()) continue;
        for (InetAddress a : Collections.list(nic.getInetAddresses())) {
          if (a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress()) return a.getHostAddress();
        }
      }
      return InetAddress.getLocalHost().getHostAddress();
    } catch (SocketException | UnknownHostException e) {
      return InetAddress.getLoopbackAddress().getHostAddress();
    }
  }
}
