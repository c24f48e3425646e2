package dev.tern.codegen.internal;

import dev.tern.idl.Ast;
import dev.tern.idl.Ast.Type.BaseKind;

/**
 * An IDL type with typedefs followed and names resolved: what the emitters switch on. Named
 * types carry their Java package and class name and the definition they come from.
 */
sealed interface JType {

  /** The {@code TType} constant name for this type on the wire, e.g. {@code "STRING"}. */
  String ttype();

  /** A short spelling used to name per-type helper methods: {@code ListString}, {@code MapI32Foo}. */
  String signature();

  /** The IDL spelling, for messages. */
  String idl();

  /** Java primitives: bool, byte, i16, i32, i64, double. */
  default boolean isPrimitive() {
    return this instanceof Base b && b.kind() != BaseKind.STRING && b.kind() != BaseKind.BINARY
        && b.kind() != BaseKind.UUID;
  }

  default boolean isBinary() {
    return this instanceof Base b && b.kind() == BaseKind.BINARY;
  }

  default boolean isContainer() {
    return this instanceof ListOf || this instanceof SetOf || this instanceof MapOf;
  }

  record Base(BaseKind kind) implements JType {
    @Override
    public String ttype() {
      return switch (kind) {
        case BOOL -> "BOOL";
        case BYTE -> "BYTE";
        case I16 -> "I16";
        case I32 -> "I32";
        case I64 -> "I64";
        case DOUBLE -> "DOUBLE";
        case STRING, BINARY -> "STRING";
        case UUID -> "UUID";
      };
    }

    @Override
    public String signature() {
      return switch (kind) {
        case BOOL -> "Bool";
        case BYTE -> "Byte";
        case I16 -> "I16";
        case I32 -> "I32";
        case I64 -> "I64";
        case DOUBLE -> "Double";
        case STRING -> "String";
        case BINARY -> "Binary";
        case UUID -> "Uuid";
      };
    }

    @Override
    public String idl() {
      return kind.name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** An enum, struct, union or exception, generated as {@code pkg.name}. */
  sealed interface Named extends JType permits EnumRef, StructRef {
    String pkg();

    String name();

    Ast.Document document();

    @Override
    default String signature() {
      return name();
    }

    @Override
    default String idl() {
      return name();
    }
  }

  record EnumRef(String pkg, String name, Ast.Enum definition, Ast.Document document) implements Named {
    @Override
    public String ttype() {
      return "I32";
    }
  }

  record StructRef(String pkg, String name, Ast.Struct definition, Ast.Document document) implements Named {
    @Override
    public String ttype() {
      return "STRUCT";
    }

    boolean isUnion() {
      return definition.kind() == Ast.StructKind.UNION;
    }
  }

  record ListOf(JType element) implements JType {
    @Override
    public String ttype() {
      return "LIST";
    }

    @Override
    public String signature() {
      return "List" + element.signature();
    }

    @Override
    public String idl() {
      return "list<" + element.idl() + ">";
    }
  }

  record SetOf(JType element) implements JType {
    @Override
    public String ttype() {
      return "SET";
    }

    @Override
    public String signature() {
      return "Set" + element.signature();
    }

    @Override
    public String idl() {
      return "set<" + element.idl() + ">";
    }
  }

  record MapOf(JType key, JType value) implements JType {
    @Override
    public String ttype() {
      return "MAP";
    }

    @Override
    public String signature() {
      return "Map" + key.signature() + value.signature();
    }

    @Override
    public String idl() {
      return "map<" + key.idl() + ", " + value.idl() + ">";
    }
  }
}
