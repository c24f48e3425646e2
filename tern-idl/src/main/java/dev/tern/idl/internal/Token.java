package dev.tern.idl.internal;

import dev.tern.idl.Ast.Position;

/**
 * A lexical token. {@code text} is the identifier, the punctuation character, the decoded string
 * literal, or the number as written; {@code doc} is the doc comment written just before it.
 */
record Token(Kind kind, String text, long intValue, double doubleValue, Position position, String doc) {

  enum Kind { IDENT, INT, DOUBLE, LITERAL, PUNCT, EOF }

  boolean is(char punct) {
    return kind == Kind.PUNCT && text.charAt(0) == punct;
  }

  boolean isWord(String word) {
    return kind == Kind.IDENT && text.equals(word);
  }

  /** How the token reads in an error message. */
  String describe() {
    return switch (kind) {
      case EOF -> "end of file";
      case LITERAL -> "string literal";
      default -> "'" + text + "'";
    };
  }
}
