package dev.tern.governance.policy;

import dev.tern.core.Middleware;
import dev.tern.core.Service;
import java.time.Duration;
import java.util.Objects;

/**
 * Gives calls at most {@code timeout}: their deadline becomes the earlier of the one they had
 * (the client's RPC timeout, a per-call option, the deadline inherited from the server call being
 * handled) and {@code timeout} from when the call enters this middleware. Use it per method with
 * {@link PerMethodMiddleware}; build the client with the longest RPC timeout any method needs,
 * since a middleware can shorten a deadline but never extend it.
 */
public final class TimeoutMiddleware implements Middleware<Object, Object> {

  private final Duration timeout;

  private TimeoutMiddleware(Duration timeout) {
    if (timeout.isNegative() || timeout.isZero()) throw new IllegalArgumentException("timeout must be positive");
    this.timeout = timeout;
  }

  public static TimeoutMiddleware of(Duration timeout) {
    return new TimeoutMiddleware(Objects.requireNonNull(timeout, "timeout"));
  }

  @Override
  public Service<Object, Object> wrap(Service<Object, Object> next) {
    return (ctx, request) -> next.call(ctx.timeout(timeout), request);
  }
}
