package dev.tern.codegen.internal;

import dev.tern.codegen.CodegenException;
import dev.tern.codegen.internal.Model.FieldModel;
import dev.tern.idl.Ast;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * IDL union -> an immutable final class holding exactly one field: static factories per field
 * ({@code Shape.circle(c)}), {@code which()} naming the field that is set, and accessors that
 * throw IllegalStateException for the others. The value is stored as one Object, so primitive
 * members are boxed.
 */
final class UnionEmitter {
  private final JavaFile f;
  private final SourceWriter w;
  private final Codecs codecs;
  private final String name;
  private final String wireName;
  private final String kindEnum;
  private final List<FieldModel> fields;
  private final Map<FieldModel, String> constants = new HashMap<>();

  private UnionEmitter(JavaFile f, Ast.Struct union, List<FieldModel> fields) {
    this.f = f;
    this.w = f.w;
    this.codecs = new Codecs(f);
    this.name = f.className;
    this.wireName = union.name();
    this.kindEnum = kindEnumName(name);
    this.fields = fields;
    Map<String, FieldModel> seen = new HashMap<>();
    for (FieldModel fm : fields) {
      String c = Names.upperSnake(fm.field().name());
      FieldModel clash = seen.putIfAbsent(c, fm);
      if (clash != null) {
        throw new CodegenException(fm.field().position(), "union " + union.name() + ": fields '"
            + clash.field().name() + "' and '" + fm.field().name() + "' both map to " + kindEnum + "." + c);
      }
      constants.put(fm, c);
    }
  }

  /** The nested enum of field names: {@code Field}, unless the union itself is called that. */
  static String kindEnumName(String unionName) {
    return unionName.equals("Field") ? "Which" : "Field";
  }

  static void emit(JavaFile f, Ast.Struct union, List<FieldModel> fields) {
    new UnionEmitter(f, union, fields).emitClass(union.doc());
  }

  private void emitClass(String doc) {
    w.javadoc(doc);
    w.open("public final class " + name + " implements " + f.t("dev.tern.thrift.ThriftStruct"));
    StructEmitter.emitCodec(f, name);
    w.line("/** The fields of " + name + "; {@link #which()} tells which one a value holds. */");
    w.open("public enum " + kindEnum);
    for (int i = 0; i < fields.size(); i++) {
      w.line(constants.get(fields.get(i)) + (i == fields.size() - 1 ? "" : ","));
    }
    w.close();
    w.blank();
    w.line("private final " + kindEnum + " which;");
    w.line("private final " + f.t("java.lang.Object") + " value;");
    w.blank();
    w.open("private " + name + "(" + kindEnum + " which, " + f.t("java.lang.Object") + " value)");
    w.line("this.which = which;");
    w.line("this.value = value;");
    w.close();
    emitFactories();
    w.blank();
    w.line("/** The field this value holds. */");
    w.open("public " + kindEnum + " which()");
    w.line("return which;");
    w.close();
    emitAccessors();
    emitWrite();
    emitRead();
    emitEquals();
    emitToString();
    codecs.emitHelpers();
    w.close();
  }

  private void emitFactories() {
    for (FieldModel fm : fields) {
      String n = fm.javaName();
      w.blank();
      w.javadoc(fm.field().doc());
      w.open("public static " + name + " " + n + "(" + f.type(fm.type()) + " " + n + ")");
      String value = switch (fm.type()) {
        case JType.ListOf l -> f.t("java.util.List") + ".copyOf(" + n + ")";
        case JType.SetOf s -> f.t("java.util.Set") + ".copyOf(" + n + ")";
        case JType.MapOf m -> f.t("java.util.Map") + ".copyOf(" + n + ")";
        default -> fm.type().isPrimitive() ? n
            : f.t("java.util.Objects") + ".requireNonNull(" + n + ", " + Names.stringLiteral(fm.field().name()) + ")";
      };
      w.line("return new " + name + "(" + kindEnum + "." + constants.get(fm) + ", " + value + ");");
      w.close();
    }
  }

  private void emitAccessors() {
    for (FieldModel fm : fields) {
      w.blank();
      w.line("/** The {@code " + fm.field().name()
          + "} value; throws IllegalStateException if another field is set. */");
      if (fm.type().isContainer()) {
        w.line("@" + f.t("java.lang.SuppressWarnings") + "(\"unchecked\")");
      }
      w.open("public " + f.type(fm.type()) + " " + fm.javaName() + "()");
      w.line("expect(" + kindEnum + "." + constants.get(fm) + ");");
      w.line("return (" + f.type(fm.type(), true) + ") value;");
      w.close();
    }
    if (!fields.isEmpty()) {
      w.blank();
      w.open("private void expect(" + kindEnum + " field)");
      w.open("if (which != field)");
      w.line("throw new " + f.t("java.lang.IllegalStateException") + "(" + Names.stringLiteral(name + " holds ")
          + " + which + \", not \" + field);");
      w.close();
      w.close();
    }
  }

  private void emitWrite() {
    w.blank();
    w.line(f.override());
    w.open("public void write(" + f.t("dev.tern.thrift.ThriftWriter") + " out)");
    w.line("out.writeStructBegin(" + Names.stringLiteral(wireName) + ");");
    if (!fields.isEmpty()) {
      w.open("switch (which)");
      for (FieldModel fm : fields) {
        w.open("case " + constants.get(fm) + " ->");
        w.line("out.writeFieldBegin(" + f.ttype(fm.type()) + ", (short) " + fm.id() + ");");
        w.line(codecs.write(fm.type(), fm.javaName() + "()", "out"));
        w.line("out.writeFieldEnd();");
        w.close();
      }
      w.close();
    }
    w.line("out.writeFieldStop();");
    w.line("out.writeStructEnd();");
    w.close();
  }

  private void emitRead() {
    String reader = f.t("dev.tern.thrift.ThriftReader");
    String tt = f.t("dev.tern.thrift.TType");
    String pe = f.t("dev.tern.core.ProtocolException");
    w.blank();
    w.open("private static " + name + " read(" + reader + " in)");
    w.line(name + " result = null;");
    w.line("in.readStructBegin();");
    w.open("while (true)");
    w.line("int header = in.readFieldBegin();");
    w.line("byte type = " + reader + ".fieldType(header);");
    w.open("if (type == " + tt + ".STOP)");
    w.line("break;");
    w.close();
    if (fields.isEmpty()) {
      w.line("in.skip(type);");
    } else {
      w.open("switch (" + reader + ".fieldId(header))");
      for (FieldModel fm : fields) {
        w.open("case " + fm.id() + " ->");
        w.open("if (type == " + f.ttype(fm.type()) + ")");
        if (fm.type() instanceof JType.EnumRef) {
          w.line(f.type(fm.type()) + " known = " + codecs.read(fm.type(), "in") + ";");
          w.open("if (known != null)");
          w.line("result = only(result, " + fm.javaName() + "(known));");
          w.close();
        } else {
          w.line("result = only(result, " + fm.javaName() + "(" + codecs.read(fm.type(), "in") + "));");
        }
        w.reopen("else");
        w.line("in.skip(type);");
        w.close();
        w.close();
      }
      w.line("default -> in.skip(type);");
      w.close();
    }
    w.line("in.readFieldEnd();");
    w.close();
    w.line("in.readStructEnd();");
    w.open("if (result == null)");
    w.wrap("throw new " + pe + "(", pe + ".Kind.INVALID_DATA, "
        + Names.stringLiteral("Union " + wireName + " has no field set") + ");");
    w.close();
    w.line("return result;");
    w.close();
    if (!fields.isEmpty()) {
      w.blank();
      w.line("/** A union holds exactly one field: a second one on the wire is an error. */");
      w.open("private static " + name + " only(" + name + " current, " + name + " next)");
      w.open("if (current != null)");
      w.wrap("throw new " + pe + "(", pe + ".Kind.INVALID_DATA, "
          + Names.stringLiteral("Union " + wireName + " has more than one field set") + ");");
      w.close();
      w.line("return next;");
      w.close();
    }
  }

  private void emitEquals() {
    w.blank();
    w.line(f.override());
    w.open("public boolean equals(" + f.t("java.lang.Object") + " o)");
    List<FieldModel> deep = fields.stream().filter(fm -> Codecs.holdsBinary(fm.type())).toList();
    if (deep.isEmpty()) {
      // deepEquals compares binary (byte[]) members by content.
      w.wrap("return o instanceof " + name + " other",
          " && which == other.which && " + f.t("java.util.Objects") + ".deepEquals(value, other.value);");
    } else {
      w.open("if (!(o instanceof " + name + " other) || which != other.which)");
      w.line("return false;");
      w.close();
      w.open("return switch (which)");
      for (FieldModel fm : deep) {
        w.line("case " + constants.get(fm) + " -> "
            + codecs.equalsTerm(fm.type(), fm.javaName() + "()", "other." + fm.javaName() + "()") + ";");
      }
      w.line("default -> " + f.t("java.util.Objects") + ".deepEquals(value, other.value);");
      w.close(";");
    }
    w.close();
    w.blank();
    w.line(f.override());
    w.open("public int hashCode()");
    boolean binary = fields.stream().anyMatch(fm -> fm.type().isBinary());
    String valueHash = binary
        ? "(value instanceof byte[] bytes ? " + f.t("java.util.Arrays") + ".hashCode(bytes) : value.hashCode())"
        : "value.hashCode()";
    if (deep.isEmpty()) {
      w.wrap("return 31 * which.ordinal()", " + " + valueHash + ";");
    } else {
      w.open("int valueHash = switch (which)");
      for (FieldModel fm : deep) {
        w.line("case " + constants.get(fm) + " -> " + codecs.hashTerm(fm.type(), fm.javaName() + "()") + ";");
      }
      w.line("default -> " + valueHash + ";");
      w.close(";");
      w.line("return 31 * which.ordinal() + valueHash;");
    }
    w.close();
  }

  private void emitToString() {
    w.blank();
    w.line(f.override());
    w.open("public " + f.t("java.lang.String") + " toString()");
    if (fields.isEmpty()) {
      w.line("return " + Names.stringLiteral(name + "()") + ";");
    } else {
      w.open("return switch (which)");
      for (FieldModel fm : fields) {
        w.line("case " + constants.get(fm) + " -> " + Names.stringLiteral(name + "(" + fm.field().name() + "=")
            + " + " + codecs.show(fm.type(), fm.javaName() + "()") + " + \")\";");
      }
      w.close(";");
    }
    w.close();
  }
}
