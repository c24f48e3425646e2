package dev.tern.codegen.internal;

import dev.tern.codegen.CodegenException;
import dev.tern.idl.Ast;
import dev.tern.idl.Ast.Document;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The generator's view of a linked program: resolved field types, Java packages and the names of
 * every top-level class each package will hold.
 */
final class Model {
  final Ast.Program program;
  private final Map<Document, String> packages = new HashMap<>();
  private final Map<String, Set<String>> typesByPackage = new HashMap<>();

  Model(Ast.Program program) {
    this.program = program;
    for (Document doc : program.documents()) {
      String pkg = Names.javaPackage(doc);
      packages.put(doc, pkg);
      Set<String> names = typesByPackage.computeIfAbsent(pkg, k -> new HashSet<>());
      boolean hasConst = false;
      for (Ast.Definition d : doc.definitions()) {
        switch (d) {
          case Ast.Typedef t -> { }
          case Ast.Const c -> hasConst = true;
          default -> names.add(Names.identifier(d.name()));
        }
      }
      if (hasConst) {
        names.add(Names.constantsClass(doc));
      }
    }
  }

  String javaPackage(Document doc) {
    return packages.computeIfAbsent(doc, Names::javaPackage);
  }

  /** Top-level classes generated into {@code pkg} from any document of the program. */
  Set<String> packageTypes(String pkg) {
    return typesByPackage.getOrDefault(pkg, Set.of());
  }

  /** Resolves {@code type}, written in {@code context}, to the type the generator works with. */
  JType type(Document context, Ast.Type type) {
    Ast.TypeInContext unwrapped = program.unwrap(context, type);
    Document doc = unwrapped.document();
    return switch (unwrapped.type()) {
      case Ast.Type.Base b -> new JType.Base(b.kind());
      case Ast.Type.ListOf l -> new JType.ListOf(type(doc, l.element()));
      case Ast.Type.SetOf s -> new JType.SetOf(type(doc, s.element()));
      case Ast.Type.MapOf m -> new JType.MapOf(type(doc, m.key()), type(doc, m.value()));
      case Ast.Type.Named n -> named(doc, n);
    };
  }

  private JType named(Document context, Ast.Type.Named ref) {
    Ast.Resolved r = program.resolve(context, ref);
    String pkg = javaPackage(r.document());
    return switch (r.definition()) {
      case Ast.Enum e -> new JType.EnumRef(pkg, Names.identifier(e.name()), e, r.document());
      case Ast.Struct s -> new JType.StructRef(pkg, Names.identifier(s.name()), s, r.document());
      default -> throw new CodegenException(ref.position(), "'" + ref.name() + "' is not a type");
    };
  }

  /** The service a {@code extends} clause names. */
  Service service(Document context, Ast.Type.Named ref) {
    Ast.Resolved r = program.resolve(context, ref);
    if (!(r.definition() instanceof Ast.Service s)) {
      throw new CodegenException(ref.position(), "'" + ref.name() + "' is not a service");
    }
    return new Service(s, r.document(), javaPackage(r.document()));
  }

  /** A service with where it lives. */
  record Service(Ast.Service definition, Document document, String pkg) {
    String className() {
      return Names.identifier(definition.name());
    }
  }

  /** The fields of a struct-like type with their Java names and resolved types. */
  List<FieldModel> fields(Document context, String owner, List<Ast.Field> fields) {
    List<FieldModel> out = new ArrayList<>(fields.size());
    Map<String, Ast.Field> javaNames = new LinkedHashMap<>();
    Set<Integer> ids = new HashSet<>();
    for (Ast.Field f : fields) {
      String javaName = Names.member(f.name());
      Ast.Field clash = javaNames.putIfAbsent(javaName, f);
      if (clash != null) {
        throw new CodegenException(f.position(),
            owner + ": field '" + f.name() + "' has the same Java name as '" + clash.name() + "'");
      }
      if (!ids.add(f.id())) {
        throw new CodegenException(f.position(), owner + ": duplicate field id " + f.id());
      }
      out.add(new FieldModel(f, javaName, type(context, f.type()), context));
    }
    // Presence methods (hasCount) share the method namespace with accessors (a field "hasCount").
    for (FieldModel f : out) {
      if (f.tracksPresence() && javaNames.containsKey(f.hasName())) {
        throw new CodegenException(f.field().position(), owner + ": the presence method "
            + f.hasName() + "() of field '" + f.field().name() + "' clashes with a field of that name");
      }
    }
    return out;
  }

  /** A field as the emitters see it. */
  record FieldModel(Ast.Field field, String javaName, JType type, Document context) {
    Ast.Requiredness requiredness() {
      return field.requiredness();
    }

    boolean isRequired() {
      return field.requiredness() == Ast.Requiredness.REQUIRED;
    }

    boolean isOptional() {
      return field.requiredness() == Ast.Requiredness.OPTIONAL;
    }

    /** Optional primitives carry an isset flag; everything else uses the value itself. */
    boolean hasIsset() {
      return isOptional() && type.isPrimitive();
    }

    /** Whether the class offers {@code hasX()}: optional fields and non-primitive default ones. */
    boolean hasPresence() {
      return isOptional() || (field.requiredness() == Ast.Requiredness.DEFAULT && !type.isPrimitive());
    }

    /** Whether a {@code hasX} flag or method exists anywhere for this field. */
    boolean tracksPresence() {
      return hasPresence() || (isRequired() && type.isPrimitive());
    }

    /** {@code hasCount} for field {@code count}; {@code hasClass} for {@code class}. */
    String hasName() {
      return Names.has(field.name());
    }

    /** {@code clearCount} for field {@code count}. */
    String clearName() {
      return Names.clear(field.name());
    }

    short id() {
      return (short) field.id();
    }
  }
}
