package dev.tern.http.internal;

import dev.tern.http.HttpContext;
import dev.tern.http.HttpHandler;

/** Marks a handler that reads its request body as a stream (see {@link HttpHandler#streamingBody}). */
public record StreamingBodyHandler(HttpHandler delegate) implements HttpHandler {

  public StreamingBodyHandler {
    java.util.Objects.requireNonNull(delegate, "handler");
    if (delegate instanceof NonBlockingHandler) {
      throw new IllegalArgumentException("a handler that streams its request body blocks; it cannot be non-blocking");
    }
  }

  @Override
  public void handle(HttpContext ctx) throws Exception {
    delegate.handle(ctx);
  }
}
