package dev.tern.idl;

import dev.tern.idl.Ast.Field;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Renders definitions as one line each, with names, ids, requiredness and types but no docs,
 * annotations or positions: what must stay identical for two IDL files to be wire compatible.
 */
final class Signatures {
  private Signatures() {}

  static List<String> of(Ast.Document doc) {
    return doc.definitions().stream().map(Signatures::of).toList();
  }

  static String of(Ast.Definition d) {
    return switch (d) {
      case Ast.Typedef t -> "typedef " + type(t.type()) + " " + t.name();
      case Ast.Enum e -> "enum " + e.name() + " {" + e.values().stream().map(v -> v.name() + "=" + v.value())
          .collect(Collectors.joining(", ")) + "}";
      case Ast.Const c -> "const " + type(c.type()) + " " + c.name();
      case Ast.Struct s -> s.kind().name().toLowerCase() + " " + s.name() + " {" + fields(s.fields()) + "}";
      case Ast.Service s -> "service " + s.name() + (s.extendsService() == null ? "" : " extends "
          + s.extendsService().name()) + " {" + s.functions().stream().map(Signatures::of)
          .collect(Collectors.joining("; ")) + "}";
    };
  }

  static String of(Ast.Function f) {
    return (f.oneway() ? "oneway " : "") + (f.returnType() == null ? "void" : type(f.returnType())) + " " + f.name()
        + "(" + fields(f.params()) + ")" + (f.throwsFields().isEmpty() ? "" : " throws (" + fields(f.throwsFields())
        + ")");
  }

  private static String fields(List<Field> fields) {
    return fields.stream().map(f -> f.id() + ":" + switch (f.requiredness()) {
      case REQUIRED -> "required ";
      case OPTIONAL -> "optional ";
      case DEFAULT -> "";
    } + type(f.type()) + " " + f.name()).collect(Collectors.joining(", "));
  }

  static String type(Ast.Type t) {
    return switch (t) {
      case Ast.Type.Base b -> b.kind().name().toLowerCase();
      case Ast.Type.ListOf l -> "list<" + type(l.element()) + ">";
      case Ast.Type.SetOf s -> "set<" + type(s.element()) + ">";
      case Ast.Type.MapOf m -> "map<" + type(m.key()) + "," + type(m.value()) + ">";
      case Ast.Type.Named n -> n.name();
    };
  }
}
