package dev.tern.codegen.internal;

import dev.tern.idl.Ast;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** IDL enum -> Java enum with {@code value()}, {@code findByValue(int)} and a {@code CODEC}. */
final class EnumEmitter {
  private EnumEmitter() {}

  /** The Java constant for an enum value; escapes names that clash with the enum's own members. */
  static String constantName(Ast.EnumValue v) {
    String n = Names.identifier(v.name());
    return n.equals("value") || n.equals("CODEC") ? n + "_" : n;
  }

  static void emit(JavaFile f, Ast.Enum e) {
    SourceWriter w = f.w;
    String name = f.className;
    w.javadoc(e.doc());
    w.open("public enum " + name);
    List<Ast.EnumValue> values = e.values();
    if (values.isEmpty()) {
      w.line(";");
    }
    for (int i = 0; i < values.size(); i++) {
      Ast.EnumValue v = values.get(i);
      w.javadoc(v.doc());
      w.line(constantName(v) + "(" + v.value() + ")" + (i == values.size() - 1 ? ";" : ","));
    }
    w.blank();
    w.line("/** Reads and writes the value as an i32; reading a value this code does not know gives null. */");
    w.open("public static final " + f.t("dev.tern.thrift.ThriftCodec") + "<" + name + "> CODEC = new "
        + f.t("dev.tern.thrift.ThriftCodec") + "<>()");
    w.line(f.override());
    w.open("public void write(" + name + " value, " + f.t("dev.tern.thrift.ThriftWriter") + " out)");
    w.line("out.writeI32(value.value());");
    w.close();
    w.blank();
    w.line(f.override());
    w.open("public " + name + " read(" + f.t("dev.tern.thrift.ThriftReader") + " in)");
    w.line("return findByValue(in.readI32());");
    w.close();
    w.close(";");
    w.blank();
    w.line("private final int value;");
    w.blank();
    w.open(name + "(int value)");
    w.line("this.value = value;");
    w.close();
    w.blank();
    w.line("/** The value on the wire. */");
    w.open("public int value()");
    w.line("return value;");
    w.close();
    w.blank();
    w.line("/** The constant with {@code value}, or null if this code does not know it. */");
    w.open("public static " + name + " findByValue(int value)");
    w.open("return switch (value)");
    Set<Integer> seen = new HashSet<>();
    for (Ast.EnumValue v : values) {
      if (seen.add(v.value())) { // with duplicate values the first name wins
        w.line("case " + v.value() + " -> " + constantName(v) + ";");
      }
    }
    w.line("default -> null;");
    w.close(";");
    w.close();
    w.close();
  }
}
