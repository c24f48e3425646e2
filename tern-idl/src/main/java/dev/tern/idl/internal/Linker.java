package dev.tern.idl.internal;

import dev.tern.idl.Ast;
import dev.tern.idl.Ast.ConstValue;
import dev.tern.idl.Ast.Definition;
import dev.tern.idl.Ast.Document;
import dev.tern.idl.Ast.Field;
import dev.tern.idl.Ast.Position;
import dev.tern.idl.Ast.Resolved;
import dev.tern.idl.Ast.Type;
import dev.tern.idl.Ast.TypeInContext;
import dev.tern.idl.IdlError;
import java.nio.file.Path;
import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Builds the name tables of parsed documents and runs the semantic checks: every name resolves,
 * no duplicates, no cycles, constants fit their types, throws lists hold exceptions, oneway
 * functions are void. Reports every problem it finds, each at the position it concerns.
 */
public final class Linker {
  private static final Pattern UUID = Pattern.compile(
      "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

  private final List<IdlError> errors;
  private LinkedProgram program;
  private final Set<Object> reportedCycles = Collections.newSetFromMap(new IdentityHashMap<>());
  private final Set<Ast.Const> constsInProgress = Collections.newSetFromMap(new IdentityHashMap<>());
  /**
   * Values Apache Thrift accepts in a form that does not resolve on its own, mapped to their
   * canonical form: an enum value named with a wrong or missing enum prefix ({@code OtherEnum.V},
   * {@code include.V}) becomes its Int, {@code {}} for an empty list or set becomes {@code []}, and
   * a uuid in braces loses them.
   * Only filled while checking a value against its own declared type ({@link #recording}).
   */
  private final Map<ConstValue, ConstValue> replacements = new IdentityHashMap<>();
  private boolean recording = true;

  private Linker(List<IdlError> errors) {
    this.errors = errors;
  }

  /**
   * Links {@code documents} (the main one first; includes already resolved) and checks them.
   * Problems are appended to {@code errors}; the program is only meaningful if none were added.
   */
  public static LinkedProgram link(List<Document> documents, List<IdlError> errors) {
    return new Linker(errors).run(documents);
  }

  private LinkedProgram run(List<Document> documents) {
    program = build(documents, errors);
    for (Document d : documents) {
      LinkedProgram.Scope s = program.scope(d);
      for (Definition def : d.definitions()) {
        switch (def) {
          case Ast.Typedef td -> {
            if (checkType(s, td.type())) {
              checkTypedefCycle(s, td);
            }
          }
          case Ast.Enum e -> checkEnum(e);
          case Ast.Const c -> {
            if (checkType(s, c.type())) {
              constsInProgress.add(c);
              checkValue(s, c.type(), s, c.value(), errors);
              constsInProgress.remove(c);
            }
          }
          case Ast.Struct st -> checkFields(s, st.fields(), kindName(st.kind()) + " " + st.name());
          case Ast.Service svc -> checkService(s, svc);
        }
      }
    }
    if (replacements.isEmpty() || !errors.isEmpty()) {
      return program;
    }
    // Scopes hold definitions, so they are rebuilt over the rewritten documents.
    return build(documents.stream().map(this::rewrite).toList(), new ArrayList<>());
  }

  private LinkedProgram build(List<Document> documents, List<IdlError> sink) {
    Map<Path, Document> byFile = new HashMap<>();
    for (Document d : documents) {
      byFile.put(d.file(), d);
    }
    Map<Path, LinkedProgram.Scope> scopes = new HashMap<>();
    for (Document d : documents) {
      scopes.put(d.file(), scope(d, byFile, sink));
    }
    return new LinkedProgram(documents, scopes);
  }

  private LinkedProgram.Scope scope(Document d, Map<Path, Document> byFile, List<IdlError> sink) {
    Map<String, Document> includes = new HashMap<>();
    for (Ast.Include inc : d.includes()) {
      Document target = inc.resolved() == null ? null : byFile.get(inc.resolved());
      if (target == null) {
        continue; // not found: already reported by the loader
      }
      Document previous = includes.putIfAbsent(target.prefix(), target);
      if (previous != null && previous != target) {
        sink.add(new IdlError(inc.position(), "include prefix '" + target.prefix() + "' is ambiguous: both "
            + previous.file() + " and " + target.file() + " are included"));
      }
    }
    Map<String, Definition> types = new HashMap<>();
    Map<String, Ast.Const> consts = new HashMap<>();
    for (Definition def : d.definitions()) {
      Definition previous = def instanceof Ast.Const c ? consts.putIfAbsent(c.name(), c)
          : types.putIfAbsent(def.name(), def);
      if (previous != null) {
        sink.add(new IdlError(def.position(), "'" + def.name() + "' is already defined at " + previous.position()));
      }
    }
    return new LinkedProgram.Scope(d, includes, types, consts);
  }

  // ---- types

  /** Reports names in {@code type} that do not resolve to a type; true if all do. */
  private boolean checkType(LinkedProgram.Scope s, Type type) {
    return switch (type) {
      case Type.Base b -> true;
      case Type.ListOf l -> checkType(s, l.element());
      case Type.SetOf st -> checkType(s, st.element());
      case Type.MapOf m -> checkType(s, m.key()) & checkType(s, m.value());
      case Type.Named n -> {
        Resolved r = program.findType(s, n.name());
        if (r == null) {
          error(n.position(), unknownName(s, n.name(), "type"));
          yield false;
        }
        if (r.definition() instanceof Ast.Service) {
          error(n.position(), "'" + n.name() + "' is a service, not a type");
          yield false;
        }
        yield true;
      }
    };
  }

  private String unknownName(LinkedProgram.Scope s, String name, String what) {
    int dot = name.lastIndexOf('.');
    if (dot > 0 && !s.includes().containsKey(name.substring(0, dot))) {
      String prefix = name.substring(0, dot);
      return "unknown include prefix '" + prefix + "' in '" + name + "' (no include of " + prefix + ".thrift)";
    }
    return "unknown " + what + " '" + name + "'";
  }

  /** A typedef that reaches itself through typedefs or containers can never be expanded. */
  private void checkTypedefCycle(LinkedProgram.Scope s, Ast.Typedef td) {
    if (reportedCycles.contains(td)) {
      return;
    }
    Deque<Ast.Typedef> path = new ArrayDeque<>();
    path.add(td);
    if (reaches(td, s, td.type(), path, Collections.newSetFromMap(new IdentityHashMap<>()))) {
      reportedCycles.addAll(path);
      error(td.position(), "typedef cycle: " + path.stream().map(Ast.Typedef::name).collect(Collectors.joining(" -> "))
          + " -> " + td.name());
    }
  }

  private boolean reaches(Ast.Typedef target, LinkedProgram.Scope s, Type type, Deque<Ast.Typedef> path,
      Set<Ast.Typedef> visited) {
    return switch (type) {
      case Type.Base b -> false;
      case Type.ListOf l -> reaches(target, s, l.element(), path, visited);
      case Type.SetOf st -> reaches(target, s, st.element(), path, visited);
      case Type.MapOf m -> reaches(target, s, m.key(), path, visited) || reaches(target, s, m.value(), path, visited);
      case Type.Named n -> {
        Resolved r = program.findType(s, n.name());
        if (r == null || !(r.definition() instanceof Ast.Typedef next)) {
          yield false;
        }
        if (next == target) {
          yield true;
        }
        if (!visited.add(next)) {
          yield false;
        }
        path.addLast(next);
        if (reaches(target, program.scope(r.document()), next.type(), path, visited)) {
          yield true;
        }
        path.removeLast();
        yield false;
      }
    };
  }

  // ---- enums, structs, services

  private void checkEnum(Ast.Enum e) {
    Map<String, Ast.EnumValue> names = new HashMap<>();
    for (Ast.EnumValue v : e.values()) {
      Ast.EnumValue previous = names.putIfAbsent(v.name(), v);
      if (previous != null) {
        error(v.position(), "duplicate value '" + v.name() + "' in enum " + e.name() + " (first at "
            + previous.position() + ")");
      }
    }
  }

  private void checkFields(LinkedProgram.Scope s, List<Field> fields, String owner) {
    Map<Integer, Field> ids = new HashMap<>();
    Map<String, Field> names = new HashMap<>();
    for (Field f : fields) {
      Field sameId = ids.putIfAbsent(f.id(), f);
      if (sameId != null) {
        error(f.position(), "duplicate field id " + f.id() + " in " + owner + " (also used by '" + sameId.name()
            + "' at " + sameId.position() + ")");
      }
      Field sameName = names.putIfAbsent(f.name(), f);
      if (sameName != null) {
        error(f.position(), "duplicate field name '" + f.name() + "' in " + owner + " (first at "
            + sameName.position() + ")");
      }
      if (checkType(s, f.type()) && f.defaultValue() != null) {
        checkValue(s, f.type(), s, f.defaultValue(), errors);
      }
    }
  }

  private void checkService(LinkedProgram.Scope s, Ast.Service svc) {
    Map<String, String> inherited = inheritedFunctions(s, svc);
    Map<String, Ast.Function> own = new HashMap<>();
    for (Ast.Function f : svc.functions()) {
      Ast.Function previous = own.putIfAbsent(f.name(), f);
      if (previous != null) {
        error(f.position(), "duplicate function '" + f.name() + "' in service " + svc.name() + " (first at "
            + previous.position() + ")");
      } else if (inherited.containsKey(f.name())) {
        error(f.position(), "function '" + f.name() + "' is already defined in inherited service "
            + inherited.get(f.name()));
      }
      if (f.returnType() != null) {
        checkType(s, f.returnType());
      }
      String where = "function " + svc.name() + "." + f.name();
      checkFields(s, f.params(), "the arguments of " + where);
      checkFields(s, f.throwsFields(), "the throws clause of " + where);
      for (Field t : f.throwsFields()) {
        TypeInContext u = program.findUnwrapped(s.document(), t.type());
        if (u != null && !isException(u)) {
          error(t.position(), "'" + t.name() + "' in the throws clause of " + where + " has type "
              + describe(t.type()) + ", which is not an exception");
        }
      }
      if (f.oneway() && f.returnType() != null) {
        error(f.position(), "oneway function '" + f.name() + "' must return void");
      }
      if (f.oneway() && !f.throwsFields().isEmpty()) {
        error(f.position(), "oneway function '" + f.name() + "' cannot declare exceptions");
      }
    }
  }

  private boolean isException(TypeInContext t) {
    return t.type() instanceof Type.Named n
        && program.findType(program.scope(t.document()), n.name()).definition() instanceof Ast.Struct st
        && st.kind() == Ast.StructKind.EXCEPTION;
  }

  /** Function name to the name of the ancestor that defines it; checks the extends chain. */
  private Map<String, String> inheritedFunctions(LinkedProgram.Scope s, Ast.Service svc) {
    Map<String, String> inherited = new HashMap<>();
    List<Ast.Service> chain = new ArrayList<>(List.of(svc));
    Set<Ast.Service> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    seen.add(svc);
    LinkedProgram.Scope scope = s;
    Ast.Service current = svc;
    while (current.extendsService() != null) {
      Type.Named parentRef = current.extendsService();
      Resolved r = program.findType(scope, parentRef.name());
      if (r == null || !(r.definition() instanceof Ast.Service parent)) {
        if (current == svc) { // report a bad parent once, at the service that names it
          error(parentRef.position(), r == null ? unknownName(scope, parentRef.name(), "service")
              : "'" + parentRef.name() + "' is not a service; a service can only extend a service");
        }
        break;
      }
      chain.add(parent);
      if (!seen.add(parent)) {
        if (parent == svc && chain.stream().noneMatch(reportedCycles::contains)) {
          reportedCycles.addAll(chain);
          error(svc.position(), "service inheritance cycle: "
              + chain.stream().map(Ast.Service::name).collect(Collectors.joining(" -> ")));
        }
        break;
      }
      for (Ast.Function f : parent.functions()) {
        inherited.putIfAbsent(f.name(), parentRef.name());
      }
      scope = program.scope(r.document());
      current = parent;
    }
    return inherited;
  }

  // ---- constant values

  /**
   * Checks that {@code value} (written in {@code valueScope}) is a valid {@code type} (written in
   * {@code typeScope}); problems go to {@code sink}.
   */
  private void checkValue(LinkedProgram.Scope typeScope, Type type, LinkedProgram.Scope valueScope,
      ConstValue value, List<IdlError> sink) {
    TypeInContext u = program.findUnwrapped(typeScope.document(), type);
    if (u == null) {
      return; // unresolvable or cyclic type: reported where it is declared
    }
    Type t = u.type();
    LinkedProgram.Scope ts = program.scope(u.document());
    if (value instanceof ConstValue.Identifier id) {
      checkIdentifier(ts, t, valueScope, id, sink);
      return;
    }
    switch (t) {
      case Type.Base b -> checkBase(b.kind(), value, sink);
      case Type.ListOf l -> checkElements(ts, l.element(), valueScope, value, "list", sink);
      case Type.SetOf st -> checkElements(ts, st.element(), valueScope, value, "set", sink);
      case Type.MapOf m -> {
        if (value instanceof ConstValue.ListValue l && l.values().isEmpty()) {
          replace(value, new ConstValue.MapValue(List.of(), value.position()));
          return;
        }
        if (!(value instanceof ConstValue.MapValue map)) {
          mismatch(sink, value, describe(t) + " (a {key: value} map)");
          return;
        }
        for (Map.Entry<ConstValue, ConstValue> e : map.entries()) {
          checkValue(ts, m.key(), valueScope, e.getKey(), sink);
          checkValue(ts, m.value(), valueScope, e.getValue(), sink);
        }
      }
      case Type.Named n -> {
        Resolved r = program.findType(ts, n.name());
        switch (r.definition()) {
          case Ast.Enum e -> {
            if (!(value instanceof ConstValue.Int i)) {
              mismatch(sink, value, "a value of enum " + e.name());
            } else if (e.values().stream().noneMatch(v -> v.value() == i.value())) {
              sink.add(new IdlError(value.position(), i.value() + " is not a value of enum " + e.name()));
            }
          }
          case Ast.Struct st -> checkStructLiteral(program.scope(r.document()), st, valueScope, value, sink);
          default -> mismatch(sink, value, describe(t));
        }
      }
    }
  }

  private void checkElements(LinkedProgram.Scope ts, Type element, LinkedProgram.Scope valueScope, ConstValue value,
      String kind, List<IdlError> sink) {
    if (value instanceof ConstValue.MapValue m && m.entries().isEmpty()) {
      replace(value, new ConstValue.ListValue(List.of(), value.position()));
      return;
    }
    if (!(value instanceof ConstValue.ListValue list)) {
      mismatch(sink, value, kind + "<" + describe(element) + "> (a [...] list)");
      return;
    }
    for (ConstValue v : list.values()) {
      checkValue(ts, element, valueScope, v, sink);
    }
  }

  private void checkStructLiteral(LinkedProgram.Scope structScope, Ast.Struct st, LinkedProgram.Scope valueScope,
      ConstValue value, List<IdlError> sink) {
    if (!(value instanceof ConstValue.MapValue map)) {
      mismatch(sink, value, kindName(st.kind()) + " " + st.name() + " (a {\"field\": value} map)");
      return;
    }
    for (Map.Entry<ConstValue, ConstValue> e : map.entries()) {
      if (!(e.getKey() instanceof ConstValue.Str key)) {
        sink.add(new IdlError(e.getKey().position(), "field names in a " + kindName(st.kind())
            + " constant must be quoted strings"));
        continue;
      }
      Field field = st.fields().stream().filter(f -> f.name().equals(key.value())).findFirst().orElse(null);
      if (field == null) {
        sink.add(new IdlError(key.position(), kindName(st.kind()) + " " + st.name() + " has no field '"
            + key.value() + "'"));
      } else {
        checkValue(structScope, field.type(), valueScope, e.getValue(), sink);
      }
    }
  }

  private void checkBase(Type.BaseKind kind, ConstValue value, List<IdlError> sink) {
    String name = baseName(kind);
    switch (kind) {
      case BOOL -> {
        if (!(value instanceof ConstValue.Int i && (i.value() == 0 || i.value() == 1))) {
          mismatch(sink, value, "bool (true, false, 0 or 1)");
        }
      }
      case BYTE, I16, I32, I64 -> {
        if (!(value instanceof ConstValue.Int i)) {
          mismatch(sink, value, name);
        } else if (!fits(kind, i.value())) {
          sink.add(new IdlError(value.position(), "value " + i.value() + " is out of range for " + name));
        }
      }
      case DOUBLE -> {
        if (!(value instanceof ConstValue.Int || value instanceof ConstValue.Double)) {
          mismatch(sink, value, name);
        }
      }
      case STRING, BINARY -> {
        if (!(value instanceof ConstValue.Str)) {
          mismatch(sink, value, name);
        }
      }
      case UUID -> {
        if (!(value instanceof ConstValue.Str s)) {
          mismatch(sink, value, "uuid (a quoted string)");
          return;
        }
        // Apache accepts the canonical form, optionally in braces; the braces are dropped.
        String v = s.value();
        boolean braced = v.length() == 38 && v.startsWith("{") && v.endsWith("}");
        if (!UUID.matcher(braced ? v.substring(1, 37) : v).matches()) {
          sink.add(new IdlError(value.position(), "\"" + v + "\" is not a valid uuid"));
        } else if (braced) {
          replace(value, new ConstValue.Str(v.substring(1, 37), s.position()));
        }
      }
    }
  }

  private static boolean fits(Type.BaseKind kind, long v) {
    return switch (kind) {
      case BYTE -> v >= Byte.MIN_VALUE && v <= Byte.MAX_VALUE;
      case I16 -> v >= Short.MIN_VALUE && v <= Short.MAX_VALUE;
      case I32 -> v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE;
      default -> true;
    };
  }

  /** An identifier value: a boolean, an enum value or another constant. */
  private void checkIdentifier(LinkedProgram.Scope ts, Type t, LinkedProgram.Scope valueScope,
      ConstValue.Identifier id, List<IdlError> sink) {
    Position at = id.position();
    LinkedProgram.ConstRef ref = program.findConst(valueScope, id.name());
    if (ref == null && t instanceof Type.Named n && program.findType(ts, n.name()).definition() instanceof Ast.Enum e) {
      enumValueByLastName(e, id, sink, unknownConst(valueScope, id.name()));
      return;
    }
    switch (ref) {
      case null -> sink.add(new IdlError(at, unknownConst(valueScope, id.name())));
      case LinkedProgram.BoolRef b -> {
        if (!(t instanceof Type.Base base && base.kind() == Type.BaseKind.BOOL)) {
          sink.add(new IdlError(at, "expected " + describe(t) + ", found boolean " + id.name()));
        }
      }
      case LinkedProgram.EnumValueRef ev -> {
        if (!(t instanceof Type.Named n && program.findType(ts, n.name()).definition() instanceof Ast.Enum e)) {
          // Enum values are i32 constants, usable where an integer is expected.
          checkValue(ts, t, valueScope, new ConstValue.Int(ev.value().value(), at), sink);
        } else if (e != ev.enumDef()) {
          enumValueByLastName(e, id, sink, "'" + id.name() + "' is a value of enum " + ev.enumDef().name()
              + ", not of " + e.name());
        }
      }
      case LinkedProgram.ConstDefRef c -> {
        if (!constsInProgress.add(c.constDef())) {
          sink.add(new IdlError(at, "constant '" + id.name() + "' refers to itself"));
          return;
        }
        List<IdlError> inner = new ArrayList<>();
        boolean wasRecording = recording;
        recording = false; // the constant's own value is canonicalised against its own type
        checkValue(ts, t, program.scope(c.document()), c.constDef().value(), inner);
        recording = wasRecording;
        constsInProgress.remove(c.constDef());
        if (!inner.isEmpty()) {
          sink.add(new IdlError(at, "constant '" + id.name() + "' cannot be used as " + describe(t) + ": "
              + inner.get(0).message()));
        }
      }
    }
  }

  /**
   * Apache Thrift reads an identifier given for an enum-typed value by its last segment alone,
   * as a value of the expected enum; {@code Other.V} and {@code include.V} are accepted that way.
   */
  private void enumValueByLastName(Ast.Enum e, ConstValue.Identifier id, List<IdlError> sink, String otherwise) {
    String last = id.name().substring(id.name().lastIndexOf('.') + 1);
    for (Ast.EnumValue v : e.values()) {
      if (v.name().equals(last)) {
        replace(id, new ConstValue.Int(v.value(), id.position()));
        return;
      }
    }
    sink.add(new IdlError(id.position(), otherwise));
  }

  private void replace(ConstValue original, ConstValue canonical) {
    if (recording) {
      replacements.put(original, canonical);
    }
  }

  // ---- rewriting to canonical values

  private Document rewrite(Document d) {
    List<Definition> defs = d.definitions().stream().map(def -> switch (def) {
      case Ast.Const c -> new Ast.Const(c.name(), c.type(), rewrite(c.value()), c.annotations(), c.doc(), c.position());
      case Ast.Struct st -> new Ast.Struct(st.kind(), st.name(), rewrite(st.fields()), st.annotations(), st.doc(),
          st.position());
      case Ast.Service svc -> new Ast.Service(svc.name(), svc.extendsService(), svc.functions().stream()
          .map(f -> new Ast.Function(f.name(), f.returnType(), f.oneway(), rewrite(f.params()),
              rewrite(f.throwsFields()), f.annotations(), f.doc(), f.position()))
          .toList(), svc.annotations(), svc.doc(), svc.position());
      default -> def;
    }).toList();
    return new Document(d.file(), d.includes(), d.cppIncludes(), d.namespaces(), defs);
  }

  private List<Field> rewrite(List<Field> fields) {
    return fields.stream().map(f -> f.defaultValue() == null ? f : new Field(f.id(), f.name(), f.requiredness(),
        f.type(), rewrite(f.defaultValue()), f.annotations(), f.doc(), f.position())).toList();
  }

  private ConstValue rewrite(ConstValue v) {
    ConstValue r = replacements.get(v);
    if (r != null) {
      return r;
    }
    return switch (v) {
      case ConstValue.ListValue l -> new ConstValue.ListValue(l.values().stream().map(this::rewrite).toList(),
          l.position());
      case ConstValue.MapValue m -> new ConstValue.MapValue(m.entries().stream()
          .<Map.Entry<ConstValue, ConstValue>>map(e -> new SimpleImmutableEntry<>(rewrite(e.getKey()),
              rewrite(e.getValue())))
          .toList(), m.position());
      default -> v;
    };
  }

  private String unknownConst(LinkedProgram.Scope s, String name) {
    int last = name.lastIndexOf('.');
    if (last < 0) {
      return "unknown constant '" + name + "'";
    }
    String head = name.substring(0, last);
    String value = name.substring(last + 1);
    if (s.types().get(head) instanceof Ast.Enum e) {
      return "enum " + e.name() + " has no value '" + value + "'";
    }
    if (s.includes().containsKey(head)) {
      return "unknown constant '" + name + "'";
    }
    int middle = head.lastIndexOf('.');
    Document included = middle < 0 ? null : s.includes().get(head.substring(0, middle));
    if (included == null) {
      return "unknown constant, enum value or include prefix in '" + name + "'";
    }
    if (program.scope(included).types().get(head.substring(middle + 1)) instanceof Ast.Enum) {
      return "enum " + head + " has no value '" + value + "'";
    }
    return "unknown enum '" + head + "'";
  }

  private static void mismatch(List<IdlError> sink, ConstValue value, String expected) {
    sink.add(new IdlError(value.position(), "expected " + expected + ", found " + describe(value)));
  }

  // ---- descriptions for messages

  static String describe(Type t) {
    return switch (t) {
      case Type.Base b -> baseName(b.kind());
      case Type.ListOf l -> "list<" + describe(l.element()) + ">";
      case Type.SetOf s -> "set<" + describe(s.element()) + ">";
      case Type.MapOf m -> "map<" + describe(m.key()) + "," + describe(m.value()) + ">";
      case Type.Named n -> n.name();
    };
  }

  private static String describe(ConstValue v) {
    return switch (v) {
      case ConstValue.Int i -> "integer " + i.value();
      case ConstValue.Double d -> "double " + d.value();
      case ConstValue.Str s -> "string \"" + s.value() + "\"";
      case ConstValue.ListValue l -> "a list";
      case ConstValue.MapValue m -> "a map";
      case ConstValue.Identifier id -> id.name();
    };
  }

  private static String baseName(Type.BaseKind kind) {
    return kind == Type.BaseKind.BYTE ? "i8" : kind.name().toLowerCase(java.util.Locale.ROOT);
  }

  private static String kindName(Ast.StructKind kind) {
    return kind.name().toLowerCase(java.util.Locale.ROOT);
  }

  private void error(Position at, String message) {
    errors.add(new IdlError(at, message));
  }
}
