package dev.tern.grpc;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;

/**
 * gRPC custom metadata (request headers, response headers or trailers): an ordered multimap with
 * lower-case ASCII keys. Keys ending in {@value #BINARY_SUFFIX} carry bytes, base64-encoded on the
 * wire; all other values are printable ASCII.
 *
 * <p>Keys are lower-cased when added and must consist of {@code 0-9 a-z _ - .}. Values of text keys
 * must be printable ASCII (0x20 to 0x7E). Keys the protocol reserves ({@code grpc-*},
 * {@code content-type}, {@code te}, {@code user-agent}, HTTP/2 connection headers) are never sent
 * from a Metadata: the runtime writes them itself.
 *
 * <p>Iteration yields every entry in insertion order with its wire value (base64 without padding
 * for binary keys). Not thread-safe: fill it before handing it to a call.
 */
public final class Metadata implements Iterable<Map.Entry<String, String>> {

  /** The key suffix that marks binary values. */
  public static final String BINARY_SUFFIX = "-bin";

  private static final Base64.Encoder BASE64 = Base64.getEncoder().withoutPadding();

  private final List<String> keys = new ArrayList<>(4);
  private final List<Object> values = new ArrayList<>(4); // String, or byte[] for binary keys

  public Metadata() {}

  /**
   * Adds a value. For a binary key the value is base64 text (padded or not), decoded here.
   *
   * @throws IllegalArgumentException if the key is not a valid metadata key, or the value is not
   *     printable ASCII (or not base64 for a binary key)
   */
  public Metadata add(String key, String value) {
    String k = checkKey(key);
    Objects.requireNonNull(value, "value");
    if (isBinaryKey(k)) {
      values.add(decodeBase64(value));
    } else {
      checkAsciiValue(k, value);
      values.add(value);
    }
    keys.add(k);
    return this;
  }

  /**
   * Adds a binary value (copied).
   *
   * @throws IllegalArgumentException if the key does not end in {@value #BINARY_SUFFIX}
   */
  public Metadata addBinary(String key, byte[] value) {
    String k = checkKey(key);
    if (!isBinaryKey(k)) throw new IllegalArgumentException("binary metadata keys must end in -bin: " + key);
    values.add(Objects.requireNonNull(value, "value").clone());
    keys.add(k);
    return this;
  }

  /** The last value of {@code key} (base64 without padding for binary keys), or {@code null}. */
  public String get(String key) {
    String k = normalize(key);
    for (int i = keys.size() - 1; i >= 0; i--) {
      if (keys.get(i).equals(k)) return text(values.get(i));
    }
    return null;
  }

  /** Every value of {@code key} in order (base64 without padding for binary keys); empty when none. */
  public List<String> getAll(String key) {
    String k = normalize(key);
    List<String> out = new ArrayList<>(1);
    for (int i = 0; i < keys.size(); i++) {
      if (keys.get(i).equals(k)) out.add(text(values.get(i)));
    }
    return out;
  }

  /**
   * The last value of a binary key (a copy), or {@code null}.
   *
   * @throws IllegalArgumentException if the key does not end in {@value #BINARY_SUFFIX}
   */
  public byte[] getBinary(String key) {
    String k = binaryKey(key);
    for (int i = keys.size() - 1; i >= 0; i--) {
      if (keys.get(i).equals(k)) return ((byte[]) values.get(i)).clone();
    }
    return null;
  }

  /**
   * Every value of a binary key in order (copies); empty when none.
   *
   * @throws IllegalArgumentException if the key does not end in {@value #BINARY_SUFFIX}
   */
  public List<byte[]> getAllBinary(String key) {
    String k = binaryKey(key);
    List<byte[]> out = new ArrayList<>(1);
    for (int i = 0; i < keys.size(); i++) {
      if (keys.get(i).equals(k)) out.add(((byte[]) values.get(i)).clone());
    }
    return out;
  }

  /** The distinct keys, in the order they were first added. */
  public Set<String> keys() {
    return Collections.unmodifiableSet(new LinkedHashSet<>(keys));
  }

  public boolean containsKey(String key) {
    return keys.contains(normalize(key));
  }

  /** Removes every value of {@code key}. */
  public Metadata remove(String key) {
    String k = normalize(key);
    for (int i = keys.size() - 1; i >= 0; i--) {
      if (keys.get(i).equals(k)) {
        keys.remove(i);
        values.remove(i);
      }
    }
    return this;
  }

  /** Appends every entry of {@code other} (after this one's). */
  public Metadata merge(Metadata other) {
    if (other == this) other = copy();
    for (int i = 0; i < other.keys.size(); i++) {
      Object v = other.values.get(i);
      keys.add(other.keys.get(i));
      values.add(v instanceof byte[] b ? b.clone() : v);
    }
    return this;
  }

  /** A copy of this metadata. */
  public Metadata copy() {
    Metadata m = new Metadata();
    m.keys.addAll(keys);
    for (Object v : values) m.values.add(v instanceof byte[] b ? b.clone() : v);
    return m;
  }

  public boolean isEmpty() {
    return keys.isEmpty();
  }

  /** The number of entries (values), not of distinct keys. */
  public int size() {
    return keys.size();
  }

  /** Every entry in order, with wire values (base64 without padding for binary keys). */
  @Override
  public Iterator<Map.Entry<String, String>> iterator() {
    return new Iterator<>() {
      private int next;

      @Override
      public boolean hasNext() {
        return next < keys.size();
      }

      @Override
      public Map.Entry<String, String> next() {
        if (next >= keys.size()) throw new NoSuchElementException();
        int i = next++;
        return new AbstractMap.SimpleImmutableEntry<>(keys.get(i), text(values.get(i)));
      }
    };
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("Metadata{");
    for (int i = 0; i < keys.size(); i++) {
      if (i > 0) sb.append(", ");
      sb.append(keys.get(i)).append('=').append(text(values.get(i)));
    }
    return sb.append('}').toString();
  }

  /** Whether {@code key} names a binary value. */
  public static boolean isBinaryKey(String key) {
    return key.endsWith(BINARY_SUFFIX);
  }

  private static String text(Object v) {
    return v instanceof byte[] b ? BASE64.encodeToString(b) : (String) v;
  }

  private static String normalize(String key) {
    return Objects.requireNonNull(key, "key").toLowerCase(Locale.ROOT);
  }

  private static String binaryKey(String key) {
    String k = normalize(key);
    if (!isBinaryKey(k)) throw new IllegalArgumentException("not a binary metadata key (must end in -bin): " + key);
    return k;
  }

  private static String checkKey(String key) {
    String k = normalize(key);
    if (k.isEmpty()) throw new IllegalArgumentException("empty metadata key");
    for (int i = 0; i < k.length(); i++) {
      char c = k.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
      if (!ok) throw new IllegalArgumentException("invalid character in metadata key: " + key);
    }
    if (k.equals(BINARY_SUFFIX)) throw new IllegalArgumentException("invalid metadata key: " + key);
    return k;
  }

  private static void checkAsciiValue(String key, String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c > 0x7e) {
        throw new IllegalArgumentException("metadata value of " + key + " is not printable ASCII (use a -bin key for bytes)");
      }
    }
  }

  /** Decodes standard base64 with or without padding. */
  private static byte[] decodeBase64(String value) {
    String v = value.strip();
    int rem = v.length() % 4;
    if (rem == 2) v = v + "==";
    else if (rem == 3) v = v + "=";
    try {
      return Base64.getDecoder().decode(v);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("binary metadata value is not base64", e);
    }
  }
}
