package dev.tern.codegen.internal;

import dev.tern.codegen.internal.Model.FieldModel;
import dev.tern.idl.Ast;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * IDL struct or exception (and service args/result structs) -> an immutable final class with
 * accessors, a builder, {@code write}, a {@code CODEC}, equals/hashCode/toString.
 *
 * <p>Storage: one private final field per IDL field, primitives unboxed; optional primitives get
 * a {@code hasX} flag, every other field is present when non-null. Reading collects fields in
 * locals and calls the all-fields constructor, so a read allocates only the result.
 */
final class StructEmitter {
  private final JavaFile f;
  private final SourceWriter w;
  private final Codecs codecs;
  private final String name;
  private final String wireName;
  private final boolean exception;
  private final List<FieldModel> fields;
  private final String builder;
  /** Names a generated local or parameter must not take: it would shadow a field. */
  private final Set<String> taken = new HashSet<>();

  private StructEmitter(JavaFile f, String name, String wireName, boolean exception, List<FieldModel> fields) {
    this.f = f;
    this.w = f.w;
    this.codecs = new Codecs(f);
    this.name = name;
    this.wireName = wireName;
    this.exception = exception;
    this.fields = fields;
    this.builder = builderName(name);
    for (FieldModel fm : fields) {
      taken.add(fm.javaName());
      taken.add(fm.hasName());
    }
  }

  /** The nested builder's name: {@code Builder}, unless the struct itself is called that. */
  static String builderName(String structName) {
    return structName.equals("Builder") ? "BuilderBuilder" : "Builder";
  }

  /** A top-level struct or exception class. */
  static void emit(JavaFile f, Ast.Struct s, List<FieldModel> fields) {
    new StructEmitter(f, f.className, s.name(), s.kind() == Ast.StructKind.EXCEPTION, fields)
        .emitClass(s.doc(), "public final class ");
  }

  /** A nested {@code public static final} struct class, e.g. a service's {@code AddArgs}. */
  static void emitNested(JavaFile f, String className, String wireName, String doc, List<FieldModel> fields) {
    new StructEmitter(f, className, wireName, false, fields).emitClass(doc, "public static final class ");
  }

  private void emitClass(String doc, String declaration) {
    w.javadoc(doc);
    String supertypes = exception
        ? " extends " + f.t("dev.tern.core.DeclaredException") + " implements " + f.t("dev.tern.thrift.ThriftStruct")
        : " implements " + f.t("dev.tern.thrift.ThriftStruct");
    w.open(declaration + name + supertypes);
    if (exception) {
      w.line("private static final long serialVersionUID = 1L;");
      w.blank();
    }
    emitCodec(f, name);
    emitFields();
    emitConstructor();
    emitBuilderFactories();
    emitAccessors();
    emitWrite();
    emitRead();
    emitEquals();
    emitHashCode();
    emitToString();
    codecs.emitHelpers();
    emitBuilder();
    w.close();
  }

  /** {@code public static final ThriftCodec<X> CODEC} delegating to {@code write} and {@code read}. */
  static void emitCodec(JavaFile f, String name) {
    SourceWriter w = f.w;
    String codec = f.t("dev.tern.thrift.ThriftCodec");
    w.open("public static final " + codec + "<" + name + "> CODEC = new " + codec + "<>()");
    w.line(f.override());
    w.open("public void write(" + name + " value, " + f.t("dev.tern.thrift.ThriftWriter") + " out)");
    w.line("value.write(out);");
    w.close();
    w.blank();
    w.line(f.override());
    w.open("public " + name + " read(" + f.t("dev.tern.thrift.ThriftReader") + " in)");
    w.line("return " + name + ".read(in);");
    w.close();
    w.close(";");
    w.blank();
  }

  private void emitFields() {
    for (FieldModel fm : fields) {
      if (exception && fm.type() instanceof JType.StructRef ref
          && ref.definition().kind() != Ast.StructKind.EXCEPTION) {
        // Exceptions are Serializable by inheritance only; Thrift, not Java serialization, carries them.
        w.line("@" + f.t("java.lang.SuppressWarnings") + "(\"serial\")");
      }
      w.line("private final " + f.type(fm.type()) + " " + fm.javaName() + ";");
      if (fm.hasIsset()) {
        w.line("private final boolean " + fm.hasName() + ";");
      }
    }
    w.blank();
  }

  /** Constructor parameters: every field, and each isset flag right after its field. */
  private List<String> stateNames() {
    List<String> names = new ArrayList<>();
    for (FieldModel fm : fields) {
      names.add(fm.javaName());
      if (fm.hasIsset()) {
        names.add(fm.hasName());
      }
    }
    return names;
  }

  private void emitConstructor() {
    List<String> params = new ArrayList<>();
    for (FieldModel fm : fields) {
      params.add(f.type(fm.type()) + " " + fm.javaName());
      if (fm.hasIsset()) {
        params.add("boolean " + fm.hasName());
      }
    }
    w.openList("private " + name + "(", params, ")");
    if (exception) {
      FieldModel message = messageField();
      if (message != null) {
        w.line("super(" + message.javaName() + ");");
      }
    }
    for (String n : stateNames()) {
      w.line("this." + n + " = " + n + ";");
    }
    w.close();
    w.blank();
  }

  /** An exception's string field called {@code message} becomes its {@code getMessage()}. */
  private FieldModel messageField() {
    for (FieldModel fm : fields) {
      if (fm.field().name().equals("message") && fm.type() instanceof JType.Base b
          && b.kind() == Ast.Type.BaseKind.STRING) {
        return fm;
      }
    }
    return null;
  }

  private void emitBuilderFactories() {
    w.line("/** A builder with no fields set, except those the IDL gives defaults. */");
    w.open("public static " + builder + " builder()");
    w.line("return new " + builder + "();");
    w.close();
    w.blank();
    w.line("/** A builder holding this value's fields. */");
    w.open("public " + builder + " toBuilder()");
    String b = Names.fresh("builder", taken);
    w.line(builder + " " + b + " = new " + builder + "();");
    for (String n : stateNames()) {
      w.line(b + "." + n + " = " + n + ";");
    }
    for (FieldModel fm : fields) {
      if (fm.isRequired() && fm.type().isPrimitive()) {
        w.line(b + "." + fm.hasName() + " = true;");
      }
    }
    w.line("return " + b + ";");
    w.close();
  }

  private void emitAccessors() {
    for (FieldModel fm : fields) {
      w.blank();
      String doc = withNote(fm.field().doc(),
          fm.type().isBinary() ? "The array is shared, not copied: do not modify it." : null);
      w.javadoc(doc);
      w.open("public " + f.type(fm.type()) + " " + fm.javaName() + "()");
      w.line("return " + fm.javaName() + ";");
      w.close();
      if (fm.hasPresence()) {
        w.blank();
        w.line("/** Whether {@code " + fm.field().name() + "} is set. */");
        w.open("public boolean " + fm.hasName() + "()");
        w.line("return " + presence(fm) + ";");
        w.close();
      }
    }
    if (exception && messageField() == null && !fields.isEmpty()) {
      w.blank();
      w.line("/** The fields, as this exception has no {@code message} field. */");
      w.line(f.override());
      w.open("public " + f.t("java.lang.String") + " getMessage()");
      emitJoiner("\"\"", "\"\"");
      w.close();
    }
  }

  /** A field's doc comment with a paragraph appended; either may be null. */
  private static String withNote(String doc, String note) {
    if (note == null) {
      return doc;
    }
    return doc == null || doc.isBlank() ? note : doc.strip() + "\n\n<p>" + note;
  }

  /** The expression that says whether a field is present. */
  private static String presence(FieldModel fm) {
    return fm.hasIsset() ? fm.hasName() : fm.javaName() + " != null";
  }

  private void emitWrite() {
    String out = Names.fresh("out", taken);
    w.blank();
    w.line(f.override());
    w.open("public void write(" + f.t("dev.tern.thrift.ThriftWriter") + " " + out + ")");
    w.line(out + ".writeStructBegin(" + Names.stringLiteral(wireName) + ");");
    for (FieldModel fm : fields) {
      boolean always = fm.isRequired() || (!fm.isOptional() && fm.type().isPrimitive());
      if (!always) {
        w.open("if (" + presence(fm) + ")");
      }
      w.line(out + ".writeFieldBegin(" + f.ttype(fm.type()) + ", (short) " + fm.id() + ");");
      w.line(codecs.write(fm.type(), fm.javaName(), out));
      w.line(out + ".writeFieldEnd();");
      if (!always) {
        w.close();
      }
    }
    w.line(out + ".writeFieldStop();");
    w.line(out + ".writeStructEnd();");
    w.close();
  }

  private void emitRead() {
    String in = Names.fresh("in", taken);
    String header = Names.fresh("header", taken);
    String type = Names.fresh("type", taken);
    String reader = f.t("dev.tern.thrift.ThriftReader");
    String tt = f.t("dev.tern.thrift.TType");
    w.blank();
    w.open("private static " + name + " read(" + reader + " " + in + ")");
    for (FieldModel fm : fields) {
      w.line(f.type(fm.type()) + " " + fm.javaName() + " = " + initialValue(fm) + ";");
      if (fm.hasIsset() || (fm.isRequired() && fm.type().isPrimitive())) {
        w.line("boolean " + fm.hasName() + " = false;");
      }
    }
    w.line(in + ".readStructBegin();");
    w.open("while (true)");
    w.line("int " + header + " = " + in + ".readFieldBegin();");
    w.line("byte " + type + " = " + reader + ".fieldType(" + header + ");");
    w.open("if (" + type + " == " + tt + ".STOP)");
    w.line("break;");
    w.close();
    if (fields.isEmpty()) {
      w.line(in + ".skip(" + type + ");");
    } else {
      w.open("switch (" + reader + ".fieldId(" + header + "))");
      for (FieldModel fm : fields) {
        w.open("case " + fm.id() + " ->");
        w.open("if (" + type + " == " + f.ttype(fm.type()) + ")");
        w.line(fm.javaName() + " = " + codecs.read(fm.type(), in) + ";");
        if (fm.hasIsset() || (fm.isRequired() && fm.type().isPrimitive())) {
          w.line(fm.hasName() + " = true;");
        }
        w.reopen("else");
        w.line(in + ".skip(" + type + ");");
        w.close();
        w.close();
      }
      w.line("default -> " + in + ".skip(" + type + ");");
      w.close();
    }
    w.line(in + ".readFieldEnd();");
    w.close();
    w.line(in + ".readStructEnd();");
    String pe = f.t("dev.tern.core.ProtocolException");
    for (FieldModel fm : fields) {
      if (fm.isRequired()) {
        w.open("if (" + (fm.type().isPrimitive() ? "!" + fm.hasName() : fm.javaName() + " == null") + ")");
        w.wrap("throw new " + pe + "(", pe + ".Kind.INVALID_DATA, "
            + Names.stringLiteral("Required field '" + fm.field().name() + "' of struct " + wireName + " is missing")
            + ");");
        w.close();
      }
    }
    w.list("return new " + name + "(", stateNames(), ");");
    w.close();
  }

  /** The value a field has before anything sets it: its IDL default, else zero or null. */
  private String initialValue(FieldModel fm) {
    Ast.ConstValue d = fm.field().defaultValue();
    if (d != null) {
      return Consts.expr(f, fm.type(), d, fm.context());
    }
    return zero(fm.type());
  }

  static String zero(JType type) {
    if (!type.isPrimitive()) {
      return "null";
    }
    return switch (((JType.Base) type).kind()) {
      case BOOL -> "false";
      case DOUBLE -> "0.0";
      default -> "0";
    };
  }

  private void emitEquals() {
    String o = Names.fresh("o", taken);
    String other = Names.fresh("other", taken);
    w.blank();
    w.line(f.override());
    w.open("public boolean equals(" + f.t("java.lang.Object") + " " + o + ")");
    w.open("if (" + o + " == this)");
    w.line("return true;");
    w.close();
    if (fields.isEmpty()) {
      w.line("return " + o + " instanceof " + name + ";");
      w.close();
      return;
    }
    w.open("if (!(" + o + " instanceof " + name + " " + other + "))");
    w.line("return false;");
    w.close();
    List<String> terms = new ArrayList<>();
    for (FieldModel fm : fields) {
      terms.add(codecs.equalsTerm(fm.type(), fm.javaName(), other + "." + fm.javaName()));
      if (fm.hasIsset()) {
        terms.add(fm.hasName() + " == " + other + "." + fm.hasName());
      }
    }
    w.line("return " + terms.get(0) + (terms.size() == 1 ? ";" : ""));
    w.indent().indent();
    for (int i = 1; i < terms.size(); i++) {
      w.line("&& " + terms.get(i) + (i == terms.size() - 1 ? ";" : ""));
    }
    w.outdent().outdent();
    w.close();
  }

  private void emitHashCode() {
    w.blank();
    w.line(f.override());
    w.open("public int hashCode()");
    if (fields.isEmpty()) {
      w.line("return 0;");
      w.close();
      return;
    }
    String h = Names.fresh("result", taken);
    w.line("int " + h + " = " + codecs.hashTerm(fields.get(0).type(), fields.get(0).javaName()) + ";");
    for (int i = 1; i < fields.size(); i++) {
      FieldModel fm = fields.get(i);
      w.line(h + " = 31 * " + h + " + " + codecs.hashTerm(fm.type(), fm.javaName()) + ";");
    }
    w.line("return " + h + ";");
    w.close();
  }

  private void emitToString() {
    if (exception) {
      return; // Throwable's toString prints the class and getMessage()
    }
    w.blank();
    w.line(f.override());
    w.open("public " + f.t("java.lang.String") + " toString()");
    emitJoiner(Names.stringLiteral(name + "("), "\")\"");
    w.close();
  }

  /** Emits statements returning {@code prefix + "a=1, b=2" + suffix}, skipping unset optional fields. */
  private void emitJoiner(String prefix, String suffix) {
    String j = Names.fresh("joiner", taken);
    w.line(f.t("java.util.StringJoiner") + " " + j + " = new " + f.t("java.util.StringJoiner") + "(\", \", "
        + prefix + ", " + suffix + ");");
    for (FieldModel fm : fields) {
      String add = j + ".add(" + Names.stringLiteral(fm.field().name() + "=") + " + "
          + codecs.show(fm.type(), fm.javaName()) + ");";
      if (fm.isOptional()) {
        w.open("if (" + presence(fm) + ")");
        w.line(add);
        w.close();
      } else {
        w.line(add);
      }
    }
    w.line("return " + j + ".toString();");
  }

  private void emitBuilder() {
    w.blank();
    w.line("/** Builds {@link " + name + "} values; not thread-safe. */");
    w.open("public static final class " + builder);
    for (FieldModel fm : fields) {
      Ast.ConstValue d = fm.field().defaultValue();
      w.line("private " + f.type(fm.type()) + " " + fm.javaName()
          + (d != null ? " = " + Consts.expr(f, fm.type(), d, fm.context()) : "") + ";");
      if (fm.hasIsset() || (fm.isRequired() && fm.type().isPrimitive())) {
        // A required primitive with an IDL default counts as set.
        boolean preset = fm.isRequired() && d != null;
        w.line("private boolean " + fm.hasName() + (preset ? " = true" : "") + ";");
      }
    }
    w.blank();
    w.line("private " + builder + "() {}");
    for (FieldModel fm : fields) {
      emitSetter(fm);
    }
    w.blank();
    w.line("/** Builds the value; throws IllegalStateException if a required field is not set. */");
    w.open("public " + name + " build()");
    String ise = f.t("java.lang.IllegalStateException");
    for (FieldModel fm : fields) {
      if (fm.isRequired()) {
        w.open("if (" + (fm.type().isPrimitive() ? "!" + fm.hasName() : fm.javaName() + " == null") + ")");
        w.wrap("throw new " + ise + "(", Names.stringLiteral(
            "Required field '" + fm.field().name() + "' of " + wireName + " is not set") + ");");
        w.close();
      }
    }
    w.list("return new " + name + "(", stateNames(), ");");
    w.close();
    w.close();
  }

  private void emitSetter(FieldModel fm) {
    String n = fm.javaName();
    String javaType = f.type(fm.type());
    w.blank();
    String note = null;
    if (fm.type().isContainer()) {
      note = fm.isRequired() ? "Takes an immutable copy." : "Takes an immutable copy; null unsets the field.";
    } else if (!fm.type().isPrimitive() && !fm.isRequired()) {
      note = "Null unsets the field.";
    }
    String doc = withNote(fm.field().doc(), note);
    w.javadoc(doc);
    w.open("public " + builder + " " + n + "(" + javaType + " " + n + ")");
    String value = switch (fm.type()) {
      case JType.ListOf l -> n + " == null ? null : " + f.t("java.util.List") + ".copyOf(" + n + ")";
      case JType.SetOf s -> n + " == null ? null : " + f.t("java.util.Set") + ".copyOf(" + n + ")";
      case JType.MapOf m -> n + " == null ? null : " + f.t("java.util.Map") + ".copyOf(" + n + ")";
      default -> n;
    };
    w.line("this." + n + " = " + value + ";");
    if (fm.hasIsset() || (fm.isRequired() && fm.type().isPrimitive())) {
      w.line("this." + fm.hasName() + " = true;");
    }
    w.line("return this;");
    w.close();
    if (fm.hasIsset()) {
      Ast.ConstValue d = fm.field().defaultValue();
      w.blank();
      w.line("/** Unsets {@code " + fm.field().name() + "}. */");
      w.open("public " + builder + " " + fm.clearName() + "()");
      w.line("this." + n + " = " + (d != null ? Consts.expr(f, fm.type(), d, fm.context()) : zero(fm.type())) + ";");
      w.line("this." + fm.hasName() + " = false;");
      w.line("return this;");
      w.close();
    }
  }
}
