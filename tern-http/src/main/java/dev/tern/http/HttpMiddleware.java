package dev.tern.http;

import java.util.List;

/**
 * Turns one {@link HttpHandler} into another: the HTTP form of the core
 * {@link dev.tern.core.Middleware} idea. Middleware is attached to the server
 * ({@link HttpServer#use}), to a {@linkplain Routes#group group} or to a single route, and runs
 * outermost first: server, then enclosing groups, then the route's own, then the handler.
 *
 * <p>{@code wrap} runs once when the server starts, not per request.
 *
 * <pre>{@code
 * HttpMiddleware timing = next -> ctx -> {
 *   long t0 = System.nanoTime();
 *   try { next.handle(ctx); } finally { ctx.header("X-Elapsed-Us", String.valueOf((System.nanoTime() - t0) / 1000)); }
 * };
 * }</pre>
 */
@FunctionalInterface
public interface HttpMiddleware {

  HttpHandler wrap(HttpHandler next);

  /** Chains middleware around a handler; the first in the list is the outermost. */
  static HttpHandler chain(List<HttpMiddleware> middlewares, HttpHandler terminal) {
    HttpHandler h = terminal;
    for (int i = middlewares.size() - 1; i >= 0; i--) {
      h = middlewares.get(i).wrap(h);
    }
    return h;
  }
}
