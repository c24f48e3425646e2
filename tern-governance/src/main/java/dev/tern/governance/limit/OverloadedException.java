package dev.tern.governance.limit;

import dev.tern.core.CallContext;
import dev.tern.core.Middleware;
import dev.tern.core.RemoteException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The server refused the call because it is over a configured limit; the call was not handled.
 *
 * <p>On the wire it is a Thrift application exception of type {@link #INTERNAL_ERROR} whose
 * message starts with {@value #MESSAGE_PREFIX}, so that any Thrift client understands it as a
 * server error; a Tern client with {@link #clientMapping()} in its chain gets this exception back.
 * Retryable: the call did not run, so another instance may take it (retry budgets keep that from
 * storming an overloaded cluster).
 */
public class OverloadedException extends RemoteException {

  /** How the message of an overload rejection starts on the wire. */
  public static final String MESSAGE_PREFIX = "overloaded: ";

  private final String reason;

  /** @param reason what limit was hit, e.g. "qps limit" */
  public OverloadedException(String reason) {
    super(INTERNAL_ERROR, MESSAGE_PREFIX + reason);
    this.reason = reason;
  }

  /** What limit was hit. */
  public String reason() {
    return reason;
  }

  @Override
  public boolean isRetryable() {
    return true;
  }

  /**
   * A client middleware that turns overload rejections coming back from servers (application
   * exceptions marked with {@link #MESSAGE_PREFIX}) into {@link OverloadedException}s. Place it
   * last, right before the transport, so that every other middleware (retries, breakers) sees
   * the mapped exception.
   */
  public static Middleware<Object, Object> clientMapping() {
    return next -> (CallContext ctx, Object request) -> {
      CompletableFuture<Object> f;
      try {
        f = next.call(ctx, request);
      } catch (Throwable t) {
        f = CompletableFuture.failedFuture(t);
      }
      return f.exceptionallyCompose(e -> {
        Throwable cause = e;
        while (cause instanceof CompletionException && cause.getCause() != null) cause = cause.getCause();
        if (cause instanceof RemoteException r && !(r instanceof OverloadedException)
            && r.code() == INTERNAL_ERROR && r.remoteMessage() != null && r.remoteMessage().startsWith(MESSAGE_PREFIX)) {
          cause = new OverloadedException(r.remoteMessage().substring(MESSAGE_PREFIX.length()));
        }
        return CompletableFuture.failedFuture(cause);
      });
    };
  }
}
