package dev.tern.grpc.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/** A flat JSON object of strings, as Kitex writes {@code biz-extra}: just enough JSON for that. */
final class FlatJson {

  private FlatJson() {}

  static String write(Map<String, String> map) {
    StringBuilder sb = new StringBuilder("{");
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

  /** Header values must be printable ASCII: everything else is escaped as \\uXXXX. */
  private static void quote(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        default -> {
          if (c < 0x20 || c > 0x7e) sb.append(String.format("\\u%04x", (int) c));
          else sb.append(c);
        }
      }
    }
    sb.append('"');
  }

  /**
   * Reads a flat object of string values.
   *
   * @throws IllegalArgumentException if the text is not one
   */
  static Map<String, String> read(String json) {
    Parser p = new Parser(json);
    Map<String, String> out = new LinkedHashMap<>();
    p.skip();
    p.expect('{');
    p.skip();
    if (p.peek() == '}') {
      p.pos++;
      return out;
    }
    while (true) {
      p.skip();
      String k = p.string();
      p.skip();
      p.expect(':');
      p.skip();
      out.put(k, p.string());
      p.skip();
      char c = p.next();
      if (c == '}') return out;
      if (c != ',') throw new IllegalArgumentException("expected , or } at " + p.pos);
    }
  }

  private static final class Parser {
    final String s;
    int pos;

    Parser(String s) {
      this.s = s;
    }

    char peek() {
      if (pos >= s.length()) throw new IllegalArgumentException("unexpected end of JSON");
      return s.charAt(pos);
    }

    char next() {
      char c = peek();
      pos++;
      return c;
    }

    void skip() {
      while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) pos++;
    }

    void expect(char c) {
      if (next() != c) throw new IllegalArgumentException("expected " + c + " at " + (pos - 1));
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
          case 'b' -> sb.append('\b');
          case 'f' -> sb.append('\f');
          case 'n' -> sb.append('\n');
          case 'r' -> sb.append('\r');
          case 't' -> sb.append('\t');
          case 'u' -> {
            if (pos + 4 > s.length()) throw new IllegalArgumentException("bad \\u escape");
            sb.append((char) Integer.parseInt(s.substring(pos, pos + 4), 16));
            pos += 4;
          }
          default -> throw new IllegalArgumentException("bad escape \\" + e);
        }
      }
    }
  }
}
