package dev.tern.rpc;

import dev.tern.core.Metainfo;
import java.time.Duration;

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
 */
public record CallOptions(Duration timeout, Metainfo metainfo) {

  public CallOptions {
    if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
      throw new IllegalArgumentException("timeout must be positive: " + timeout);
    }
  }

  public static CallOptions ofTimeout(Duration timeout) {
    return new CallOptions(timeout, null);
  }

  public static CallOptions ofMetainfo(Metainfo metainfo) {
    return new CallOptions(null, metainfo);
  }

  public CallOptions withTimeout(Duration timeout) {
    return new CallOptions(timeout, metainfo);
  }

  public CallOptions withMetainfo(Metainfo metainfo) {
    return new CallOptions(timeout, metainfo);
  }
}
