package dev.tern.rpc;

import dev.tern.core.Metainfo;
import dev.tern.core.AttributeKey;
import java.time.Duration;
import java.util.Map;

/**
 * Per-call settings for {@link ThriftClient#with(CallOptions)}: a timeout that replaces the
 * client's, and metainfo for the call.
 *
 * <p>The metainfo's transient and persistent values are sent with each call made through the view
 * (in addition to persistent values inherited from the server call being handled, if any), and the
 * backward values the callee returns are added to it when the call completes:
 *
 * <pre>{@code
 * Metainfo meta = new Metainfo().putTransient("tenant", "acme");
 * Result r = client.with(CallOptions.ofMetainfo(meta)).call(Echo.ECHO, args);
 * String servedBy = meta.getBackward("served-by");
 * }</pre>
 *
 * {@link Metainfo} is not thread-safe: give each concurrent call its own.
 *
 * @param timeout the call's timeout, or null for the client's
 * @param metainfo values to send and to receive backward values into, or null
 * @param attributes call-context attributes set before the middleware runs (per-call policies)
 */
public record CallOptions(Duration timeout, Metainfo metainfo, Map<AttributeKey<?>, Object> attributes) {

  public CallOptions {
    if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
      throw new IllegalArgumentException("timeout must be positive: " + timeout);
    }
    attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
  }

  public CallOptions(Duration timeout, Metainfo metainfo) {
    this(timeout, metainfo, Map.of());
  }

  /** No options: the client's defaults. */
  public static CallOptions defaults() {
    return new CallOptions(null, null);
  }

  /**
   * These options plus a call-context attribute that middleware reads for this call only, e.g.
   * a per-call retry policy ({@code RetryMiddleware.POLICY}).
   */
  public <T> CallOptions with(AttributeKey<T> key, T value) {
    Map<AttributeKey<?>, Object> copy = new java.util.LinkedHashMap<>(attributes);
    copy.put(java.util.Objects.requireNonNull(key, "key"), java.util.Objects.requireNonNull(value, "value"));
    return new CallOptions(timeout, metainfo, copy);
  }

  public static CallOptions ofTimeout(Duration timeout) {
    return new CallOptions(timeout, null);
  }

  public static CallOptions ofMetainfo(Metainfo metainfo) {
    return new CallOptions(null, metainfo);
  }

  public CallOptions withTimeout(Duration timeout) {
    return new CallOptions(timeout, metainfo, attributes);
  }

  public CallOptions withMetainfo(Metainfo metainfo) {
    return new CallOptions(timeout, metainfo, attributes);
  }
}
