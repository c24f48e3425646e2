package dev.tern.rpc.internal;

import dev.tern.thrift.ThriftServiceDefinition;
import dev.tern.thrift.ThriftServiceDefinition.MethodHandler;
import dev.tern.thrift.transport.HeaderInfo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The services of one server and how a request finds its method (Kitex's multi-service lookup):
 * the service named by the request wins, where it names one this server has (Apache's
 * {@code TMultiplexedProtocol} "Service:method" name, else the TTHeader/THeader IDL service name
 * {@code isn}, else the TTHeader {@code TO_SERVICE} key); otherwise the one service that has a
 * method of that name. A method that several services define needs the service named.
 */
public final class ServiceRegistry {

  /** Where a request goes: a handler, or the error to answer with. */
  public record Resolution(String service, String method, MethodHandler<?, ?> handler, String error) {
    public boolean found() {
      return handler != null;
    }
  }

  private final Map<String, ThriftServiceDefinition> byName;
  private final Map<String, List<ThriftServiceDefinition>> byMethod = new HashMap<>();

  public ServiceRegistry(List<ThriftServiceDefinition> services) {
    Map<String, ThriftServiceDefinition> names = new LinkedHashMap<>();
    for (ThriftServiceDefinition s : services) {
      if (names.putIfAbsent(s.serviceName(), s) != null) {
        throw new IllegalArgumentException("service " + s.serviceName() + " is registered twice");
      }
      for (MethodHandler<?, ?> m : s.methods()) {
        byMethod.computeIfAbsent(m.method().name(), k -> new ArrayList<>(1)).add(s);
      }
    }
    this.byName = Map.copyOf(names);
  }

  public Resolution resolve(String messageName, HeaderInfo header) {
    String method = messageName;
    String service = null;
    int colon = messageName.indexOf(':');
    if (colon > 0) { // TMultiplexedProtocol
      service = messageName.substring(0, colon);
      method = messageName.substring(colon + 1);
    } else if (header != null) {
      service = header.header(HeaderInfo.IDL_SERVICE_NAME);
      if (service == null || !byName.containsKey(service)) {
        String to = header.intHeader(HeaderInfo.TO_SERVICE);
        if (to != null && byName.containsKey(to)) service = to;
      }
    }
    ThriftServiceDefinition named = service == null ? null : byName.get(service);
    if (named != null) {
      MethodHandler<?, ?> h = named.method(method);
      return h != null
          ? new Resolution(named.serviceName(), method, h, null)
          : new Resolution(named.serviceName(), method, null, "Unknown method " + method + " in service " + named.serviceName());
    }
    List<ThriftServiceDefinition> candidates = byMethod.get(method);
    if (candidates == null) {
      return new Resolution(service, method, null,
          byName.isEmpty() ? "this server has no services for this protocol" : "Unknown method " + method);
    }
    if (candidates.size() > 1) {
      List<String> names = candidates.stream().map(ThriftServiceDefinition::serviceName).toList();
      return new Resolution(service, method, null,
          "Method " + method + " is defined by services " + names + "; the request must name one");
    }
    ThriftServiceDefinition only = candidates.getFirst();
    return new Resolution(only.serviceName(), method, only.method(method), null);
  }
}
