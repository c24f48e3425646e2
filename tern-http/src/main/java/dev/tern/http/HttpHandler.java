package dev.tern.http;

import dev.tern.http.internal.NonBlockingHandler;

/**
 * Handles one HTTP request by reading it from, and writing the response into, its
 * {@link HttpContext}. The response is sent when the handler returns; a thrown
 * {@link HttpStatusException} becomes that status, any other exception a 500.
 *
 * <p>Handlers are written in blocking style and run on a virtual thread per request. One wrapped
 * with {@link #nonBlocking(HttpHandler)} runs on the connection's event loop instead, saving the
 * thread hop; it must then never block (no I/O, no locks held for long, no streaming).
 */
@FunctionalInterface
public interface HttpHandler {

  void handle(HttpContext ctx) throws Exception;

  /** Marks a handler to run on the event loop; it must not block. */
  static HttpHandler nonBlocking(HttpHandler handler) {
    return new NonBlockingHandler(handler);
  }
}
