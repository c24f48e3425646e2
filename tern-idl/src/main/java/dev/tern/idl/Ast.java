package dev.tern.idl;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The Thrift IDL syntax tree. Immutable records; the parser builds one {@link Document} per file,
 * and {@link IdlLoader} links a main document with its includes into a {@link Program} in which
 * every {@link Type.Named} reference and identifier constant is resolved.
 *
 * <p>Annotations ({@code (key = "value", ...)}) are kept everywhere the grammar allows them, in
 * source order; a key without a value maps to {@code "1"}, as Apache Thrift's compiler does.
 */
public final class Ast {
  private Ast() {}

  /** Where something was written, for error messages: {@code file:line:col}. */
  public record Position(Path file, int line, int column) {
    @Override
    public String toString() {
      return (file == null ? "<input>" : file.toString()) + ":" + line + ":" + column;
    }
  }

  /** One parsed .thrift file. */
  public record Document(
      Path file,
      List<Include> includes,
      List<String> cppIncludes,
      Map<String, String> namespaces, // scope ("java", "go", "*", ...) -> name
      List<Definition> definitions) {

    /** The include prefix other files use to refer to this one: the file name without ".thrift". */
    public String prefix() {
      String n = file.getFileName().toString();
      return n.endsWith(".thrift") ? n.substring(0, n.length() - ".thrift".length()) : n;
    }

    /** The namespace for {@code scope}, falling back to the {@code *} namespace; null if none. */
    public String namespace(String scope) {
      String ns = namespaces.get(scope);
      return ns != null ? ns : namespaces.get("*");
    }
  }

  /** {@code include "path"}; {@code resolved} is the absolute path found on the include path. */
  public record Include(String path, Path resolved, Position position) {}

  /** A top-level definition. */
  public sealed interface Definition permits Typedef, Enum, Const, Struct, Service {
    String name();

    Position position();

    Map<String, String> annotations();

    /** The doc comment written before it ({@code /** ... * /} or {@code ///}), or null. */
    String doc();
  }

  public record Typedef(String name, Type type, Map<String, String> annotations, String doc, Position position)
      implements Definition {}

  public record Enum(String name, List<EnumValue> values, Map<String, String> annotations, String doc,
      Position position) implements Definition {}

  /** An enum constant; {@code value} is explicit or implicit (previous + 1, starting at 0). */
  public record EnumValue(String name, int value, Map<String, String> annotations, String doc, Position position) {}

  public record Const(String name, Type type, ConstValue value, Map<String, String> annotations, String doc,
      Position position) implements Definition {}

  /** Kinds of struct-like definitions. */
  public enum StructKind { STRUCT, UNION, EXCEPTION }

  public record Struct(StructKind kind, String name, List<Field> fields, Map<String, String> annotations,
      String doc, Position position) implements Definition {}

  /** Field requiredness; DEFAULT is "neither required nor optional" (Thrift's default requiredness). */
  public enum Requiredness { REQUIRED, OPTIONAL, DEFAULT }

  /**
   * A struct field, function parameter or throws clause entry. {@code id} is explicit or, when
   * omitted in the source, negative auto-assigned as Apache Thrift does (-1, -2, ...).
   */
  public record Field(int id, String name, Requiredness requiredness, Type type, ConstValue defaultValue,
      Map<String, String> annotations, String doc, Position position) {}

  public record Service(String name, Type.Named extendsService, List<Function> functions,
      Map<String, String> annotations, String doc, Position position) implements Definition {}

  /** A service function; {@code returnType} is null for {@code void}. */
  public record Function(String name, Type returnType, boolean oneway, List<Field> params, List<Field> throwsFields,
      Map<String, String> annotations, String doc, Position position) {}

  /** A field type. */
  public sealed interface Type permits Type.Base, Type.ListOf, Type.SetOf, Type.MapOf, Type.Named {

    Map<String, String> annotations();

    /** Base types. BINARY is {@code binary}; UUID is Thrift 0.19's {@code uuid}. */
    enum BaseKind { BOOL, BYTE, I16, I32, I64, DOUBLE, STRING, BINARY, UUID }

    record Base(BaseKind kind, Map<String, String> annotations) implements Type {}

    record ListOf(Type element, Map<String, String> annotations) implements Type {}

    record SetOf(Type element, Map<String, String> annotations) implements Type {}

    record MapOf(Type key, Type value, Map<String, String> annotations) implements Type {}

    /**
     * A reference by name to a typedef, enum, struct, union, exception or service, possibly
     * qualified by an include prefix ({@code shared.SharedStruct}). Resolve it with
     * {@link Program#resolve(Document, Type.Named)}; the tree itself holds no back-references so
     * that recursive structs stay acyclic records.
     */
    record Named(String name, Map<String, String> annotations, Position position) implements Type {}
  }

  /** A constant value as written; linking checks it against the declared type. */
  public sealed interface ConstValue permits ConstValue.Int, ConstValue.Double, ConstValue.Str,
      ConstValue.ListValue, ConstValue.MapValue, ConstValue.Identifier {

    Position position();

    record Int(long value, Position position) implements ConstValue {}

    record Double(double value, Position position) implements ConstValue {}

    record Str(String value, Position position) implements ConstValue {}

    record ListValue(List<ConstValue> values, Position position) implements ConstValue {}

    record MapValue(List<Map.Entry<ConstValue, ConstValue>> entries, Position position) implements ConstValue {}

    /**
     * A reference to another constant or an enum value ({@code MyEnum.VALUE},
     * {@code inc.SOME_CONST}), or {@code true}/{@code false}. Resolve it with
     * {@link Program#resolveConst(Document, ConstValue.Identifier)}.
     */
    record Identifier(String name, Position position) implements ConstValue {}
  }

  /** What a {@link Type.Named} refers to: the definition and the document that holds it. */
  public record Resolved(Definition definition, Document document) {}

  /**
   * A main document linked with everything it includes, transitively, after semantic checks.
   * Implemented by the loader; lookups never fail on a checked program.
   */
  public interface Program {
    Document main();

    /** The main document and every document it includes, transitively, each once. */
    List<Document> documents();

    /** The definition a name refers to, seen from {@code context} (the document it is written in). */
    Resolved resolve(Document context, Type.Named ref);

    /**
     * Follows typedefs from {@code type} (written in {@code context}) to a base, container,
     * enum, struct, union, exception type; returns the type and the document it lives in.
     */
    TypeInContext unwrap(Document context, Type type);

    /**
     * The value an identifier constant stands for: an Int for an enum value or true/false, or the
     * (recursively resolved) value of the referenced constant.
     */
    ConstValue resolveConst(Document context, ConstValue.Identifier ref);
  }

  /** A type together with the document it is written in (for resolving names inside it). */
  public record TypeInContext(Type type, Document document) {}
}
