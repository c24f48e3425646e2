package dev.tern.rpc.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * JSON objects of string values, the format of Kitex's {@code biz-extra} header. Just enough JSON
 * for that: no numbers, nesting or arrays.
 */
public final class FlatJson {
  private FlatJson() {}

  public static String write(Map<String, String> map) {
    StringBuilder sb = new StringBuilder(16 + map.size() * 16).append('{');
    boolean first = true;
    for (Map.Entry<String, String> e : map.entrySet()) {
      if (!first) sb.append(',');
      first = false;
      quote(sb, e.getKey());
      sb.append(':');
      quote(sb, e.getValue());
    }
    return sb.append('}').toString();
  }

  /**
   * Parses an object whose values are strings (null values are dropped).
   *
   * @throws IllegalArgumentException on anything else
   */
  public static Map<String, String> read(String json) {
    Parser p = new Parser(json);
    Map<String, String> map = new LinkedHashMap<>();
    p.skipWs();
    p.expect('{');
    p.skipWs();
    if (p.peek() == '}') {
      p.pos++;
    } else {
      while (true) {
        p.skipWs();
        String key = p.string();
        p.skipWs();
        p.expect(':');
        p.skipWs();
        String value = p.peek() == 'n' ? p.nullLiteral() : p.string();
        if (value != null) map.put(key, value);
        p.skipWs();
        char c = p.next();
        if (c == '}') break;
        if (c != ',') throw p.error("expected , or }");
      }
    }
    p.skipWs();
    if (p.pos != json.length()) throw p.error("trailing characters");
    return map;
  }

  private static void quote(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        case '\b' -> sb.append("\\b");
        case '\f' -> sb.append("\\f");
        default -> {
          if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
          else sb.append(c);
        }
      }
    }
    sb.append('"');
  }

  private static final class Parser {
    final String s;
    int pos;

    Parser(String s) {
      this.s = s;
    }

    char peek() {
      if (pos >= s.length()) throw error("unexpected end");
      return s.charAt(pos);
    }

    char next() {
      char c = peek();
      pos++;
      return c;
    }

    void expect(char c) {
      if (next() != c) throw error("expected " + c);
    }

    void skipWs() {
      while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) pos++;
    }

    String nullLiteral() {
      if (!s.startsWith("null", pos)) throw error("expected a string");
      pos += 4;
      return null;
    }

    String string() {
      expect('"');
      StringBuilder sb = new StringBuilder();
      while (true) {
        char c = next();
        if (c == '"') return sb.toString();
        if (c != '\\') {
          sb.append(c);
          continue;
        }
        char e = next();
        switch (e) {
          case '"', '\\', '/' -> sb.append(e);
          case 'n' -> sb.append('\n');
          case 'r' -> sb.append('\r');
          case 't' -> sb.append('\t');
          case 'b' -> sb.append('\b');
          case 'f' -> sb.append('\f');
          case 'u' -> {
            if (pos + 4 > s.length()) throw error("short \\u escape");
            try {
              sb.append((char) Integer.parseInt(s, pos, pos + 4, 16));
            } catch (NumberFormatException ex) {
              throw error("bad \\u escape");
            }
            pos += 4;
          }
          default -> throw error("bad escape \\" + e);
        }
      }
    }

    IllegalArgumentException error(String what) {
      return new IllegalArgumentException("malformed JSON at " + pos + ": " + what);
    }
  }
}
