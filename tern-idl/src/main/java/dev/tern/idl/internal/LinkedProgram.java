package dev.tern.idl.internal;

import dev.tern.idl.Ast;
import dev.tern.idl.Ast.ConstValue;
import dev.tern.idl.Ast.Definition;
import dev.tern.idl.Ast.Document;
import dev.tern.idl.Ast.Resolved;
import dev.tern.idl.Ast.Type;
import dev.tern.idl.Ast.TypeInContext;
import java.nio.file.Path;
import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@link Ast.Program} the loader returns: documents plus per-document name tables. The
 * {@code find*} methods return null when a name does not resolve (the linker turns that into an
 * error); the public {@link Ast.Program} methods throw, because on a checked program they cannot
 * fail for names that occur in it.
 */
public final class LinkedProgram implements Ast.Program {
  private final List<Document> documents;
  private final Map<Path, Scope> scopes;

  /** The names visible in one document: its own definitions and its includes by prefix. */
  record Scope(Document document, Map<String, Document> includes, Map<String, Definition> types,
      Map<String, Ast.Const> consts) {}

  /** What a constant identifier names. */
  sealed interface ConstRef {}

  record BoolRef(boolean value) implements ConstRef {}

  record EnumValueRef(Ast.Enum enumDef, Ast.EnumValue value) implements ConstRef {}

  record ConstDefRef(Ast.Const constDef, Document document) implements ConstRef {}

  LinkedProgram(List<Document> documents, Map<Path, Scope> scopes) {
    this.documents = List.copyOf(documents);
    this.scopes = scopes;
  }

  @Override
  public Document main() {
    return documents.get(0);
  }

  /** The main document first, then the included ones in the order they were first included. */
  @Override
  public List<Document> documents() {
    return documents;
  }

  @Override
  public Resolved resolve(Document context, Type.Named ref) {
    Resolved r = findType(scope(context), ref.name());
    if (r == null) {
      throw new IllegalArgumentException("'" + ref.name() + "' does not resolve in " + context.file());
    }
    return r;
  }

  @Override
  public TypeInContext unwrap(Document context, Type type) {
    TypeInContext t = findUnwrapped(context, type);
    if (t == null) {
      throw new IllegalArgumentException("type " + type + " does not resolve in " + context.file());
    }
    return t;
  }

  @Override
  public ConstValue resolveConst(Document context, ConstValue.Identifier ref) {
    return resolveIdentifier(scope(context), ref, Collections.newSetFromMap(new IdentityHashMap<>()));
  }

  Scope scope(Document document) {
    Scope s = scopes.get(document.file());
    if (s == null) {
      throw new IllegalArgumentException(document.file() + " is not part of this program");
    }
    return s;
  }

  /**
   * {@code Name} in the scope's own document, or {@code prefix.Name} in an included one. Prefixes
   * may hold dots themselves ({@code include "a.b.thrift"} gives {@code a.b.Name}); names cannot.
   */
  Resolved findType(Scope scope, String name) {
    int dot = name.lastIndexOf('.');
    if (dot < 0) {
      Definition d = scope.types().get(name);
      return d == null ? null : new Resolved(d, scope.document());
    }
    Document included = scope.includes().get(name.substring(0, dot));
    if (included == null) {
      return null;
    }
    Definition d = scope(included).types().get(name.substring(dot + 1));
    return d == null ? null : new Resolved(d, included);
  }

  /** Follows typedefs; null if a name does not resolve or the typedefs loop. */
  TypeInContext findUnwrapped(Document context, Type type) {
    for (int depth = 0; depth <= 1000; depth++) {
      if (!(type instanceof Type.Named named)) {
        return new TypeInContext(type, context);
      }
      Resolved r = findType(scope(context), named.name());
      if (r == null) {
        return null;
      }
      if (!(r.definition() instanceof Ast.Typedef td)) {
        return new TypeInContext(type, context);
      }
      type = td.type();
      context = r.document();
    }
    return null; // a typedef cycle; the linker reports it
  }

  /**
   * Resolves {@code true}/{@code false}, {@code CONST}, {@code Enum.VALUE}, {@code prefix.CONST}
   * and {@code prefix.Enum.VALUE}; null if nothing matches.
   */
  ConstRef findConst(Scope scope, String name) {
    if (name.equals("true") || name.equals("false")) {
      return new BoolRef(name.equals("true"));
    }
    int last = name.lastIndexOf('.');
    if (last < 0) {
      return constIn(scope, name);
    }
    String head = name.substring(0, last);
    String tail = name.substring(last + 1);
    ConstRef local = enumValueIn(scope, head, tail);
    if (local != null) {
      return local;
    }
    Document included = scope.includes().get(head);
    if (included != null) {
      return constIn(scope(included), tail);
    }
    int middle = head.lastIndexOf('.');
    included = middle < 0 ? null : scope.includes().get(head.substring(0, middle));
    return included == null ? null : enumValueIn(scope(included), head.substring(middle + 1), tail);
  }

  private static ConstRef constIn(Scope scope, String name) {
    Ast.Const c = scope.consts().get(name);
    return c == null ? null : new ConstDefRef(c, scope.document());
  }

  private static ConstRef enumValueIn(Scope scope, String enumName, String valueName) {
    if (scope.types().get(enumName) instanceof Ast.Enum e) {
      for (Ast.EnumValue v : e.values()) {
        if (v.name().equals(valueName)) {
          return new EnumValueRef(e, v);
        }
      }
    }
    return null;
  }

  private ConstValue resolveIdentifier(Scope scope, ConstValue.Identifier ref, Set<Ast.Const> seen) {
    ConstRef r = findConst(scope, ref.name());
    return switch (r) {
      case BoolRef b -> new ConstValue.Int(b.value() ? 1 : 0, ref.position());
      case EnumValueRef e -> new ConstValue.Int(e.value().value(), ref.position());
      case ConstDefRef c -> {
        if (!seen.add(c.constDef())) {
          throw new IllegalArgumentException("constant '" + ref.name() + "' refers to itself");
        }
        ConstValue v = resolveAll(scope(c.document()), c.constDef().value(), seen);
        seen.remove(c.constDef());
        yield v;
      }
      case null -> throw new IllegalArgumentException(
          "constant '" + ref.name() + "' does not resolve in " + scope.document().file());
    };
  }

  private ConstValue resolveAll(Scope scope, ConstValue value, Set<Ast.Const> seen) {
    return switch (value) {
      case ConstValue.Identifier id -> resolveIdentifier(scope, id, seen);
      case ConstValue.ListValue l -> new ConstValue.ListValue(
          l.values().stream().map(v -> resolveAll(scope, v, seen)).toList(), l.position());
      case ConstValue.MapValue m -> new ConstValue.MapValue(m.entries().stream()
          .<Map.Entry<ConstValue, ConstValue>>map(e -> new SimpleImmutableEntry<>(
              resolveAll(scope, e.getKey(), seen), resolveAll(scope, e.getValue(), seen)))
          .toList(), m.position());
      default -> value;
    };
  }
}
