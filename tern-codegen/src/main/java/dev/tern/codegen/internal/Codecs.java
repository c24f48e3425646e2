package dev.tern.codegen.internal;

import dev.tern.idl.Ast;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Emits the reading and writing of single values, and the private static helper methods that one
 * generated class uses for its containers ({@code readListString}, {@code writeMapI32Foo}). One
 * instance per class body; helpers are emitted once per distinct container type.
 */
final class Codecs {
  private final JavaFile f;
  private final Map<String, JType> readers = new LinkedHashMap<>();
  private final Map<String, JType> writers = new LinkedHashMap<>();
  private final Map<String, JType> equalities = new LinkedHashMap<>();
  private final Map<String, JType> hashes = new LinkedHashMap<>();
  private final Map<String, String> namesBySignature = new LinkedHashMap<>();
  private final Set<String> emitted = new HashSet<>();
  private boolean hex;

  Codecs(JavaFile f) {
    this.f = f;
  }

  /** An expression reading a {@code type} value from {@code in}; null for an unknown enum value. */
  String read(JType type, String in) {
    return switch (type) {
      case JType.Base b -> in + "." + switch (b.kind()) {
        case BOOL -> "readBool()";
        case BYTE -> "readByte()";
        case I16 -> "readI16()";
        case I32 -> "readI32()";
        case I64 -> "readI64()";
        case DOUBLE -> "readDouble()";
        case STRING -> "readString()";
        case BINARY -> "readBinary()";
        case UUID -> "readUuid()";
      };
      case JType.EnumRef e -> f.type(e) + ".findByValue(" + in + ".readI32())";
      case JType.StructRef s -> f.type(s) + ".CODEC.read(" + in + ")";
      default -> {
        String name = "read" + helperName(type);
        readers.putIfAbsent(name, type);
        yield name + "(" + in + ")";
      }
    };
  }

  /** A statement writing {@code value} (an expression of {@code type}) to {@code out}. */
  String write(JType type, String value, String out) {
    return switch (type) {
      case JType.Base b -> out + "." + switch (b.kind()) {
        case BOOL -> "writeBool";
        case BYTE -> "writeByte";
        case I16 -> "writeI16";
        case I32 -> "writeI32";
        case I64 -> "writeI64";
        case DOUBLE -> "writeDouble";
        case STRING -> "writeString";
        case BINARY -> "writeBinary";
        case UUID -> "writeUuid";
      } + "(" + value + ");";
      case JType.EnumRef e -> out + ".writeI32(" + value + ".value());";
      case JType.StructRef s -> value + ".write(" + out + ");";
      default -> {
        String name = "write" + helperName(type);
        writers.putIfAbsent(name, type);
        yield name + "(" + out + ", " + value + ");";
      }
    };
  }

  /** An expression telling whether {@code a} and {@code b}, both of {@code type}, are equal. */
  String equalsTerm(JType type, String a, String b) {
    if (type.isPrimitive()) {
      return ((JType.Base) type).kind() == Ast.Type.BaseKind.DOUBLE
          ? f.t("java.lang.Double") + ".compare(" + a + ", " + b + ") == 0"
          : a + " == " + b;
    }
    if (type.isBinary()) {
      return f.t("java.util.Arrays") + ".equals(" + a + ", " + b + ")";
    }
    if (holdsBinary(type)) {
      String name = "equals" + helperName(type);
      equalities.putIfAbsent(name, type);
      return name + "(" + a + ", " + b + ")";
    }
    return f.t("java.util.Objects") + ".equals(" + a + ", " + b + ")";
  }

  /** An expression for the hash code of {@code a}, of {@code type}, consistent with {@link #equalsTerm}. */
  String hashTerm(JType type, String a) {
    if (type.isPrimitive()) {
      return switch (((JType.Base) type).kind()) {
        case BOOL -> f.t("java.lang.Boolean") + ".hashCode(" + a + ")";
        case BYTE -> f.t("java.lang.Byte") + ".hashCode(" + a + ")";
        case I16 -> f.t("java.lang.Short") + ".hashCode(" + a + ")";
        case I32 -> a;
        case I64 -> f.t("java.lang.Long") + ".hashCode(" + a + ")";
        default -> f.t("java.lang.Double") + ".hashCode(" + a + ")";
      };
    }
    if (type.isBinary()) {
      return f.t("java.util.Arrays") + ".hashCode(" + a + ")";
    }
    if (holdsBinary(type)) {
      String name = "hash" + helperName(type);
      hashes.putIfAbsent(name, type);
      return name + "(" + a + ")";
    }
    return f.t("java.util.Objects") + ".hashCode(" + a + ")";
  }

  /**
   * Lists and map values holding binary (byte[]) need content comparison; the collections' own
   * equals compares arrays by identity. Set elements and map keys cannot be helped: the
   * collections themselves find them by identity.
   */
  static boolean holdsBinary(JType type) {
    return switch (type) {
      case JType.ListOf l -> l.element().isBinary() || holdsBinary(l.element());
      case JType.MapOf m -> m.value().isBinary() || holdsBinary(m.value());
      default -> false;
    };
  }

  /** An expression for {@code toString()}: binary values print as hex. */
  String show(JType type, String value) {
    if (type.isBinary()) {
      hex = true;
      return "hex(" + value + ")";
    }
    return value;
  }

  /** Distinct container types get distinct names even if their signatures collide. */
  private String helperName(JType type) {
    String key = type.toString();
    String name = namesBySignature.get(key);
    if (name == null) {
      name = type.signature();
      while (namesBySignature.containsValue(name)) {
        name += "_";
      }
      namesBySignature.put(key, name);
    }
    return name;
  }

  /** Emits every helper requested so far (and those the helpers themselves need). */
  void emitHelpers() {
    boolean progress = true;
    while (progress) {
      progress = false;
      for (Map.Entry<String, JType> e : new ArrayList<>(readers.entrySet())) {
        if (emitted.add(e.getKey())) {
          emitReader(e.getKey(), e.getValue());
          progress = true;
        }
      }
      for (Map.Entry<String, JType> e : new ArrayList<>(writers.entrySet())) {
        if (emitted.add(e.getKey())) {
          emitWriter(e.getKey(), e.getValue());
          progress = true;
        }
      }
      for (Map.Entry<String, JType> e : new ArrayList<>(equalities.entrySet())) {
        if (emitted.add(e.getKey())) {
          emitEquality(e.getKey(), e.getValue());
          progress = true;
        }
      }
      for (Map.Entry<String, JType> e : new ArrayList<>(hashes.entrySet())) {
        if (emitted.add(e.getKey())) {
          emitHash(e.getKey(), e.getValue());
          progress = true;
        }
      }
    }
    if (hex) {
      SourceWriter w = f.w;
      w.blank();
      w.line("/** Short binary values as hex, longer ones by their length. */");
      w.open("private static " + f.t("java.lang.String") + " hex(byte[] bytes)");
      w.open("if (bytes == null)");
      w.line("return \"null\";");
      w.close();
      w.wrap("return bytes.length <= 64 ? \"0x\" + " + f.t("java.util.HexFormat") + ".of().formatHex(bytes)",
          " : \"<\" + bytes.length + \" bytes>\";");
      w.close();
      hex = false;
    }
  }

  private void emitReader(String name, JType type) {
    SourceWriter w = f.w;
    String pe = f.t("dev.tern.core.ProtocolException");
    String tt = f.t("dev.tern.thrift.TType");
    w.blank();
    w.open("private static " + f.type(type) + " " + name + "(" + f.t("dev.tern.thrift.ThriftReader") + " in)");
    switch (type) {
      case JType.ListOf l -> readCollection(w, "List", "readListBegin", "readListEnd", l.element(), type,
          f.t("java.util.ArrayList") + "<>(size)", f.t("java.util.Collections") + ".unmodifiableList", pe, tt);
      case JType.SetOf s -> readCollection(w, "Set", "readSetBegin", "readSetEnd", s.element(), type,
          null, f.t("java.util.Collections") + ".unmodifiableSet", pe, tt);
      case JType.MapOf m -> {
        w.line("int size = in.readMapBegin();");
        w.open("if (size > 0 && (in.lastKeyType() != " + f.ttype(m.key()) + " || in.lastValueType() != "
            + f.ttype(m.value()) + "))");
        w.line("throw new " + pe + "(" + pe + ".Kind.INVALID_DATA,");
        w.indent().indent();
        w.line("\"expected " + type.idl() + ", got \" + " + tt + ".name(in.lastKeyType()) + \" keys and \"");
        w.line("+ " + tt + ".name(in.lastValueType()) + \" values\");");
        w.outdent().outdent();
        w.close();
        String mapType = f.type(type);
        w.line(mapType + " map = " + f.t("java.util.LinkedHashMap") + ".newLinkedHashMap(size);");
        w.open("for (int i = 0; i < size; i++)");
        boolean nullable = m.key() instanceof JType.EnumRef || m.value() instanceof JType.EnumRef;
        if (nullable) {
          w.line(f.type(m.key(), true) + " key = " + read(m.key(), "in") + ";");
          w.line(f.type(m.value(), true) + " value = " + read(m.value(), "in") + ";");
          w.line("// Entries with enum values this code does not know are dropped, as for fields.");
          w.open("if (key != null && value != null)");
          w.line("map.put(key, value);");
          w.close();
        } else {
          w.line("map.put(" + read(m.key(), "in") + ", " + read(m.value(), "in") + ");");
        }
        w.close();
        w.line("in.readMapEnd();");
        w.line("return " + f.t("java.util.Collections") + ".unmodifiableMap(map);");
      }
      default -> throw new IllegalStateException("not a container: " + type);
    }
    w.close();
  }

  private void readCollection(SourceWriter w, String kind, String begin, String end, JType element, JType type,
      String newList, String wrap, String pe, String tt) {
    String var = kind.equals("List") ? "list" : "set";
    w.line("int size = in." + begin + "();");
    w.open("if (size > 0 && in.lastElementType() != " + f.ttype(element) + ")");
    w.line("throw new " + pe + "(" + pe + ".Kind.INVALID_DATA,");
    w.indent().indent().line("\"expected " + type.idl() + ", got elements of type \" + " + tt
        + ".name(in.lastElementType()));").outdent().outdent();
    w.close();
    String init = newList != null ? "new " + newList
        : f.t("java.util.LinkedHashSet") + ".newLinkedHashSet(size)";
    w.line(f.type(type) + " " + var + " = " + init + ";");
    w.open("for (int i = 0; i < size; i++)");
    if (element instanceof JType.EnumRef) {
      w.line(f.type(element) + " element = " + read(element, "in") + ";");
      w.line("// Enum values this code does not know are dropped, as for fields.");
      w.open("if (element != null)");
      w.line(var + ".add(element);");
      w.close();
    } else {
      w.line(var + ".add(" + read(element, "in") + ");");
    }
    w.close();
    w.line("in." + end + "();");
    w.line("return " + wrap + "(" + var + ");");
  }

  private void emitWriter(String name, JType type) {
    SourceWriter w = f.w;
    w.blank();
    w.open("private static void " + name + "(" + f.t("dev.tern.thrift.ThriftWriter") + " out, " + f.type(type)
        + " value)");
    switch (type) {
      case JType.ListOf l -> writeCollection(w, "writeListBegin", "writeListEnd", l.element());
      case JType.SetOf s -> writeCollection(w, "writeSetBegin", "writeSetEnd", s.element());
      case JType.MapOf m -> {
        w.line("out.writeMapBegin(" + f.ttype(m.key()) + ", " + f.ttype(m.value()) + ", value.size());");
        w.open("for (" + f.t("java.util.Map") + ".Entry<" + f.type(m.key(), true) + ", " + f.type(m.value(), true)
            + "> entry : value.entrySet())");
        w.line(write(m.key(), "entry.getKey()", "out"));
        w.line(write(m.value(), "entry.getValue()", "out"));
        w.close();
        w.line("out.writeMapEnd();");
      }
      default -> throw new IllegalStateException("not a container: " + type);
    }
    w.close();
  }

  private void emitEquality(String name, JType type) {
    SourceWriter w = f.w;
    String t = f.type(type);
    w.blank();
    w.open("private static boolean " + name + "(" + t + " a, " + t + " b)");
    w.open("if (a == null || b == null || a.size() != b.size())");
    w.line("return a == b;");
    w.close();
    if (type instanceof JType.ListOf l) {
      String element = f.type(l.element(), true);
      String iterator = f.t("java.util.Iterator");
      w.line(iterator + "<" + element + "> i = b.iterator();");
      w.open("for (" + element + " element : a)");
      w.open("if (" + not(equalsTerm(l.element(), "element", "i.next()")) + ")");
    } else {
      JType.MapOf m = (JType.MapOf) type;
      w.open("for (" + f.t("java.util.Map") + ".Entry<" + f.type(m.key(), true) + ", " + f.type(m.value(), true)
          + "> entry : a.entrySet())");
      w.open("if (!b.containsKey(entry.getKey()) || "
          + not(equalsTerm(m.value(), "entry.getValue()", "b.get(entry.getKey())")) + ")");
    }
    w.line("return false;");
    w.close();
    w.close();
    w.line("return true;");
    w.close();
  }

  /** The negation of an {@link #equalsTerm}: a comparison needs parentheses, a call does not. */
  private static String not(String term) {
    return term.contains("==") ? "!(" + term + ")" : "!" + term;
  }

  private void emitHash(String name, JType type) {
    SourceWriter w = f.w;
    w.blank();
    w.open("private static int " + name + "(" + f.type(type) + " value)");
    w.open("if (value == null)");
    w.line("return 0;");
    w.close();
    if (type instanceof JType.ListOf l) {
      w.line("int hash = 1;");
      w.open("for (" + f.type(l.element(), true) + " element : value)");
      w.line("hash = 31 * hash + " + hashTerm(l.element(), "element") + ";");
    } else {
      JType.MapOf m = (JType.MapOf) type;
      w.line("int hash = 0; // as Map.hashCode: the order of entries does not matter");
      w.open("for (" + f.t("java.util.Map") + ".Entry<" + f.type(m.key(), true) + ", " + f.type(m.value(), true)
          + "> entry : value.entrySet())");
      w.line("hash += " + f.t("java.util.Objects") + ".hashCode(entry.getKey()) ^ "
          + hashTerm(m.value(), "entry.getValue()") + ";");
    }
    w.close();
    w.line("return hash;");
    w.close();
  }

  private void writeCollection(SourceWriter w, String begin, String end, JType element) {
    w.line("out." + begin + "(" + f.ttype(element) + ", value.size());");
    w.open("for (" + f.type(element, true) + " element : value)");
    w.line(write(element, "element", "out"));
    w.close();
    w.line("out." + end + "();");
  }
}
