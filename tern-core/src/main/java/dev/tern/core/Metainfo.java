package dev.tern.core;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/**
 * Key-value metadata that travels with a call, with Kitex's three scopes.
 *
 * <ul>
 *   <li><b>transient</b>: sent to the next hop only; the callee sees it as "upstream transient"
 *       and does not forward it.
 *   <li><b>persistent</b>: forwarded along the whole call chain.
 *   <li><b>backward</b>: sent by the callee back to the caller with the response.
 * </ul>
 *
 * <p>On the wire (TTHeader string info) requests tell the scopes apart by Kitex's key prefixes
 * {@link #TRANSIENT_PREFIX} and {@link #PERSISTENT_PREFIX}. Backward values travel in the reply as
 * plain keys, as Kitex sends them (its client takes every reply string key as a backward value);
 * {@link #BACKWARD_PREFIX} is Kitex's in-process marker and not sent. So Tern and Kitex services
 * exchange metainfo both ways. Transient values stop after one hop (Kitex's single-hop mode).
 * Not thread-safe: one call, one owner at a time.
 */
public final class Metainfo {

  public static final String TRANSIENT_PREFIX = "RPC_TRANSIT_";
  public static final String PERSISTENT_PREFIX = "RPC_PERSIST_";
  public static final String BACKWARD_PREFIX = "RPC_BACKWARD_";

  private Map<String, String> transientValues;
  private Map<String, String> upstreamTransientValues;
  private Map<String, String> persistentValues;
  private Map<String, String> backwardValues;

  public Metainfo putTransient(String key, String value) {
    if (transientValues == null) transientValues = new HashMap<>(4);
    transientValues.put(key, value);
    return this;
  }

  public Metainfo putPersistent(String key, String value) {
    if (persistentValues == null) persistentValues = new HashMap<>(4);
    persistentValues.put(key, value);
    return this;
  }

  public Metainfo putBackward(String key, String value) {
    if (backwardValues == null) backwardValues = new HashMap<>(4);
    backwardValues.put(key, value);
    return this;
  }

  /** Set by the server transport: transient values the caller sent for this hop only. */
  public Metainfo putUpstreamTransient(String key, String value) {
    if (upstreamTransientValues == null) upstreamTransientValues = new HashMap<>(4);
    upstreamTransientValues.put(key, value);
    return this;
  }

  /** A value the caller sent for this hop (upstream transient) or this call set (transient). */
  public String getTransient(String key) {
    String v = transientValues == null ? null : transientValues.get(key);
    if (v == null && upstreamTransientValues != null) v = upstreamTransientValues.get(key);
    return v;
  }

  public String getPersistent(String key) {
    return persistentValues == null ? null : persistentValues.get(key);
  }

  public String getBackward(String key) {
    return backwardValues == null ? null : backwardValues.get(key);
  }

  /** Transient values this side set for the next hop. */
  public Map<String, String> transientValues() {
    return view(transientValues);
  }

  public Map<String, String> upstreamTransientValues() {
    return view(upstreamTransientValues);
  }

  public Map<String, String> persistentValues() {
    return view(persistentValues);
  }

  public Map<String, String> backwardValues() {
    return view(backwardValues);
  }

  public boolean isEmpty() {
    return empty(transientValues) && empty(upstreamTransientValues)
        && empty(persistentValues) && empty(backwardValues);
  }

  /**
   * The metainfo a downstream call inherits from this (server-side) call: persistent values only.
   * Transient values stop at one hop and backward values flow the other way.
   */
  public Metainfo forDownstream() {
    Metainfo m = new Metainfo();
    if (persistentValues != null) m.persistentValues = new HashMap<>(persistentValues);
    return m;
  }

  private static boolean empty(Map<String, String> m) {
    return m == null || m.isEmpty();
  }

  private static Map<String, String> view(Map<String, String> m) {
    return m == null ? Map.of() : Collections.unmodifiableMap(m);
  }

  @Override
  public String toString() {
    return "Metainfo{transient=" + transientValues() + ", upstream=" + upstreamTransientValues()
        + ", persistent=" + persistentValues() + ", backward=" + backwardValues() + '}';
  }
}
