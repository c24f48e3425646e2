package dev.tern.idl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.tern.idl.Ast.ConstValue;
import dev.tern.idl.Ast.Field;
import dev.tern.idl.Ast.Requiredness;
import dev.tern.idl.Ast.Type;
import dev.tern.idl.Ast.Type.BaseKind;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The grammar, one construct at a time, through {@link IdlLoader#parse}. */
class ParserTest {

  static Ast.Document parse(String source) {
    return IdlLoader.parse(source, Path.of("t.thrift"));
  }

  static List<String> syntaxErrors(String source) {
    IdlException e = catchThrowableOfType(IdlException.class, () -> parse(source));
    assertThat(e).as("expected a syntax error").isNotNull();
    return e.errors().stream().map(IdlError::toString).toList();
  }

  static <T> T definition(Ast.Document doc, String name, Class<T> kind) {
    return kind.cast(doc.definitions().stream().filter(d -> d.name().equals(name)).findFirst().orElseThrow());
  }

  @Test
  void headers() {
    Ast.Document doc = parse("""
        include "shared.thrift"
        include 'sub/other.thrift'
        cpp_include "<vector>"
        namespace java com.example.api
        namespace * example
        namespace py.twisted example.twisted
        namespace java.swift example.swift
        namespace smalltalk.category Example-Category
        namespace xsd example (uri = "http://example.org")
        php_namespace ExamplePhp
        xsd_namespace "http://example.org/ns"
        """);
    assertThat(doc.includes()).extracting(Ast.Include::path).containsExactly("shared.thrift", "sub/other.thrift");
    assertThat(doc.includes().get(1).position()).hasToString("t.thrift:2:1");
    assertThat(doc.includes()).allSatisfy(i -> assertThat(i.resolved()).isNull());
    assertThat(doc.cppIncludes()).containsExactly("<vector>");
    assertThat(doc.namespaces()).containsExactly(
        Map.entry("java", "com.example.api"), Map.entry("*", "example"), Map.entry("py.twisted", "example.twisted"),
        Map.entry("java.swift", "example.swift"), Map.entry("smalltalk.category", "Example-Category"),
        Map.entry("xsd", "http://example.org/ns"), Map.entry("php", "ExamplePhp"));
    assertThat(doc.namespace("java")).isEqualTo("com.example.api");
    assertThat(doc.namespace("go")).isEqualTo("example");
    assertThat(doc.prefix()).isEqualTo("t");
  }

  @Test
  void baseTypes() {
    Ast.Document doc = parse("""
        struct S {
          1: bool a, 2: byte b, 3: i8 c, 4: i16 d, 5: i32 e, 6: i64 f, 7: double g,
          8: string h, 9: binary i, 10: uuid j, 11: slist k
        }
        """);
    assertThat(definition(doc, "S", Ast.Struct.class).fields())
        .extracting(f -> ((Type.Base) f.type()).kind())
        .containsExactly(BaseKind.BOOL, BaseKind.BYTE, BaseKind.BYTE, BaseKind.I16, BaseKind.I32, BaseKind.I64,
            BaseKind.DOUBLE, BaseKind.STRING, BaseKind.BINARY, BaseKind.UUID, BaseKind.STRING);
  }

  @Test
  void containerAndNamedTypesWithAnnotations() {
    Ast.Document doc = parse("""
        typedef list<i32> (cpp.template = "std::list") Ints (origin = "x")
        typedef map<string (enc = "utf8"), set<shared.Thing>> Index
        typedef map cpp_type "std::unordered_map<int,int>" <i32, i32> Hash
        typedef list<i8> cpp_type "std::vector<int8_t>" OldStyle
        typedef Other (marker) Alias
        """);
    Ast.Typedef ints = definition(doc, "Ints", Ast.Typedef.class);
    assertThat(ints.type()).isEqualTo(new Type.ListOf(new Type.Base(BaseKind.I32, Map.of()),
        Map.of("cpp.template", "std::list")));
    assertThat(ints.annotations()).containsExactly(Map.entry("origin", "x"));

    Type.MapOf index = (Type.MapOf) definition(doc, "Index", Ast.Typedef.class).type();
    assertThat(index.key()).isEqualTo(new Type.Base(BaseKind.STRING, Map.of("enc", "utf8")));
    Type.Named thing = (Type.Named) ((Type.SetOf) index.value()).element();
    assertThat(thing.name()).isEqualTo("shared.Thing");
    assertThat(thing.position()).hasToString("t.thrift:2:40");

    assertThat(definition(doc, "Hash", Ast.Typedef.class).type().annotations())
        .containsExactly(Map.entry("cpp_type", "std::unordered_map<int,int>"));
    assertThat(definition(doc, "OldStyle", Ast.Typedef.class).type().annotations())
        .containsExactly(Map.entry("cpp_type", "std::vector<int8_t>"));
    assertThat(definition(doc, "Alias", Ast.Typedef.class).type().annotations())
        .containsExactly(Map.entry("marker", "1"));
  }

  @Test
  void enumValuesAreExplicitOrPreviousPlusOne() {
    Ast.Document doc = parse("""
        enum E {
          A,
          B = 10;
          C
          D = -3,
          E2,
          F = 0x10 (note = "hex"),
        } (enum.note = "x")
        enum Empty {}
        """);
    Ast.Enum e = definition(doc, "E", Ast.Enum.class);
    assertThat(e.values()).extracting(Ast.EnumValue::name).containsExactly("A", "B", "C", "D", "E2", "F");
    assertThat(e.values()).extracting(Ast.EnumValue::value).containsExactly(0, 10, 11, -3, -2, 16);
    assertThat(e.values().get(5).annotations()).containsExactly(Map.entry("note", "hex"));
    assertThat(e.values().get(2).position()).hasToString("t.thrift:4:3");
    assertThat(e.annotations()).containsExactly(Map.entry("enum.note", "x"));
    assertThat(e.position()).hasToString("t.thrift:1:1");
    assertThat(definition(doc, "Empty", Ast.Enum.class).values()).isEmpty();
  }

  @Test
  void enumValueMustFitInt32() {
    assertThat(syntaxErrors("enum E {\n  BIG = 4294967296\n  NEXT = 2147483647, OVER\n}"))
        .containsExactly("t.thrift:2:3: value of E.BIG (4294967296) does not fit in 32 bits",
            "t.thrift:3:22: value of E.OVER (2147483648) does not fit in 32 bits");
  }

  @Test
  void constLiterals() {
    Ast.Document doc = parse("""
        const i32 DEC = 42
        const i32 NEG = -7;
        const i32 HEX = 0x1F,
        const i32 NEG_HEX = -0x1f
        const i32 PLUS = +5
        const double D1 = 1.5
        const double D2 = 6.02e23
        const double D3 = -.5
        const double D4 = 1E-3
        const string S1 = "a\\"b\\n\\t\\\\c\\'"
        const string S2 = 'it\\'s "fine"'
        const string S3 = "\\u00e9t\\u00E9"
        const bool T = true
        const Color C = Color.RED
        const list<i32> L = [1, 2; 3]
        const map<string, list<i32>> M = {"a": [1], 'b': [], }
        """);
    assertThat(doc.definitions()).extracting(d -> ((Ast.Const) d).value().getClass().getSimpleName())
        .containsExactly("Int", "Int", "Int", "Int", "Int", "Double", "Double", "Double", "Double", "Str", "Str",
            "Str", "Identifier", "Identifier", "ListValue", "MapValue");
    assertThat(value(doc, "DEC")).isEqualTo(new ConstValue.Int(42, pos(1, 17)));
    assertThat(((ConstValue.Int) value(doc, "NEG")).value()).isEqualTo(-7);
    assertThat(((ConstValue.Int) value(doc, "HEX")).value()).isEqualTo(31);
    assertThat(((ConstValue.Int) value(doc, "NEG_HEX")).value()).isEqualTo(-31);
    assertThat(((ConstValue.Int) value(doc, "PLUS")).value()).isEqualTo(5);
    assertThat(((ConstValue.Double) value(doc, "D1")).value()).isEqualTo(1.5);
    assertThat(((ConstValue.Double) value(doc, "D2")).value()).isEqualTo(6.02e23);
    assertThat(((ConstValue.Double) value(doc, "D3")).value()).isEqualTo(-0.5);
    assertThat(((ConstValue.Double) value(doc, "D4")).value()).isEqualTo(0.001);
    assertThat(((ConstValue.Str) value(doc, "S1")).value()).isEqualTo("a\"b\n\t\\c'");
    assertThat(((ConstValue.Str) value(doc, "S2")).value()).isEqualTo("it's \"fine\"");
    assertThat(((ConstValue.Str) value(doc, "S3")).value()).isEqualTo("été");
    assertThat(value(doc, "T")).isEqualTo(new ConstValue.Identifier("true", pos(13, 16)));
    assertThat(((ConstValue.Identifier) value(doc, "C")).name()).isEqualTo("Color.RED");
    assertThat(((ConstValue.ListValue) value(doc, "L")).values())
        .extracting(v -> ((ConstValue.Int) v).value()).containsExactly(1L, 2L, 3L);
    ConstValue.MapValue m = (ConstValue.MapValue) value(doc, "M");
    assertThat(m.entries()).hasSize(2);
    assertThat(m.entries().get(1).getKey()).isEqualTo(new ConstValue.Str("b", pos(16, 45)));
    assertThat(m.entries().get(1).getValue()).isEqualTo(new ConstValue.ListValue(List.of(), pos(16, 50)));
  }

  private static ConstValue value(Ast.Document doc, String name) {
    return definition(doc, name, Ast.Const.class).value();
  }

  private static Ast.Position pos(int line, int column) {
    return new Ast.Position(Path.of("t.thrift"), line, column);
  }

  @Test
  void structUnionException() {
    Ast.Document doc = parse("""
        struct S xsd_all {
          1: required i32 a = 1 (k = "v"),
          2: optional string b;
          3: list<S> c
        } (s.note = "n")
        union U { 1: i32 x 2: string y }
        exception E { 1: string message }
        """);
    Ast.Struct s = definition(doc, "S", Ast.Struct.class);
    assertThat(s.kind()).isEqualTo(Ast.StructKind.STRUCT);
    assertThat(s.fields()).extracting(Field::id).containsExactly(1, 2, 3);
    assertThat(s.fields()).extracting(Field::name).containsExactly("a", "b", "c");
    assertThat(s.fields()).extracting(Field::requiredness)
        .containsExactly(Requiredness.REQUIRED, Requiredness.OPTIONAL, Requiredness.DEFAULT);
    assertThat(s.fields().get(0).defaultValue()).isEqualTo(new ConstValue.Int(1, pos(2, 23)));
    assertThat(s.fields().get(0).annotations()).containsExactly(Map.entry("k", "v"));
    assertThat(s.fields().get(1).position()).hasToString("t.thrift:3:3");
    assertThat(s.annotations()).containsExactly(Map.entry("s.note", "n"));
    assertThat(definition(doc, "U", Ast.Struct.class).kind()).isEqualTo(Ast.StructKind.UNION);
    assertThat(definition(doc, "U", Ast.Struct.class).fields()).hasSize(2);
    assertThat(definition(doc, "E", Ast.Struct.class).kind()).isEqualTo(Ast.StructKind.EXCEPTION);
  }

  @Test
  void omittedFieldIdsCountDownFromMinusOne() {
    Ast.Struct s = definition(parse("struct S { i32 a; 7: i32 b; i32 c; string d }"), "S", Ast.Struct.class);
    assertThat(s.fields()).extracting(Field::id).containsExactly(-1, 7, -2, -3);
  }

  @Test
  void fieldExtrasApacheTolerates() {
    Ast.Struct s = definition(parse("""
        struct S {
          1: i32 a xsd_optional xsd_nillable,
          2: Other & b,
          3: i32 c xsd_attrs { 1: i32 hidden },
        }
        """), "S", Ast.Struct.class);
    assertThat(s.fields()).extracting(Field::name).containsExactly("a", "b", "c");
  }

  @Test
  void fieldNamesMayBeKeywords() {
    Ast.Struct s = definition(parse("struct S { 1: string type, 2: i32 service, 3: list<i32> list, 4: bool required }"),
        "S", Ast.Struct.class);
    assertThat(s.fields()).extracting(Field::name).containsExactly("type", "service", "list", "required");
  }

  @Test
  void services() {
    Ast.Document doc = parse("""
        service Base {}
        service S extends shared.Base {
          void ping(),
          oneway void fire(1: i32 n);
          async void legacy()
          i32 add(1: i32 a, 2: optional i32 b = 2, 3: required i32 c) throws (1: Oops e (why = "x"), 2: Other o)
            (idempotent)
          list<string> names()
        } (version = "2")
        """);
    Ast.Service s = definition(doc, "S", Ast.Service.class);
    assertThat(s.extendsService().name()).isEqualTo("shared.Base");
    assertThat(s.extendsService().position()).hasToString("t.thrift:2:19");
    assertThat(s.annotations()).containsExactly(Map.entry("version", "2"));
    assertThat(s.functions()).extracting(Ast.Function::name).containsExactly("ping", "fire", "legacy", "add", "names");
    assertThat(s.functions()).extracting(Ast.Function::oneway).containsExactly(false, true, true, false, false);
    assertThat(s.functions().get(0).returnType()).isNull();
    assertThat(s.functions().get(1).position()).hasToString("t.thrift:4:3");

    Ast.Function add = s.functions().get(3);
    assertThat(add.returnType()).isEqualTo(new Type.Base(BaseKind.I32, Map.of()));
    // Apache ignores 'optional' in argument lists; 'required' is kept.
    assertThat(add.params()).extracting(Field::requiredness)
        .containsExactly(Requiredness.DEFAULT, Requiredness.DEFAULT, Requiredness.REQUIRED);
    assertThat(add.params().get(1).defaultValue()).isInstanceOf(ConstValue.Int.class);
    assertThat(add.throwsFields()).extracting(Field::name).containsExactly("e", "o");
    assertThat(add.throwsFields().get(0).annotations()).containsExactly(Map.entry("why", "x"));
    assertThat(add.annotations()).containsExactly(Map.entry("idempotent", "1"));
    assertThat(definition(doc, "Base", Ast.Service.class).functions()).isEmpty();
  }

  @Test
  void definitionsMayEndWithSeparators() {
    Ast.Document doc = parse("typedef i32 A; const i32 B = 1, struct C {};");
    assertThat(doc.definitions()).extracting(Ast.Definition::name).containsExactly("A", "B", "C");
  }

  @Test
  void reservedWordsCannotNameDefinitions() {
    assertThat(syntaxErrors("struct list {}\nenum E { true }\nservice S { void map() }"))
        .containsExactly("t.thrift:1:8: reserved word 'list' cannot be used as a name",
            "t.thrift:2:10: reserved word 'true' cannot be used as a name",
            "t.thrift:3:18: reserved word 'map' cannot be used as a name");
  }

  @Test
  void definitionNamesCannotBeQualified() {
    assertThat(syntaxErrors("struct a.B {}\nstruct C { 1: i32 x.y }"))
        .containsExactly("t.thrift:1:8: struct name 'a.B' must not contain '.'",
            "t.thrift:2:19: field name 'x.y' must not contain '.'");
  }

  @Test
  void senumIsRejectedWithAClearMessage() {
    assertThat(syntaxErrors("senum Names { \"a\", \"b\" }\nstruct S {}"))
        .containsExactly("t.thrift:1:1: 'senum' is no longer supported by Thrift; use an enum or a string");
  }

  @Test
  void fieldIdsMustBePositiveI16() {
    assertThat(syntaxErrors("struct S {\n  0: i32 a\n  -1: i32 b\n  32768: i32 c\n  32767: i32 d\n}"))
        .containsExactly("t.thrift:2:3: field id 0 is out of range; ids are 1 to 32767",
            "t.thrift:3:3: field id -1 is out of range; ids are 1 to 32767",
            "t.thrift:4:3: field id 32768 is out of range; ids are 1 to 32767");
  }

  @Test
  void voidIsOnlyAReturnType() {
    assertThat(syntaxErrors("struct S { 1: void x }"))
        .containsExactly("t.thrift:1:15: 'void' is only allowed as a function's return type");
  }

  @Test
  void syntaxErrorsReportPositionAndWhatWasFound() {
    assertThat(syntaxErrors("struct S {\n  1: i32 a\n  2 i32 b\n}")).containsExactly("t.thrift:3:5: expected ':', found 'i32'");
    assertThat(syntaxErrors("struct S {\n  1: i32\n}")).containsExactly("t.thrift:3:1: expected a field name, found '}'");
    assertThat(syntaxErrors("struct S {\n  1: i32 a")).containsExactly("t.thrift:2:11: expected a type, found end of file");
    assertThat(syntaxErrors("const i32 X 5")).containsExactly("t.thrift:1:13: expected '=', found '5'");
    assertThat(syntaxErrors("const i32 X = }")).containsExactly("t.thrift:1:15: expected a constant value, found '}'");
    assertThat(syntaxErrors("include shared")).containsExactly("t.thrift:1:9: expected a quoted include path, found 'shared'");
    assertThat(syntaxErrors("namespace { x")).containsExactly(
        "t.thrift:1:11: expected a namespace scope (a language name or '*'), found '{'");
    assertThat(syntaxErrors("namespace java")).containsExactly("t.thrift:1:15: expected a namespace name, found end of file");
    assertThat(syntaxErrors("42")).containsExactly("t.thrift:1:1: expected a definition, found '42'");
    assertThat(syntaxErrors("strut S {}")).containsExactly("t.thrift:1:1: expected a definition, found 'strut'");
    assertThat(syntaxErrors("service S { void f(1: i32 a }")).containsExactly("t.thrift:1:29: expected a type, found '}'");
    assertThat(syntaxErrors("struct S { 1: map<i32> m }")).containsExactly("t.thrift:1:22: expected ',', found '>'");
    assertThat(syntaxErrors("struct S { 1: i32 a (x = 1) }"))
        .containsExactly("t.thrift:1:26: expected a quoted annotation value, found '1'");
  }

  @Test
  void recoversAtTheNextDefinitionAndReportsEveryError() {
    assertThat(syntaxErrors("""
        struct A {
          1: i32 = 5
        }
        struct B { 1: i32 ok }
        enum C { X = Y }
        service D { void f() throws 1: E e }
        struct E { 1: i32 x
        struct F {}
        """)).containsExactly(
        "t.thrift:2:10: expected a field name, found '='",
        "t.thrift:5:14: expected an integer enum value, found 'Y'",
        "t.thrift:6:29: expected '(', found '1'",
        "t.thrift:8:1: expected a type, found 'struct'");
  }

  @Test
  void parseNamesTheDocumentAfterItsPath() {
    Ast.Document doc = IdlLoader.parse("struct S {}", Path.of("dir", "my.file.thrift"));
    assertThat(doc.file()).isEqualTo(Path.of("dir", "my.file.thrift"));
    assertThat(doc.prefix()).isEqualTo("my.file");
    assertThat(doc.definitions().get(0).position()).hasToString(Path.of("dir", "my.file.thrift") + ":1:1");
  }
}
