package dev.tern.http.internal;

import dev.tern.http.HttpMiddleware;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A tree of path segments: each node has static children (by exact text), at most one
 * {@code :param} child and at most one {@code *wildcard} child. Lookup tries them in that order
 * and backtracks, so static beats param beats wildcard at every level. Lookup costs one hash probe
 * per segment; registration rejects ambiguous shapes so that lookup never has to choose between
 * two differently named parameters.
 *
 * <p>Paths are split on {@code /} after the leading one; a trailing slash gives a last empty
 * segment, so {@code /a} and {@code /a/} are different routes (see trailing-slash redirects).
 */
public final class Router {

  /** The outcome of a lookup. */
  public sealed interface Match {}

  /** A route for this method; params are percent-decoded. */
  public record Found(Route route, Map<String, String> params) implements Match {}

  /** The path exists for other methods only. */
  public record MethodNotAllowed(List<String> allowed) implements Match {}

  /** Nothing matches. */
  public record NotFound() implements Match {}

  private static final class Node {
    final Map<String, Node> statics = new HashMap<>();
    Node param;
    String paramName;
    String paramRoute; // the first route that introduced the param, for conflict messages
    Node wildcard;
    String wildcardName;
    String wildcardRoute;
    final Map<String, Route> byMethod = new LinkedHashMap<>();
    Route any;
  }

  private final Node root = new Node();
  private final List<Route> routes = new ArrayList<>();

  /**
   * Adds a route.
   *
   * @throws IllegalArgumentException for a malformed pattern or a conflict with an earlier route
   */
  public synchronized void add(Route route) {
    String pattern = route.pattern;
    if (!pattern.startsWith("/")) throw new IllegalArgumentException("route must start with '/': " + pattern);
    String[] segments = split(pattern);
    Node node = root;
    for (int i = 0; i < segments.length; i++) {
      String seg = segments[i];
      if (seg.startsWith(":")) {
        String name = seg.substring(1);
        checkName(name, pattern);
        if (node.param == null) {
          node.param = new Node();
          node.paramName = name;
          node.paramRoute = pattern;
        } else if (!node.paramName.equals(name)) {
          throw new IllegalArgumentException("route " + pattern + ": parameter ':" + name
              + "' conflicts with ':" + node.paramName + "' of route " + node.paramRoute);
        }
        node = node.param;
      } else if (seg.startsWith("*")) {
        String name = seg.substring(1);
        checkName(name, pattern);
        if (i != segments.length - 1) {
          throw new IllegalArgumentException("route " + pattern + ": wildcard '*" + name + "' must be the last segment");
        }
        if (node.wildcard == null) {
          node.wildcard = new Node();
          node.wildcardName = name;
          node.wildcardRoute = pattern;
        } else if (!node.wildcardName.equals(name)) {
          throw new IllegalArgumentException("route " + pattern + ": wildcard '*" + name
              + "' conflicts with '*" + node.wildcardName + "' of route " + node.wildcardRoute);
        }
        node = node.wildcard;
      } else {
        node = node.statics.computeIfAbsent(seg, k -> new Node());
      }
    }
    if (route.method == null) {
      if (node.any != null) throw duplicate(route, node.any);
      node.any = route;
    } else {
      Route old = node.byMethod.get(route.method);
      if (old != null) throw duplicate(route, old);
      node.byMethod.put(route.method, route);
    }
    routes.add(route);
  }

  /** Composes every route's middleware chain with the server-level middleware. */
  public synchronized void compose(List<HttpMiddleware> serverMiddleware) {
    for (Route r : routes) r.compose(serverMiddleware);
  }

  /** Finds the route for a method and raw (still percent-encoded) path. */
  public Match find(String method, String path) {
    String[] segments = split(path);
    Map<String, String> params = new HashMap<>(4);
    Route r = search(root, segments, 0, method, params);
    if (r == null && method.equals("HEAD")) r = search(root, segments, 0, "GET", params);
    if (r != null) return new Found(r, params);
    TreeSet<String> allowed = new TreeSet<>();
    collectAllowed(root, segments, 0, allowed);
    if (allowed.isEmpty()) return new NotFound();
    if (allowed.contains("GET")) allowed.add("HEAD");
    return new MethodNotAllowed(List.copyOf(allowed));
  }

  /** Whether any route, of any method, matches the path. */
  public boolean matchesAnyMethod(String path) {
    TreeSet<String> allowed = new TreeSet<>();
    collectAllowed(root, split(path), 0, allowed);
    return !allowed.isEmpty();
  }

  private static Route search(Node node, String[] segs, int i, String method, Map<String, String> params) {
    if (i == segs.length) {
      Route r = node.byMethod.get(method);
      return r != null ? r : node.any;
    }
    String seg = segs[i];
    Node child = node.statics.get(seg);
    if (child != null) {
      Route r = search(child, segs, i + 1, method, params);
      if (r != null) return r;
    }
    if (node.param != null && !seg.isEmpty()) {
      Route r = search(node.param, segs, i + 1, method, params);
      if (r != null) {
        params.put(node.paramName, decode(seg));
        return r;
      }
    }
    if (node.wildcard != null) {
      Route r = node.wildcard.byMethod.get(method);
      if (r == null) r = node.wildcard.any;
      if (r != null) {
        params.put(node.wildcardName, decode(String.join("/", List.of(segs).subList(i, segs.length))));
        return r;
      }
    }
    return null;
  }

  private static void collectAllowed(Node node, String[] segs, int i, TreeSet<String> out) {
    if (i == segs.length) {
      addMethods(node, out);
      return;
    }
    Node child = node.statics.get(segs[i]);
    if (child != null) collectAllowed(child, segs, i + 1, out);
    if (node.param != null && !segs[i].isEmpty()) collectAllowed(node.param, segs, i + 1, out);
    if (node.wildcard != null) addMethods(node.wildcard, out);
  }

  private static void addMethods(Node node, TreeSet<String> out) {
    out.addAll(node.byMethod.keySet());
    if (node.any != null) out.add("*");
  }

  private static String[] split(String path) {
    return path.substring(1).split("/", -1);
  }

  private static String decode(String s) {
    if (s.indexOf('%') < 0) return s;
    try {
      return java.net.URLDecoder.decode(s.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return s; // a malformed escape is left as sent
    }
  }

  private static void checkName(String name, String pattern) {
    if (name.isEmpty()) throw new IllegalArgumentException("route " + pattern + ": unnamed parameter");
  }

  private static IllegalArgumentException duplicate(Route route, Route old) {
    return new IllegalArgumentException("route " + route + " conflicts with already registered route " + old);
  }
}
