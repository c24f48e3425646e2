package dev.tern.governance.discovery;

import dev.tern.transport.Address;
import java.util.Map;
import java.util.Objects;

/**
 * One instance of a service: where it listens, its relative weight for load balancing and free
 * form tags (zone, cluster, version...).
 *
 * @param address where to connect
 * @param weight relative share of the traffic; 0 takes none
 * @param tags labels from the registry, never null
 */
public record Instance(Address address, int weight, Map<String, String> tags) {

  /** The weight instances get when the registry says nothing. */
  public static final int DEFAULT_WEIGHT = 10;

  public Instance {
    Objects.requireNonNull(address, "address");
    if (weight < 0) throw new IllegalArgumentException("negative weight: " + weight);
    tags = tags == null ? Map.of() : Map.copyOf(tags);
  }

  /** An instance with the default weight and no tags. */
  public static Instance of(Address address) {
    return new Instance(address, DEFAULT_WEIGHT, Map.of());
  }

  /** An instance with this weight and no tags. */
  public static Instance of(Address address, int weight) {
    return new Instance(address, weight, Map.of());
  }

  /** An instance at {@code "host:port"} with this weight. */
  public static Instance of(String address, int weight) {
    return of(Address.parse(address), weight);
  }
}
