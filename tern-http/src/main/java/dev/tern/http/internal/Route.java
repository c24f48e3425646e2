package dev.tern.http.internal;

import dev.tern.http.HttpHandler;
import dev.tern.http.HttpMiddleware;
import java.util.List;

/**
 * A registered route. {@code method} is {@code null} for an any-method route; {@code handler} is
 * the full middleware chain, composed when the server starts.
 */
public final class Route {

  final String method;
  final String pattern;
  final List<HttpMiddleware> middleware;
  final HttpHandler terminal;
  final boolean nonBlocking;
  final boolean streamingBody;
  volatile HttpHandler handler;

  public Route(String method, String pattern, List<HttpMiddleware> middleware, HttpHandler terminal) {
    this.method = method;
    this.pattern = pattern;
    this.middleware = List.copyOf(middleware);
    this.terminal = terminal;
    this.nonBlocking = terminal instanceof NonBlockingHandler;
    this.streamingBody = terminal instanceof StreamingBodyHandler;
    this.handler = terminal;
  }

  /** Wraps the route's own middleware in the server-level middleware. */
  void compose(List<HttpMiddleware> serverMiddleware) {
    List<HttpMiddleware> all = new java.util.ArrayList<>(serverMiddleware);
    all.addAll(middleware);
    handler = HttpMiddleware.chain(all, terminal);
  }

  public String pattern() {
    return pattern;
  }

  @Override
  public String toString() {
    return (method == null ? "ANY" : method) + ' ' + pattern;
  }
}
