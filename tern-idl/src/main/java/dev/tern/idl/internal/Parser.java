package dev.tern.idl.internal;

import dev.tern.idl.Ast;
import dev.tern.idl.Ast.ConstValue;
import dev.tern.idl.Ast.Definition;
import dev.tern.idl.Ast.Field;
import dev.tern.idl.Ast.Position;
import dev.tern.idl.Ast.Requiredness;
import dev.tern.idl.Ast.Type;
import dev.tern.idl.IdlError;
import java.nio.file.Path;
import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Recursive-descent parser for one Thrift IDL file, following Apache Thrift's grammar
 * (doc/specs/idl.md and the compiler's thrifty.yy). It only builds the tree; names are resolved
 * and checked by {@link Linker}. After a syntax error it records the error, skips to the next
 * top-level keyword and goes on.
 */
public final class Parser {
  /** Words the grammar reserves; they cannot name definitions, functions or enum values. */
  private static final Set<String> KEYWORDS = Set.of(
      "include", "cpp_include", "namespace", "typedef", "struct", "union", "exception", "service",
      "extends", "throws", "enum", "senum", "const", "required", "optional", "oneway", "async", "void",
      "bool", "byte", "i8", "i16", "i32", "i64", "double", "string", "binary", "uuid", "slist", "map",
      "list", "set", "true", "false", "cpp_type", "xsd_all", "xsd_optional", "xsd_nillable", "xsd_attrs");

  /** Pre-0.9 per-language namespace statements, mapped to the scope of {@code namespace <scope>}. */
  private static final Map<String, String> LEGACY_NAMESPACES = Map.ofEntries(
      Map.entry("cpp_namespace", "cpp"), Map.entry("php_namespace", "php"), Map.entry("py_module", "py"),
      Map.entry("perl_package", "perl"), Map.entry("ruby_namespace", "rb"), Map.entry("java_package", "java"),
      Map.entry("cocoa_prefix", "cocoa"), Map.entry("csharp_namespace", "csharp"),
      Map.entry("delphi_namespace", "delphi"), Map.entry("smalltalk_category", "smalltalk.category"),
      Map.entry("smalltalk_prefix", "smalltalk.prefix"), Map.entry("xsd_namespace", "xsd"));

  private static final Set<String> TOP_LEVEL = Set.of(
      "include", "cpp_include", "namespace", "typedef", "struct", "union", "exception", "service", "enum",
      "senum", "const");

  private static final Set<String> TYPE_WORDS = Set.of(
      "bool", "byte", "i8", "i16", "i32", "i64", "double", "string", "binary", "uuid", "slist", "map", "set", "list");

  private static final int MAX_ERRORS = 100;

  private final Lexer lexer;
  private final Path file;
  private final List<IdlError> errors;
  private Token peeked;

  private final List<Ast.Include> includes = new ArrayList<>();
  private final List<String> cppIncludes = new ArrayList<>();
  private final Map<String, String> namespaces = new LinkedHashMap<>();
  private final List<Definition> definitions = new ArrayList<>();

  private Parser(String source, Path file, List<IdlError> errors) {
    this.lexer = new Lexer(source, file, errors);
    this.file = file;
    this.errors = errors;
  }

  /** Parses {@code source}; errors are appended to {@code errors} (the tree is partial if any). */
  public static Ast.Document parse(String source, Path file, List<IdlError> errors) {
    return new Parser(source, file, errors).document();
  }

  /** Thrown to unwind to the top level after a syntax error; carries no stack trace. */
  private static final class SyntaxError extends RuntimeException {
    SyntaxError() {
      super(null, null, false, false);
    }
  }

  private Ast.Document document() {
    while (peek().kind() != Token.Kind.EOF && errors.size() < MAX_ERRORS) {
      Token start = peek();
      try {
        topLevel();
      } catch (SyntaxError e) {
        recover(start);
      }
    }
    return new Ast.Document(file, List.copyOf(includes), List.copyOf(cppIncludes),
        Collections.unmodifiableMap(namespaces), List.copyOf(definitions));
  }

  /** Skips to the next token that can start a header or definition, past {@code start} at least. */
  private void recover(Token start) {
    if (peek() == start) {
      advance();
    }
    while (peek().kind() != Token.Kind.EOF
        && !(peek().kind() == Token.Kind.IDENT && TOP_LEVEL.contains(peek().text()))) {
      advance();
    }
  }

  private void topLevel() {
    Token t = peek();
    if (t.kind() != Token.Kind.IDENT) {
      throw syntax(t, "expected a definition, found " + t.describe());
    }
    String doc = t.doc();
    switch (t.text()) {
      case "include" -> {
        advance();
        includes.add(new Ast.Include(expectLiteral("include path"), null, t.position()));
      }
      case "cpp_include" -> {
        advance();
        cppIncludes.add(expectLiteral("C++ include"));
      }
      case "namespace" -> namespace();
      case "typedef" -> {
        advance();
        Type type = type();
        Token name = name("typedef");
        definitions.add(new Ast.Typedef(name.text(), type, annotations(), doc, t.position()));
      }
      case "const" -> {
        advance();
        Type type = type();
        Token name = name("constant");
        expect('=');
        definitions.add(new Ast.Const(name.text(), type, constValue(), Map.of(), doc, t.position()));
      }
      case "enum" -> enumDefinition(doc);
      case "senum" -> throw syntax(t, "'senum' is no longer supported by Thrift; use an enum or a string");
      case "struct", "union", "exception" -> struct(doc);
      case "service" -> service(doc);
      default -> {
        String scope = LEGACY_NAMESPACES.get(t.text());
        if (scope == null) {
          throw syntax(t, "expected a definition, found " + t.describe());
        }
        advance();
        namespaces.put(scope, namespaceName());
      }
    }
    separator();
  }

  private void namespace() {
    advance();
    Token scope = peek();
    if (!(scope.kind() == Token.Kind.IDENT || scope.is('*'))) {
      throw syntax(scope, "expected a namespace scope (a language name or '*'), found " + scope.describe());
    }
    advance();
    namespaces.put(scope.text(), namespaceName());
    annotations(); // Apache allows namespace annotations; no generator here uses them
  }

  private String namespaceName() {
    if (peeked != null) {
      throw new IllegalStateException("namespace name must be lexed right after the scope");
    }
    Token t = lexer.namespaceName();
    if (t.kind() != Token.Kind.IDENT && t.kind() != Token.Kind.LITERAL) {
      peeked = t;
      throw syntax(t, "expected a namespace name, found " + t.describe());
    }
    return t.text();
  }

  private void enumDefinition(String doc) {
    Position at = advance().position();
    Token name = name("enum");
    expect('{');
    List<Ast.EnumValue> values = new ArrayList<>();
    long next = 0;
    while (!peek().is('}')) {
      Token valueName = name("enum value");
      long value = next;
      if (accept('=')) {
        Token v = peek();
        if (v.kind() != Token.Kind.INT) {
          throw syntax(v, "expected an integer enum value, found " + v.describe());
        }
        advance();
        value = v.intValue();
      }
      if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
        error(valueName.position(), "value of " + name.text() + "." + valueName.text() + " (" + value
            + ") does not fit in 32 bits");
      }
      values.add(new Ast.EnumValue(valueName.text(), (int) value, annotations(), valueName.doc(),
          valueName.position()));
      next = value + 1;
      separator();
    }
    advance();
    definitions.add(new Ast.Enum(name.text(), List.copyOf(values), annotations(), doc, at));
  }

  private void struct(String doc) {
    Token head = advance();
    Ast.StructKind kind = switch (head.text()) {
      case "union" -> Ast.StructKind.UNION;
      case "exception" -> Ast.StructKind.EXCEPTION;
      default -> Ast.StructKind.STRUCT;
    };
    Token name = name(head.text());
    acceptWord("xsd_all");
    expect('{');
    List<Field> fields = fields('}', false);
    definitions.add(new Ast.Struct(kind, name.text(), fields, annotations(), doc, head.position()));
  }

  private void service(String doc) {
    Position at = advance().position();
    Token name = name("service");
    Type.Named parent = null;
    if (acceptWord("extends")) {
      Token p = expectIdent("the name of the extended service");
      parent = new Type.Named(p.text(), Map.of(), p.position());
    }
    expect('{');
    List<Ast.Function> functions = new ArrayList<>();
    while (!peek().is('}')) {
      functions.add(function());
    }
    advance();
    definitions.add(new Ast.Service(name.text(), parent, List.copyOf(functions), annotations(), doc, at));
  }

  private Ast.Function function() {
    Token first = peek();
    boolean oneway = acceptWord("oneway") || acceptWord("async");
    Type returnType = acceptWord("void") ? null : type();
    Token name = name("function");
    expect('(');
    List<Field> params = fields(')', true);
    List<Field> throwsFields = List.of();
    if (acceptWord("throws")) {
      expect('(');
      throwsFields = fields(')', false);
    }
    Map<String, String> annotations = annotations();
    separator();
    return new Ast.Function(name.text(), returnType, oneway, params, throwsFields, annotations, first.doc(),
        first.position());
  }

  /** Fields up to and including {@code close}. Omitted ids count down from -1, as Apache's compiler does. */
  private List<Field> fields(char close, boolean argList) {
    List<Field> fields = new ArrayList<>();
    int autoId = -1;
    while (!peek().is(close)) {
      Token first = peek();
      int id;
      if (first.kind() == Token.Kind.INT) {
        advance();
        expect(':');
        long v = first.intValue();
        if (v < 1 || v > Short.MAX_VALUE) {
          error(first.position(), "field id " + v + " is out of range; ids are 1 to " + Short.MAX_VALUE);
        }
        id = (int) v;
      } else {
        id = autoId--;
      }
      Requiredness req = Requiredness.DEFAULT;
      if (acceptWord("required")) {
        req = Requiredness.REQUIRED;
      } else if (acceptWord("optional")) {
        // Apache ignores 'optional' in argument lists: arguments are always written.
        req = argList ? Requiredness.DEFAULT : Requiredness.OPTIONAL;
      }
      Type type = type();
      accept('&'); // C++ "store by reference" marker; no meaning on the wire
      Token name = expectIdent("a field name");
      if (name.text().indexOf('.') >= 0) {
        error(name.position(), "field name '" + name.text() + "' must not contain '.'");
      }
      ConstValue defaultValue = accept('=') ? constValue() : null;
      acceptWord("xsd_optional");
      acceptWord("xsd_nillable");
      if (acceptWord("xsd_attrs")) {
        expect('{');
        fields('}', false);
      }
      Map<String, String> annotations = annotations();
      separator();
      fields.add(new Field(id, name.text(), req, type, defaultValue, annotations, first.doc(), first.position()));
    }
    advance();
    return List.copyOf(fields);
  }

  private Type type() {
    Token t = peek();
    if (t.kind() != Token.Kind.IDENT || (KEYWORDS.contains(t.text()) && !TYPE_WORDS.contains(t.text()))) {
      // not consumed, so that recovery can restart at a misplaced "struct" and the like
      throw syntax(t, t.isWord("void") ? "'void' is only allowed as a function's return type"
          : "expected a type, found " + t.describe());
    }
    advance();
    return switch (t.text()) {
      case "bool" -> base(Type.BaseKind.BOOL);
      case "byte", "i8" -> base(Type.BaseKind.BYTE);
      case "i16" -> base(Type.BaseKind.I16);
      case "i32" -> base(Type.BaseKind.I32);
      case "i64" -> base(Type.BaseKind.I64);
      case "double" -> base(Type.BaseKind.DOUBLE);
      case "string", "slist" -> base(Type.BaseKind.STRING);
      case "binary" -> base(Type.BaseKind.BINARY);
      case "uuid" -> base(Type.BaseKind.UUID);
      case "map" -> {
        String cppType = cppType();
        expect('<');
        Type key = type();
        expect(',');
        Type value = type();
        expect('>');
        yield new Type.MapOf(key, value, withCppType(cppType, annotations()));
      }
      case "set" -> {
        String cppType = cppType();
        expect('<');
        Type element = type();
        expect('>');
        yield new Type.SetOf(element, withCppType(cppType, annotations()));
      }
      case "list" -> {
        String cppType = cppType();
        expect('<');
        Type element = type();
        expect('>');
        String trailing = cppType(); // deprecated position, still accepted by Apache
        yield new Type.ListOf(element, withCppType(trailing != null ? trailing : cppType, annotations()));
      }
      default -> new Type.Named(t.text(), annotations(), t.position());
    };
  }

  private Type base(Type.BaseKind kind) {
    return new Type.Base(kind, annotations());
  }

  private String cppType() {
    return acceptWord("cpp_type") ? expectLiteral("C++ type") : null;
  }

  /** {@code cpp_type "T"} is kept as the annotation {@code cpp_type = "T"}. */
  private static Map<String, String> withCppType(String cppType, Map<String, String> annotations) {
    if (cppType == null) {
      return annotations;
    }
    Map<String, String> m = new LinkedHashMap<>();
    m.put("cpp_type", cppType);
    m.putAll(annotations);
    return Collections.unmodifiableMap(m);
  }

  /** {@code ( key = "value", flag, ... )}, or none; a key without a value maps to "1". */
  private Map<String, String> annotations() {
    if (!accept('(')) {
      return Map.of();
    }
    Map<String, String> m = new LinkedHashMap<>();
    while (!accept(')')) {
      Token key = expectIdent("an annotation name");
      m.put(key.text(), accept('=') ? expectLiteral("annotation value") : "1");
      separator();
    }
    return Collections.unmodifiableMap(m);
  }

  private ConstValue constValue() {
    Token t = advance();
    Position at = t.position();
    switch (t.kind()) {
      case INT:
        return new ConstValue.Int(t.intValue(), at);
      case DOUBLE:
        return new ConstValue.Double(t.doubleValue(), at);
      case LITERAL:
        return new ConstValue.Str(t.text(), at);
      case IDENT:
        return new ConstValue.Identifier(t.text(), at);
      default:
        break;
    }
    if (t.is('[')) {
      List<ConstValue> values = new ArrayList<>();
      while (!accept(']')) {
        values.add(constValue());
        separator();
      }
      return new ConstValue.ListValue(List.copyOf(values), at);
    }
    if (t.is('{')) {
      List<Map.Entry<ConstValue, ConstValue>> entries = new ArrayList<>();
      while (!accept('}')) {
        ConstValue key = constValue();
        expect(':');
        entries.add(new SimpleImmutableEntry<>(key, constValue()));
        separator();
      }
      return new ConstValue.MapValue(List.copyOf(entries), at);
    }
    throw syntax(t, "expected a constant value, found " + t.describe());
  }

  /** A simple name for a definition, function or enum value: no dots, not a keyword. */
  private Token name(String what) {
    Token t = expectIdent("a name for the " + what);
    if (KEYWORDS.contains(t.text())) {
      error(t.position(), "reserved word '" + t.text() + "' cannot be used as a name");
    } else if (t.text().indexOf('.') >= 0) {
      error(t.position(), what + " name '" + t.text() + "' must not contain '.'");
    }
    return t;
  }

  private void separator() {
    if (!accept(',')) {
      accept(';');
    }
  }

  private Token peek() {
    if (peeked == null) {
      peeked = lexer.next();
    }
    return peeked;
  }

  private Token advance() {
    Token t = peek();
    peeked = null;
    return t;
  }

  private boolean accept(char punct) {
    if (peek().is(punct)) {
      advance();
      return true;
    }
    return false;
  }

  private boolean acceptWord(String word) {
    if (peek().isWord(word)) {
      advance();
      return true;
    }
    return false;
  }

  private void expect(char punct) {
    Token t = peek();
    if (!t.is(punct)) {
      throw syntax(t, "expected '" + punct + "', found " + t.describe());
    }
    advance();
  }

  private Token expectIdent(String what) {
    Token t = peek();
    if (t.kind() != Token.Kind.IDENT) {
      throw syntax(t, "expected " + what + ", found " + t.describe());
    }
    return advance();
  }

  private String expectLiteral(String what) {
    Token t = peek();
    if (t.kind() != Token.Kind.LITERAL) {
      throw syntax(t, "expected a quoted " + what + ", found " + t.describe());
    }
    return advance().text();
  }

  private SyntaxError syntax(Token at, String message) {
    error(at.position(), message);
    return new SyntaxError();
  }

  private void error(Position at, String message) {
    errors.add(new IdlError(at, message));
  }
}
