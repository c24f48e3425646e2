package dev.tern.http.internal;

import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A small logic-less template language, a subset of Mustache: {@code {{name}}} (HTML-escaped),
 * {@code {{{name}}}} and {@code {{&name}}} (raw), sections {@code {{#name}}...{{/name}}} (repeated
 * for a list, shown for a true or present value, which becomes the context), inverted sections
 * {@code {{^name}}...{{/name}}}, comments {@code {{! ...}}}, partials {@code {{> other}}}, dotted
 * names and {@code {{.}}}. Values are looked up in maps, records, getters and public fields, from
 * the innermost context outwards. A tag alone on its line takes the line with it.
 *
 * <p>Escaping is on by default: a value becomes HTML only through a raw tag, so templates are safe
 * against injection unless they say otherwise.
 */
final class Mustache {

  /** A compiled template. */
  interface Template {
    void render(Object model, Function<String, Template> partials, StringBuilder out);
  }

  private sealed interface Node permits Text, Var, Section, Partial {}

  private record Text(String text) implements Node {}

  private record Var(String[] path, boolean escape) implements Node {}

  private record Section(String[] path, boolean inverted, List<Node> body) implements Node {}

  private record Partial(String name) implements Node {}

  private static final Map<Class<?>, Map<String, Function<Object, Object>>> ACCESSORS = new ConcurrentHashMap<>();
  private static final Object MISSING = new Object();

  private Mustache() {}

  /**
   * @throws IllegalArgumentException for an unclosed tag or section, naming the template and line
   */
  static Template compile(String source, String name) {
    List<Node> root = new ArrayList<>();
    Deque<List<Node>> stack = new ArrayDeque<>();
    Deque<String> open = new ArrayDeque<>();
    stack.push(root);
    int i = 0;
    while (i < source.length()) {
      int start = source.indexOf("{{", i);
      if (start < 0) {
        stack.peek().add(new Text(source.substring(i)));
        break;
      }
      boolean triple = source.startsWith("{{{", start);
      int end = source.indexOf(triple ? "}}}" : "}}", start);
      if (end < 0) throw error(name, source, start, "unclosed tag");
      String tag = source.substring(start + (triple ? 3 : 2), end).trim();
      int after = end + (triple ? 3 : 2);
      char kind = triple || tag.isEmpty() ? '{' : tag.charAt(0);
      boolean standalone = "#^/!>".indexOf(kind) >= 0 && !triple;
      int textEnd = start;
      if (standalone) { // a tag alone on its line removes the line
        int lineStart = source.lastIndexOf('\n', start - 1) + 1;
        int lineEnd = source.indexOf('\n', after);
        boolean blankBefore = source.substring(lineStart, start).isBlank();
        boolean blankAfter = source.substring(after, lineEnd < 0 ? source.length() : lineEnd).isBlank();
        if (blankBefore && blankAfter) {
          textEnd = lineStart;
          after = lineEnd < 0 ? source.length() : lineEnd + 1;
        }
      }
      if (textEnd > i) stack.peek().add(new Text(source.substring(i, textEnd)));
      String key = triple ? tag : "#^/!>&".indexOf(kind) >= 0 ? tag.substring(1).trim() : tag;
      switch (triple ? '{' : kind) {
        case '#', '^' -> {
          List<Node> body = new ArrayList<>();
          stack.peek().add(new Section(path(key), kind == '^', body));
          stack.push(body);
          open.push(key);
        }
        case '/' -> {
          if (open.isEmpty() || !open.peek().equals(key)) {
            throw error(name, source, start, "{{/" + key + "}} closes " + (open.isEmpty() ? "nothing" : "{{#" + open.peek() + "}}"));
          }
          open.pop();
          stack.pop();
        }
        case '!' -> { /* comment */ }
        case '>' -> stack.peek().add(new Partial(key));
        case '&' -> stack.peek().add(new Var(path(key), false));
        case '{' -> stack.peek().add(new Var(path(key), !triple));
        default -> stack.peek().add(new Var(path(key), true));
      }
      i = after;
    }
    if (!open.isEmpty()) throw new IllegalArgumentException("template " + name + ": section {{#" + open.peek() + "}} is not closed");
    List<Node> nodes = List.copyOf(root);
    return (model, partials, out) -> {
      Deque<Object> ctx = new ArrayDeque<>();
      ctx.push(model == null ? Map.of() : model);
      render(nodes, ctx, partials, out);
    };
  }

  private static IllegalArgumentException error(String name, String source, int at, String what) {
    long line = source.substring(0, at).chars().filter(c -> c == '\n').count() + 1;
    return new IllegalArgumentException("template " + name + ", line " + line + ": " + what);
  }

  private static String[] path(String key) {
    return key.equals(".") ? new String[] {"."} : key.split("\\.");
  }

  private static void render(List<Node> nodes, Deque<Object> ctx, Function<String, Template> partials, StringBuilder out) {
    for (Node n : nodes) {
      switch (n) {
        case Text t -> out.append(t.text());
        case Var v -> {
          Object value = unwrap(lookup(ctx, v.path()));
          if (value != null && value != MISSING) {
            if (v.escape()) {
              escape(String.valueOf(value), out);
            } else {
              out.append(value);
            }
          }
        }
        case Section s -> {
          Object value = unwrap(lookup(ctx, s.path()));
          boolean empty = isFalsy(value);
          if (s.inverted()) {
            if (empty) render(s.body(), ctx, partials, out);
          } else if (!empty) {
            if (value instanceof Iterable<?> items) {
              for (Object item : items) renderWith(item, s.body(), ctx, partials, out);
            } else if (value.getClass().isArray()) {
              for (int k = 0; k < Array.getLength(value); k++) renderWith(Array.get(value, k), s.body(), ctx, partials, out);
            } else if (value instanceof Boolean) {
              render(s.body(), ctx, partials, out);
            } else {
              renderWith(value, s.body(), ctx, partials, out);
            }
          }
        }
        case Partial p -> {
          Template t = partials.apply(p.name());
          StringBuilder inner = new StringBuilder();
          t.render(ctx.peek(), partials, inner);
          out.append(inner);
        }
      }
    }
  }

  private static void renderWith(Object item, List<Node> body, Deque<Object> ctx, Function<String, Template> partials, StringBuilder out) {
    ctx.push(item == null ? Map.of() : item);
    try {
      render(body, ctx, partials, out);
    } finally {
      ctx.pop();
    }
  }

  private static boolean isFalsy(Object v) {
    return v == null || v == MISSING || Boolean.FALSE.equals(v)
        || (v instanceof Collection<?> c && c.isEmpty())
        || (v instanceof Iterable<?> it && !it.iterator().hasNext())
        || (v.getClass().isArray() && Array.getLength(v) == 0)
        || (v instanceof CharSequence s && s.isEmpty());
  }

  private static Object unwrap(Object v) {
    return v instanceof Optional<?> o ? o.orElse(null) : v;
  }

  /** The first context, innermost out, that has the first name; then the rest of the path in it. */
  private static Object lookup(Deque<Object> ctx, String[] path) {
    if (path[0].equals(".")) return ctx.peek();
    Object value = MISSING;
    for (Object c : ctx) {
      value = get(c, path[0]);
      if (value != MISSING) break;
    }
    for (int k = 1; k < path.length && value != MISSING && value != null; k++) value = get(unwrap(value), path[k]);
    return value;
  }

  private static Object get(Object target, String name) {
    if (target == null) return MISSING;
    if (target instanceof Map<?, ?> m) return m.containsKey(name) ? m.get(name) : MISSING;
    Function<Object, Object> accessor = ACCESSORS.computeIfAbsent(target.getClass(), Mustache::accessors).get(name);
    return accessor == null ? MISSING : accessor.apply(target);
  }

  /** Record components, then {@code getX()}/{@code isX()}/{@code x()} methods, then public fields. */
  private static Map<String, Function<Object, Object>> accessors(Class<?> type) {
    Map<String, Function<Object, Object>> out = new java.util.HashMap<>();
    if (type.isRecord()) {
      for (RecordComponent rc : type.getRecordComponents()) out.put(rc.getName(), invoker(rc.getAccessor()));
    }
    for (Method m : type.getMethods()) {
      if (m.getParameterCount() != 0 || Modifier.isStatic(m.getModifiers()) || m.getDeclaringClass() == Object.class
          || m.getReturnType() == void.class) continue;
      String n = m.getName();
      String prop = n.startsWith("get") && n.length() > 3 ? decap(n.substring(3))
          : n.startsWith("is") && n.length() > 2 && m.getReturnType() == boolean.class ? decap(n.substring(2)) : n;
      out.putIfAbsent(prop, invoker(m));
    }
    for (Field f : type.getFields()) {
      if (!Modifier.isStatic(f.getModifiers())) {
        out.putIfAbsent(f.getName(), o -> {
          try {
            return f.get(o);
          } catch (IllegalAccessException e) {
            return MISSING;
          }
        });
      }
    }
    return Map.copyOf(out);
  }

  private static Function<Object, Object> invoker(Method m) {
    m.trySetAccessible(); // a public accessor of a non-public class (a record local to an app's package)
    return o -> {
      try {
        return m.invoke(o);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("template cannot read " + m.getName() + " of " + o.getClass().getName(), e);
      }
    };
  }

  private static String decap(String s) {
    return Character.toLowerCase(s.charAt(0)) + s.substring(1);
  }

  static void escape(String s, StringBuilder out) {
    for (int k = 0; k < s.length(); k++) {
      char c = s.charAt(k);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
  }
}
