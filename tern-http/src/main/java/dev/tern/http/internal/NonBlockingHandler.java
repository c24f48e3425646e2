package dev.tern.http.internal;

import dev.tern.http.HttpContext;
import dev.tern.http.HttpHandler;

/** Marks a handler as safe to run on the event loop (see {@link HttpHandler#nonBlocking}). */
public record NonBlockingHandler(HttpHandler delegate) implements HttpHandler {

  public NonBlockingHandler {
    java.util.Objects.requireNonNull(delegate, "handler");
  }

  @Override
  public void handle(HttpContext ctx) throws Exception {
    delegate.handle(ctx);
  }
}
