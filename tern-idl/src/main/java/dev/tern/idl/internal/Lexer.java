package dev.tern.idl.internal;

import dev.tern.idl.Ast.Position;
import dev.tern.idl.IdlError;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits Thrift IDL into tokens on demand. Comments ({@code #}, {@code //}, {@code /* * /}) are
 * skipped; a doc comment ({@code /** ... * /} or a run of {@code ///} lines) is cleaned up and
 * handed to the next token. Lexical errors are recorded and the offending input skipped, so that
 * one run reports as much as possible.
 */
final class Lexer {
  private final String src;
  private final Path file;
  private final List<IdlError> errors;
  private int pos;
  private int line = 1;
  private int lineStart;
  private String pendingDoc;
  /** The raw {@code ///} lines seen since the last token or other comment, merged into one doc. */
  private List<String> slashDocLines;

  Lexer(String src, Path file, List<IdlError> errors) {
    this.src = src.startsWith("\uFEFF") ? src.substring(1) : src;
    this.file = file;
    this.errors = errors;
  }

  Token next() {
    skipTrivia();
    Position at = position();
    if (pos >= src.length()) {
      return token(Token.Kind.EOF, "", at);
    }
    char c = src.charAt(pos);
    if (isLetter(c) || c == '_') {
      return token(Token.Kind.IDENT, identifier(), at);
    }
    if (isDigit(c) || ((c == '+' || c == '-' || c == '.') && startsNumber(pos + 1, c != '.'))) {
      return number(at);
    }
    if (c == '"' || c == '\'') {
      return literal(c, at);
    }
    if (":;,{}()=<>[]*&".indexOf(c) >= 0) {
      pos++;
      return token(Token.Kind.PUNCT, String.valueOf(c), at);
    }
    pos++;
    error(at, "unexpected character '" + c + "'");
    return next();
  }

  /**
   * A namespace name: an identifier that may also contain '-' (Smalltalk categories) or '/', or a
   * string literal. Called instead of {@link #next()} right after the namespace scope.
   */
  Token namespaceName() {
    skipTrivia();
    Position at = position();
    if (pos < src.length() && (src.charAt(pos) == '"' || src.charAt(pos) == '\'')) {
      return literal(src.charAt(pos), at);
    }
    int start = pos;
    while (pos < src.length() && (isWordChar(src.charAt(pos)) || "-./".indexOf(src.charAt(pos)) >= 0)) {
      pos++;
    }
    if (pos == start) {
      return next();
    }
    return token(Token.Kind.IDENT, src.substring(start, pos), at);
  }

  private Token token(Token.Kind kind, String text, Position at) {
    return token(kind, text, 0, 0, at);
  }

  private Token token(Token.Kind kind, String text, long i, double d, Position at) {
    flushSlashDoc();
    Token t = new Token(kind, text, i, d, at, pendingDoc);
    pendingDoc = null;
    return t;
  }

  private String identifier() {
    // [a-zA-Z_] ( '.'? [a-zA-Z0-9_] )*: a dot must be followed by a word character.
    int start = pos++;
    while (pos < src.length()) {
      char c = src.charAt(pos);
      if (isWordChar(c)) {
        pos++;
      } else if (c == '.' && pos + 1 < src.length() && isWordChar(src.charAt(pos + 1))) {
        pos += 2;
      } else {
        break;
      }
    }
    return src.substring(start, pos);
  }

  private boolean startsNumber(int i, boolean allowDot) {
    if (i >= src.length()) {
      return false;
    }
    char c = src.charAt(i);
    return isDigit(c) || (allowDot && c == '.' && i + 1 < src.length() && isDigit(src.charAt(i + 1)));
  }

  private Token number(Position at) {
    int start = pos;
    boolean negative = false;
    if (src.charAt(pos) == '+' || src.charAt(pos) == '-') {
      negative = src.charAt(pos) == '-';
      pos++;
    }
    if (src.startsWith("0x", pos) || src.startsWith("0X", pos)) {
      pos += 2;
      int digits = pos;
      while (pos < src.length() && Character.digit(src.charAt(pos), 16) >= 0) {
        pos++;
      }
      String text = src.substring(start, pos);
      if (pos == digits) {
        error(at, "malformed hex constant '" + text + "'");
        return token(Token.Kind.INT, text, 0, 0, at);
      }
      try {
        long v = Long.parseLong(src.substring(digits, pos), 16);
        return token(Token.Kind.INT, text, negative ? -v : v, 0, at);
      } catch (NumberFormatException e) {
        error(at, "integer constant " + text + " does not fit in 64 bits");
        return token(Token.Kind.INT, text, 0, 0, at);
      }
    }
    boolean isDouble = false;
    skipDigits();
    if (pos + 1 < src.length() && src.charAt(pos) == '.' && isDigit(src.charAt(pos + 1))) {
      isDouble = true;
      pos++;
      skipDigits();
    }
    if (pos < src.length() && (src.charAt(pos) == 'e' || src.charAt(pos) == 'E')) {
      int mark = pos++;
      if (pos < src.length() && (src.charAt(pos) == '+' || src.charAt(pos) == '-')) {
        pos++;
      }
      if (pos < src.length() && isDigit(src.charAt(pos))) {
        isDouble = true;
        skipDigits();
      } else {
        pos = mark;
      }
    }
    String text = src.substring(start, pos);
    if (isDouble) {
      return token(Token.Kind.DOUBLE, text, 0, Double.parseDouble(text), at);
    }
    try {
      return token(Token.Kind.INT, text, Long.parseLong(text.startsWith("+") ? text.substring(1) : text), 0, at);
    } catch (NumberFormatException e) {
      error(at, "integer constant " + text + " does not fit in 64 bits");
      return token(Token.Kind.INT, text, 0, 0, at);
    }
  }

  private void skipDigits() {
    while (pos < src.length() && isDigit(src.charAt(pos))) {
      pos++;
    }
  }

  private Token literal(char quote, Position at) {
    StringBuilder sb = new StringBuilder();
    pos++;
    while (true) {
      if (pos >= src.length() || src.charAt(pos) == '\n') {
        error(at, "unterminated string literal");
        return token(Token.Kind.LITERAL, sb.toString(), at);
      }
      char c = src.charAt(pos++);
      if (c == quote) {
        return token(Token.Kind.LITERAL, sb.toString(), at);
      }
      if (c != '\\') {
        sb.append(c);
        continue;
      }
      char e = pos < src.length() ? src.charAt(pos++) : ' ';
      switch (e) {
        case 'n' -> sb.append('\n');
        case 'r' -> sb.append('\r');
        case 't' -> sb.append('\t');
        case '"', '\'', '\\' -> sb.append(e);
        case 'u' -> {
          int cp = pos + 4 <= src.length() ? parseHex(src.substring(pos, pos + 4)) : -1;
          if (cp < 0) {
            error(new Position(file, line, pos - lineStart - 1), "bad \\u escape, expected 4 hex digits");
          } else {
            sb.append((char) cp);
            pos += 4;
          }
        }
        default -> error(new Position(file, line, pos - lineStart - 1), "bad escape character '\\" + e + "'");
      }
    }
  }

  private static int parseHex(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (Character.digit(s.charAt(i), 16) < 0) {
        return -1;
      }
    }
    return Integer.parseInt(s, 16);
  }

  /** Skips whitespace and comments, collecting doc comments into {@link #pendingDoc}. */
  private void skipTrivia() {
    while (pos < src.length()) {
      char c = src.charAt(pos);
      if (c == '\n') {
        pos++;
        line++;
        lineStart = pos;
      } else if (c == ' ' || c == '\t' || c == '\r' || c == '\f') {
        pos++;
      } else if (c == '#') {
        flushSlashDoc();
        skipLine();
      } else if (src.startsWith("///", pos) && !src.startsWith("////", pos)) {
        int start = pos + 3;
        skipLine();
        if (slashDocLines == null) {
          slashDocLines = new ArrayList<>();
        }
        slashDocLines.add(src.substring(start, pos));
      } else if (src.startsWith("//", pos)) {
        flushSlashDoc();
        skipLine();
      } else if (src.startsWith("/*", pos)) {
        flushSlashDoc();
        blockComment();
      } else {
        return;
      }
    }
  }

  private void skipLine() {
    while (pos < src.length() && src.charAt(pos) != '\n') {
      pos++;
    }
  }

  private void blockComment() {
    Position at = position();
    int start = pos;
    int end = src.indexOf("*/", pos + 2);
    if (end < 0) {
      error(at, "unterminated comment");
      end = src.length();
    }
    for (int i = pos; i < end; i++) {
      if (src.charAt(i) == '\n') {
        line++;
        lineStart = i + 1;
      }
    }
    pos = Math.min(end + 2, src.length());
    String body = src.substring(start + 2, end);
    // "/**" starts a doc comment, except the empty "/**/" and all-star rulers like "/*****/".
    if (body.startsWith("*") && !body.chars().allMatch(ch -> ch == '*')) {
      pendingDoc = cleanDoc(List.of(body.substring(1).split("\n", -1)), true);
    }
  }

  private void flushSlashDoc() {
    if (slashDocLines != null) {
      pendingDoc = cleanDoc(slashDocLines, false);
      slashDocLines = null;
    }
  }

  /**
   * Normalises doc comment text: drops the leading '*' column of block comments, the common
   * indentation, trailing blanks and leading/trailing empty lines. Returns null if nothing is left.
   */
  static String cleanDoc(List<String> rawLines, boolean block) {
    List<String> lines = new ArrayList<>(rawLines.size());
    for (int i = 0; i < rawLines.size(); i++) {
      String l = rawLines.get(i).stripTrailing();
      if (block) {
        String t = l.stripLeading();
        // Lines after the first usually start with " * "; the first follows "/**" directly.
        if (i > 0 && t.startsWith("*")) {
          l = t.substring(1);
        } else if (i == 0) {
          l = t.isEmpty() ? "" : " " + t;
        }
      }
      lines.add(l);
    }
    int indent = Integer.MAX_VALUE;
    for (String l : lines) {
      if (!l.isBlank()) {
        indent = Math.min(indent, l.length() - l.stripLeading().length());
      }
    }
    if (indent == Integer.MAX_VALUE) {
      return null;
    }
    int first = 0;
    int last = lines.size() - 1;
    while (lines.get(first).isBlank()) {
      first++;
    }
    while (lines.get(last).isBlank()) {
      last--;
    }
    StringBuilder sb = new StringBuilder();
    for (int i = first; i <= last; i++) {
      String l = lines.get(i);
      sb.append(l.isBlank() ? "" : l.substring(indent));
      if (i < last) {
        sb.append('\n');
      }
    }
    return sb.toString();
  }

  private Position position() {
    return new Position(file, line, pos - lineStart + 1);
  }

  private void error(Position at, String message) {
    errors.add(new IdlError(at, message));
  }

  private static boolean isLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isWordChar(char c) {
    return isLetter(c) || isDigit(c) || c == '_';
  }
}
