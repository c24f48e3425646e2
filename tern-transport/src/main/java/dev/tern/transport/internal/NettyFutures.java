package dev.tern.transport.internal;

import io.netty.util.concurrent.Future;
import java.util.concurrent.CompletableFuture;

/** Bridges Netty futures to {@link CompletableFuture}. */
public final class NettyFutures {
  private NettyFutures() {}

  /**
   * A CompletableFuture completed with {@code future}. Completes even when {@code future}'s event
   * loop has terminated (Netty then drops listener notifications): a future already done is read
   * directly, before and after the listener is added.
   */
  public static CompletableFuture<Void> toCompletable(Future<?> future) {
    CompletableFuture<Void> cf = new CompletableFuture<>();
    if (future.isDone()) {
      settle(cf, future);
      return cf;
    }
    future.addListener(f -> settle(cf, f));
    if (future.isDone()) settle(cf, future); // idempotent if the listener ran too
    return cf;
  }

  private static void settle(CompletableFuture<Void> cf, Future<?> f) {
    if (f.isSuccess()) cf.complete(null);
    else cf.completeExceptionally(f.cause() != null ? f.cause() : new java.util.concurrent.CancellationException());
  }
}
