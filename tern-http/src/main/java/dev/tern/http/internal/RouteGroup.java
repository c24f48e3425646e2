package dev.tern.http.internal;

import dev.tern.http.HttpHandler;
import dev.tern.http.HttpMiddleware;
import dev.tern.http.Routes;
import java.util.ArrayList;
import java.util.List;

/** Routes under a prefix, with the middleware of every enclosing group. */
public final class RouteGroup implements Routes {

  private final ServerCore core;
  private final String prefix;
  private final List<HttpMiddleware> middleware;

  public RouteGroup(ServerCore core, String prefix, List<HttpMiddleware> middleware) {
    if (!prefix.isEmpty() && !prefix.startsWith("/")) throw new IllegalArgumentException("group prefix must start with '/': " + prefix);
    this.core = core;
    this.prefix = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
    this.middleware = List.copyOf(middleware);
  }

  @Override
  public Routes route(String method, String path, HttpHandler handler, HttpMiddleware... routeMiddleware) {
    core.addRoute(java.util.Objects.requireNonNull(method, "method"), join(path), with(routeMiddleware), handler);
    return this;
  }

  @Override
  public Routes any(String path, HttpHandler handler, HttpMiddleware... routeMiddleware) {
    core.addRoute(null, join(path), with(routeMiddleware), handler);
    return this;
  }

  @Override
  public Routes group(String subPrefix, HttpMiddleware... groupMiddleware) {
    return new RouteGroup(core, join(subPrefix), with(groupMiddleware));
  }

  private String join(String path) {
    if (!path.startsWith("/")) throw new IllegalArgumentException("path must start with '/': " + path);
    return prefix + path;
  }

  private List<HttpMiddleware> with(HttpMiddleware[] more) {
    List<HttpMiddleware> all = new ArrayList<>(middleware);
    all.addAll(List.of(more));
    return all;
  }
}
