package dev.tern.http;

import dev.tern.http.internal.NonBlockingHandler;
import dev.tern.http.internal.StreamingBodyHandler;

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

  /**
   * Marks a handler that reads the request body as it arrives, through
   * {@link HttpContext#bodyStream()}: it runs as soon as the request's headers are in, and the
   * body is never buffered whole, so uploads of any size cost constant memory (the client is held
   * back by TCP or HTTP/2 flow control while the handler is not reading). The server's body size
   * limit does not apply to the stream; the handler enforces its own.
   *
   * <pre>{@code
   * server.put("/files/:name", HttpHandler.streamingBody(ctx -> {
   *   try (InputStream in = ctx.bodyStream()) {
   *     long n = Files.copy(in, dir.resolve(ctx.pathParam("name")));
   *     ctx.status(201).text(n + " bytes");
   *   }
   * }));
   * }</pre>
   */
  static HttpHandler streamingBody(HttpHandler handler) {
    return new StreamingBodyHandler(handler);
  }
}
