package dev.tern.core;

/**
 * A typed key for values that middleware attach to a {@link CallContext}. Keys compare by
 * identity: declare each one once as a constant.
 */
public final class AttributeKey<T> {
  private final String name;

  private AttributeKey(String name) {
    this.name = name;
  }

  public static <T> AttributeKey<T> of(String name) {
    return new AttributeKey<>(name);
  }

  public String name() {
    return name;
  }

  @Override
  public String toString() {
    return name;
  }
}
