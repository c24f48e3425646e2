package dev.tern.registry.zookeeper.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tern.governance.discovery.Instance;
import dev.tern.transport.Address;
import java.io.IOException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * kitex-contrib/registry-zookeeper's layout: one ephemeral node per instance at
 * {@code /<service>/<host>:<port>} whose data is {@code {"Weight":10,"Tags":{"k":"v"}}} (Go's JSON
 * field names; read case-insensitively, as Go does).
 */
public final class NodeCodec {

  private static final ObjectMapper JSON = new ObjectMapper();

  private NodeCodec() {}

  /** {@code /<service>}, without a doubled slash when the name starts with one. */
  public static String servicePath(String serviceName) {
    if (serviceName == null || serviceName.isBlank() || serviceName.equals("/")) {
      throw new IllegalArgumentException("empty service name");
    }
    return serviceName.startsWith("/") ? serviceName : "/" + serviceName;
  }

  /** {@code /<service>/<host>:<port>}. */
  public static String instancePath(String serviceName, Instance instance) {
    if (!(instance.address() instanceof Address.Tcp tcp)) {
      throw new IllegalArgumentException("ZooKeeper registers TCP addresses only, not " + instance.address());
    }
    return servicePath(serviceName) + "/" + tcp;
  }

  public static byte[] encode(Instance instance) {
    ObjectNode root = JSON.createObjectNode();
    root.put("Weight", instance.weight());
    ObjectNode tags = root.putObject("Tags");
    instance.tags().forEach(tags::put);
    try {
      return JSON.writeValueAsBytes(root);
    } catch (IOException e) {
      throw new IllegalStateException(e); // writing a tree of strings and ints cannot fail
    }
  }

  /**
   * The instance a node describes.
   *
   * @param nodeName {@code <host>:<port>}
   * @param data the node's data; empty data means the default weight and no tags
   * @throws IllegalArgumentException when the name is no address or the data no such object
   */
  public static Instance decode(String nodeName, byte[] data) {
    Address address = Address.parse(nodeName);
    if (!(address instanceof Address.Tcp)) throw new IllegalArgumentException("not host:port: " + nodeName);
    if (data == null || data.length == 0) return Instance.of(address);
    JsonNode root;
    try {
      root = JSON.readTree(data);
    } catch (IOException e) {
      throw new IllegalArgumentException("node " + nodeName + " holds no JSON: " + e.getMessage(), e);
    }
    if (root == null || !root.isObject()) throw new IllegalArgumentException("node " + nodeName + " holds no JSON object");
    JsonNode weight = field(root, "weight");
    int w = weight == null || weight.isNull() ? Instance.DEFAULT_WEIGHT : weight.asInt(Instance.DEFAULT_WEIGHT);
    Map<String, String> tags = new HashMap<>();
    JsonNode t = field(root, "tags");
    if (t != null && t.isObject()) t.properties().forEach(e -> tags.put(e.getKey(), e.getValue().asText()));
    return new Instance(address, Math.max(w, 0), tags);
  }

  private static JsonNode field(JsonNode object, String name) {
    for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (f.equalsIgnoreCase(name)) return object.get(f);
    }
    return null;
  }
}
