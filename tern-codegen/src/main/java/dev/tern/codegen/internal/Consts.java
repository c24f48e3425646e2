package dev.tern.codegen.internal;

import dev.tern.codegen.CodegenException;
import dev.tern.idl.Ast;
import dev.tern.idl.Ast.ConstValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Renders IDL constant values as Java expressions of a given type: literals, enum constants,
 * immutable {@code List.of}/{@code Set.of}/{@code Map.of} collections and builder chains for
 * struct values.
 */
final class Consts {
  private Consts() {}

  /** A Java expression for {@code value}, written in {@code context}, as a {@code type}. */
  static String expr(JavaFile f, JType type, ConstValue value, Ast.Document context) {
    if (value instanceof ConstValue.Identifier id) {
      value = f.model.program.resolveConst(context, id);
    }
    return switch (type) {
      case JType.Base b -> base(f, b, value);
      case JType.EnumRef e -> enumConstant(f, e, value);
      case JType.StructRef s -> struct(f, s, value, context);
      case JType.ListOf l ->
          f.t("java.util.List") + ".of(" + String.join(", ", elements(f, l.element(), value, context)) + ")";
      // Set.of rejects duplicates, which IDL set constants may have.
      case JType.SetOf s -> f.t("java.util.Set") + ".of("
          + String.join(", ", new LinkedHashSet<>(elements(f, s.element(), value, context))) + ")";
      case JType.MapOf m -> map(f, m, value, context);
    };
  }

  private static String base(JavaFile f, JType.Base b, ConstValue value) {
    return switch (b.kind()) {
      case BOOL -> integer(value) != 0 ? "true" : "false";
      case BYTE -> "(byte) " + integer(value);
      case I16 -> "(short) " + integer(value);
      case I32 -> Long.toString(integer(value));
      case I64 -> integer(value) + "L";
      case DOUBLE -> {
        if (value instanceof ConstValue.Int i) {
          yield i.value() + ".0";
        }
        double d = ((ConstValue.Double) expect(value, ConstValue.Double.class)).value();
        if (Double.isNaN(d)) {
          yield f.t("java.lang.Double") + ".NaN";
        } else if (Double.isInfinite(d)) {
          yield f.t("java.lang.Double") + (d > 0 ? ".POSITIVE_INFINITY" : ".NEGATIVE_INFINITY");
        }
        yield Double.toString(d);
      }
      case STRING -> Names.stringLiteral(string(value));
      case BINARY -> Names.stringLiteral(string(value)) + ".getBytes(" + f.t("java.nio.charset.StandardCharsets")
          + ".UTF_8)";
      case UUID -> f.t("java.util.UUID") + ".fromString(" + Names.stringLiteral(string(value)) + ")";
    };
  }

  private static String enumConstant(JavaFile f, JType.EnumRef e, ConstValue value) {
    long v = integer(value);
    for (Ast.EnumValue ev : e.definition().values()) {
      if (ev.value() == v) {
        return f.type(e) + "." + EnumEmitter.constantName(ev);
      }
    }
    throw new CodegenException(value.position(), v + " is not a value of enum " + e.definition().name());
  }

  private static String struct(JavaFile f, JType.StructRef s, ConstValue value, Ast.Document context) {
    ConstValue.MapValue map = (ConstValue.MapValue) expect(value, ConstValue.MapValue.class);
    List<Model.FieldModel> fields = f.model.fields(s.document(), s.name(), s.definition().fields());
    StringBuilder sb = new StringBuilder(f.type(s));
    if (s.isUnion()) {
      if (map.entries().size() != 1) {
        throw new CodegenException(value.position(), "a " + s.name() + " constant must set exactly one field");
      }
    } else {
      sb.append(".builder()");
    }
    for (Map.Entry<ConstValue, ConstValue> entry : map.entries()) {
      String name = string(entry.getKey());
      Model.FieldModel field = fields.stream().filter(fm -> fm.field().name().equals(name)).findFirst()
          .orElseThrow(() -> new CodegenException(entry.getKey().position(),
              s.name() + " has no field '" + name + "'"));
      sb.append('.').append(field.javaName()).append('(')
          .append(expr(f, field.type(), entry.getValue(), context)).append(')');
    }
    return s.isUnion() ? sb.toString() : sb.append(".build()").toString();
  }

  private static String map(JavaFile f, JType.MapOf m, ConstValue value, Ast.Document context) {
    ConstValue.MapValue map = (ConstValue.MapValue) expect(value, ConstValue.MapValue.class);
    // Later entries win, as in Apache Thrift; Map.of rejects duplicate keys.
    Map<String, String> entries = new LinkedHashMap<>();
    for (Map.Entry<ConstValue, ConstValue> e : map.entries()) {
      entries.put(expr(f, m.key(), e.getKey(), context), expr(f, m.value(), e.getValue(), context));
    }
    String mapType = f.t("java.util.Map");
    List<String> parts = new ArrayList<>();
    if (entries.size() <= 10) {
      entries.forEach((k, v) -> parts.add(k + ", " + v));
      return mapType + ".of(" + String.join(", ", parts) + ")";
    }
    entries.forEach((k, v) -> parts.add(mapType + ".entry(" + k + ", " + v + ")"));
    return mapType + ".ofEntries(" + String.join(", ", parts) + ")";
  }

  private static List<String> elements(JavaFile f, JType element, ConstValue value, Ast.Document context) {
    ConstValue.ListValue list = (ConstValue.ListValue) expect(value, ConstValue.ListValue.class);
    List<String> out = new ArrayList<>(list.values().size());
    for (ConstValue v : list.values()) {
      out.add(expr(f, element, v, context));
    }
    return out;
  }

  private static long integer(ConstValue value) {
    return ((ConstValue.Int) expect(value, ConstValue.Int.class)).value();
  }

  private static String string(ConstValue value) {
    return ((ConstValue.Str) expect(value, ConstValue.Str.class)).value();
  }

  private static ConstValue expect(ConstValue value, Class<? extends ConstValue> kind) {
    if (!kind.isInstance(value)) {
      throw new CodegenException(value.position(), "unexpected constant value " + value);
    }
    return value;
  }
}
