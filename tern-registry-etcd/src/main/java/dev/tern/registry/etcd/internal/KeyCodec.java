package dev.tern.registry.etcd.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tern.governance.discovery.Instance;
import dev.tern.transport.Address;
import io.etcd.jetcd.ByteSequence;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * kitex-contrib/registry-etcd's layout: one key per instance, {@code <prefix>/<service>/<host>:<port>},
 * bound to a lease, whose value is
 * {@code {"network":"tcp","address":"<host>:<port>","weight":10,"tags":{"k":"v"}}}.
 */
public final class KeyCodec {

  /** Kitex's key prefix. */
  public static final String DEFAULT_PREFIX = "kitex/registry-etcd";

  private static final ObjectMapper JSON = new ObjectMapper();

  private KeyCodec() {}

  /** {@code <prefix>/<service>/}: every instance key of the service starts with it. */
  public static ByteSequence servicePrefix(String prefix, String serviceName) {
    if (serviceName == null || serviceName.isBlank()) throw new IllegalArgumentException("empty service name");
    return bytes(prefix + "/" + serviceName + "/");
  }

  public static ByteSequence instanceKey(String prefix, String serviceName, Instance instance) {
    return bytes(prefix + "/" + serviceName + "/" + tcp(instance));
  }

  public static ByteSequence encode(Instance instance) {
    ObjectNode root = JSON.createObjectNode();
    root.put("network", "tcp");
    root.put("address", tcp(instance).toString());
    root.put("weight", instance.weight());
    ObjectNode tags = root.putObject("tags");
    instance.tags().forEach(tags::put);
    return ByteSequence.from(root.toString(), StandardCharsets.UTF_8);
  }

  /**
   * The instance a key describes: at the value's address, or the key's last segment when the
   * value has none; a missing weight is the default, a negative one 0.
   *
   * @throws IllegalArgumentException when the value is no such JSON object or names no TCP address
   */
  public static Instance decode(ByteSequence key, ByteSequence value) {
    String k = key.toString(StandardCharsets.UTF_8);
    JsonNode root;
    try {
      root = JSON.readTree(value.getBytes());
    } catch (IOException e) {
      throw new IllegalArgumentException("key " + k + " holds no JSON: " + e.getMessage(), e);
    }
    if (root == null || !root.isObject()) throw new IllegalArgumentException("key " + k + " holds no JSON object");
    JsonNode network = root.get("network");
    if (network != null && !network.isNull() && !network.asText().isEmpty() && !network.asText().startsWith("tcp")) {
      throw new IllegalArgumentException("key " + k + " has network " + network.asText() + ", not tcp");
    }
    JsonNode addr = root.get("address");
    String address = addr == null || addr.isNull() || addr.asText().isEmpty() ? k.substring(k.lastIndexOf('/') + 1) : addr.asText();
    Address parsed = Address.parse(address);
    if (!(parsed instanceof Address.Tcp)) throw new IllegalArgumentException("key " + k + " names no host:port");
    JsonNode weight = root.get("weight");
    int w = weight == null || weight.isNull() ? Instance.DEFAULT_WEIGHT : weight.asInt(Instance.DEFAULT_WEIGHT);
    Map<String, String> tags = new HashMap<>();
    JsonNode t = root.get("tags");
    if (t != null && t.isObject()) t.properties().forEach(e -> tags.put(e.getKey(), e.getValue().asText()));
    return new Instance(parsed, Math.max(w, 0), tags);
  }

  public static ByteSequence bytes(String s) {
    return ByteSequence.from(s, StandardCharsets.UTF_8);
  }

  private static Address.Tcp tcp(Instance instance) {
    if (!(instance.address() instanceof Address.Tcp tcp)) {
      throw new IllegalArgumentException("etcd registers TCP addresses only, not " + instance.address());
    }
    return tcp;
  }
}
