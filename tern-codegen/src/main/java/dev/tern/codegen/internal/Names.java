package dev.tern.codegen.internal;

import dev.tern.idl.Ast;
import java.util.Collection;
import java.util.Locale;
import java.util.Set;

/** Java spellings of IDL names. */
final class Names {
  private Names() {}

  private static final Set<String> KEYWORDS = Set.of(
      "abstract", "assert", "boolean", "break", "byte", "case", "catch", "char", "class", "const",
      "continue", "default", "do", "double", "else", "enum", "extends", "final", "finally", "float",
      "for", "goto", "if", "implements", "import", "instanceof", "int", "interface", "long", "native",
      "new", "package", "private", "protected", "public", "return", "short", "static", "strictfp",
      "super", "switch", "synchronized", "this", "throw", "throws", "transient", "try", "void",
      "volatile", "while", "true", "false", "null", "_", "var", "yield", "record", "sealed",
      "permits", "non-sealed");

  /**
   * Methods every generated struct-like class has, or inherits from Object or Throwable; a field
   * accessor with one of these names would clash, so such fields get the keyword escape too.
   */
  private static final Set<String> MEMBER_NAMES = Set.of(
      "builder", "toBuilder", "write", "read", "equals", "hashCode", "toString", "getClass",
      "notify", "notifyAll", "wait", "clone", "finalize", "which", "CODEC",
      "getMessage", "getLocalizedMessage", "getCause", "initCause", "fillInStackTrace",
      "getStackTrace", "setStackTrace", "printStackTrace", "addSuppressed", "getSuppressed");

  /** A Java identifier for an IDL name: keywords get a trailing underscore ({@code class_}). */
  static String identifier(String idlName) {
    return KEYWORDS.contains(idlName) ? idlName + "_" : idlName;
  }

  /** The Java name of a struct field: its accessor, builder setter and instance field. */
  static String member(String idlName) {
    return KEYWORDS.contains(idlName) || MEMBER_NAMES.contains(idlName) ? idlName + "_" : idlName;
  }

  /** {@code fooBar} -> {@code FooBar}; {@code foo_bar} -> {@code FooBar}. */
  static String upperCamel(String name) {
    StringBuilder sb = new StringBuilder(name.length());
    boolean upper = true;
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == '_' || c == '-' || c == '.') {
        upper = true;
      } else if (upper) {
        sb.append(Character.toUpperCase(c));
        upper = false;
      } else {
        sb.append(c);
      }
    }
    return sb.isEmpty() ? "_" : sb.toString();
  }

  /** {@code getUser} -> {@code GET_USER}; {@code get_user} -> {@code GET_USER}; keeps digits. */
  static String upperSnake(String name) {
    StringBuilder sb = new StringBuilder(name.length() + 4);
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (Character.isUpperCase(c) && i > 0) {
        char prev = name.charAt(i - 1);
        boolean nextLower = i + 1 < name.length() && Character.isLowerCase(name.charAt(i + 1));
        if (Character.isLowerCase(prev) || Character.isDigit(prev) || (Character.isUpperCase(prev) && nextLower)) {
          sb.append('_');
        }
      }
      sb.append(c == '-' || c == '.' ? '_' : Character.toUpperCase(c));
    }
    return sb.toString().replace("__", "_");
  }

  /** {@code count} -> {@code hasCount}. */
  static String has(String javaName) {
    return "has" + Character.toUpperCase(javaName.charAt(0)) + javaName.substring(1);
  }

  /** {@code count} -> {@code clearCount}. */
  static String clear(String javaName) {
    return "clear" + Character.toUpperCase(javaName.charAt(0)) + javaName.substring(1);
  }

  /** {@code base}, or {@code base_}, {@code base__}... whichever is not taken. */
  static String fresh(String base, Collection<String> taken) {
    String name = base;
    while (taken.contains(name)) {
      name += "_";
    }
    return name;
  }

  /**
   * The Java package of a document: {@code namespace java}, else {@code namespace *}, else the
   * file name made into a valid package name.
   */
  static String javaPackage(Ast.Document doc) {
    String ns = doc.namespace("java");
    if (ns != null && !ns.isBlank()) {
      return ns;
    }
    StringBuilder sb = new StringBuilder();
    for (char c : doc.prefix().toLowerCase(Locale.ROOT).toCharArray()) {
      sb.append(Character.isJavaIdentifierPart(c) ? c : '_');
    }
    if (sb.isEmpty() || !Character.isJavaIdentifierStart(sb.charAt(0))) {
      sb.insert(0, '_');
    }
    return identifier(sb.toString());
  }

  /** The constants holder of a document: {@code ThriftTest.thrift} -> {@code ThriftTestConstants}. */
  static String constantsClass(Ast.Document doc) {
    StringBuilder sb = new StringBuilder();
    for (char c : upperCamel(doc.prefix()).toCharArray()) {
      sb.append(Character.isJavaIdentifierPart(c) ? c : '_');
    }
    if (!Character.isJavaIdentifierStart(sb.charAt(0))) {
      sb.insert(0, '_');
    }
    return sb + "Constants";
  }

  /** A Java string literal for {@code s}, escaping quotes, backslashes and control characters. */
  static String stringLiteral(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
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
          if (c < 0x20 || (c >= 0x7f && c < 0xa0) || Character.isSurrogate(c) || c == '\u2028' || c == '\u2029') {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append('"').toString();
  }
}
