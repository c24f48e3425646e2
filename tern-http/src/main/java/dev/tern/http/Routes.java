package dev.tern.http;

/**
 * Route registration, shared by {@link HttpServer} and its {@linkplain #group groups}.
 *
 * <p>Paths are made of static segments, {@code :name} parameters (one segment) and a final
 * {@code *name} wildcard (the rest of the path, possibly empty). When several routes match, a
 * static segment wins over a parameter, which wins over a wildcard. Registering a route that
 * duplicates another, or names a parameter differently from another route at the same position,
 * fails at once with an {@link IllegalArgumentException} that names both routes.
 *
 * <p>Middleware passed with a route applies to that route only, inside the group's and the
 * server's.
 */
public interface Routes {

  /** Registers a handler for a method ({@code GET}, {@code POST}, any token) and path. */
  Routes route(String method, String path, HttpHandler handler, HttpMiddleware... middleware);

  /** Registers a handler for every method on the path; a method-specific route still wins. */
  Routes any(String path, HttpHandler handler, HttpMiddleware... middleware);

  /** A group of routes under a path prefix with its own middleware (after this one's). */
  Routes group(String prefix, HttpMiddleware... middleware);

  default Routes get(String path, HttpHandler handler, HttpMiddleware... middleware) {
    return route("GET", path, handler, middleware);
  }

  default Routes post(String path, HttpHandler handler, HttpMiddleware... middleware) {
    return route("POST", path, handler, middleware);
  }

  default Routes put(String path, HttpHandler handler, HttpMiddleware... middleware) {
    return route("PUT", path, handler, middleware);
  }

  default Routes patch(String path, HttpHandler handler, HttpMiddleware... middleware) {
    return route("PATCH", path, handler, middleware);
  }

  default Routes delete(String path, HttpHandler handler, HttpMiddleware... middleware) {
    return route("DELETE", path, handler, middleware);
  }

  /**
   * Serves the files under {@code root} at {@code prefix}: {@code GET prefix/*filepath} (and HEAD)
   * with {@link StaticFiles} defaults. Use {@code get(prefix + "/*filepath", StaticFiles.of(root)...)}
   * for other settings.
   */
  default Routes staticFiles(String prefix, java.nio.file.Path root, HttpMiddleware... middleware) {
    String base = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
    return route("GET", base + "/*filepath", StaticFiles.of(root), middleware);
  }
}
