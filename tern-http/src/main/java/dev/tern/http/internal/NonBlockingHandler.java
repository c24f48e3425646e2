package dev.tern.http.internal;

import dev.tern.http.HttpContext;
import dev.tern.http.HttpHandler;

/** Marks a handler as safe to run on the event loop (see {@link HttpHandler#nonBlocking}). */
public record NonBlockingHandler(HttpHandler delegate) implements HttpHandler {

  public NonBlockingHandler {
    java.util.Objects.requireNonNull(delegate, "handler");
    if (delegate instanceof StreamingBodyHandler) {
      throw new IllegalArgumentException("a handler that streams its request body blocks; it cannot be non-blocking");
    }
  }

  @Override
  public void handle(HttpContext ctx) throws Exception {
    delegate.handle(ctx);
  }
}
