package dev.tern.idl;

import static dev.tern.idl.ParserTest.definition;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.idl.Ast.ConstValue;
import dev.tern.idl.Ast.Field;
import dev.tern.idl.Ast.Requiredness;
import dev.tern.idl.Ast.Type;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Whole IDL files under src/test/resources/idl, written for this project in the style of the IDL
 * found in the wild (and in Apache Thrift's own test suite), plus the ThriftTest wire contract.
 */
class RealWorldIdlTest {

  /**
   * The cross-test IDL, kept once in the module that serves it (tern-cli); this test parses that
   * very file so the wire contract and its check cannot drift apart. Surefire runs in the module dir.
   */
  static Path thriftTestIdl() {
    return Path.of("../tern-cli/src/main/thrift/ThriftTest.thrift").toAbsolutePath().normalize();
  }

  static Path resource(String name) {
    try {
      return Path.of(RealWorldIdlTest.class.getResource("/idl/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Ast.Program load(String name) {
    return IdlLoader.builder().includeDir(resource("realworld/common")).build().load(resource(name));
  }

  @Test
  void thriftTestKeepsApacheWireContract() {
    Ast.Program p = IdlLoader.builder().build().load(thriftTestIdl());
    List<String> definitions = Signatures.of(p.main()).stream().filter(s -> !s.startsWith("service")).toList();
    assertThat(definitions).containsExactly(
        "enum Numberz {ONE=1, TWO=2, THREE=3, FIVE=5, SIX=6, EIGHT=8}",
        "const Numberz myNumberz",
        "typedef i64 UserId",
        "struct Bonk {1:string message, 2:i32 type}",
        "typedef map<string,Bonk> MapType",
        "struct Bools {1:bool im_true, 2:bool im_false}",
        "struct Xtruct {1:string string_thing, 4:byte byte_thing, 9:i32 i32_thing, 11:i64 i64_thing}",
        "struct Xtruct2 {1:byte byte_thing, 2:Xtruct struct_thing, 3:i32 i32_thing}",
        "struct Xtruct3 {1:string string_thing, 4:i32 changed, 9:i32 i32_thing, 11:i64 i64_thing}",
        "struct Insanity {1:map<Numberz,UserId> userMap, 2:list<Xtruct> xtructs}",
        "struct CrazyNesting {1:string string_field, 2:optional set<Insanity> set_field, 3:required "
            + "list<map<set<i32>,map<i32,set<list<map<Insanity,string>>>>>> list_field, 4:binary binary_field, "
            + "5:uuid uuid_field}",
        "union SomeUnion {1:map<Numberz,UserId> map_thing, 2:string string_thing, 3:i32 i32_thing, "
            + "4:Xtruct3 xtruct_thing, 5:Insanity insanity_thing}",
        "exception Xception {1:i32 errorCode, 2:string message}",
        "exception Xception2 {1:i32 errorCode, 2:Xtruct struct_thing}",
        "struct EmptyStruct {}",
        "struct OneField {1:EmptyStruct field}",
        "struct VersioningTestV1 {1:i32 begin_in_both, 3:string old_string, 12:i32 end_in_both}",
        "struct VersioningTestV2 {1:i32 begin_in_both, 2:i32 newint, 3:byte newbyte, 4:i16 newshort, 5:i64 newlong, "
            + "6:double newdouble, 7:Bonk newstruct, 8:list<i32> newlist, 9:set<i32> newset, 10:map<i32,i32> newmap, "
            + "11:string newstring, 12:i32 end_in_both}",
        "struct ListTypeVersioningV1 {1:list<i32> myints, 2:string hello}",
        "struct ListTypeVersioningV2 {1:list<string> strings, 2:string hello}",
        "struct GuessProtocolStruct {7:map<string,string> map_field}",
        "struct LargeDeltas {1:Bools b1, 10:Bools b10, 100:Bools b100, 500:bool check_true, 1000:Bools b1000, "
            + "1500:bool check_false, 2000:VersioningTestV2 vertwo2000, 2500:set<string> a_set2500, "
            + "3000:VersioningTestV2 vertwo3000, 4000:list<i32> big_numbers}",
        "struct NestedListsI32x2 {1:list<list<i32>> integerlist}",
        "struct NestedListsI32x3 {1:list<list<list<i32>>> integerlist}",
        "struct NestedMixedx2 {1:list<set<i32>> int_set_list, 2:map<i32,set<string>> map_int_strset, "
            + "3:list<map<i32,set<string>>> map_int_strset_list}",
        "struct ListBonks {1:list<Bonk> bonk}",
        "struct NestedListsBonk {1:list<list<list<Bonk>>> bonk}",
        "struct BoolTest {1:optional bool b, 2:optional string s}",
        "struct StructA {1:required string s}",
        "struct StructB {1:optional StructA aa, 2:required StructA ab}",
        "struct OptionalSetDefaultTest {1:optional set<string> with_default}",
        "struct OptionalBinary {1:optional set<binary> bin_set, 2:optional map<binary,i32> bin_map}");

    assertThat(definition(p.main(), "ThriftTest", Ast.Service.class).functions()).extracting(Signatures::of)
        .containsExactly(
            "void testVoid()",
            "string testString(1:string thing)",
            "bool testBool(1:bool thing)",
            "byte testByte(1:byte thing)",
            "i32 testI32(1:i32 thing)",
            "i64 testI64(1:i64 thing)",
            "double testDouble(1:double thing)",
            "binary testBinary(1:binary thing)",
            "uuid testUuid(1:uuid thing)",
            "Xtruct testStruct(1:Xtruct thing)",
            "Xtruct2 testNest(1:Xtruct2 thing)",
            "map<i32,i32> testMap(1:map<i32,i32> thing)",
            "map<string,string> testStringMap(1:map<string,string> thing)",
            "set<i32> testSet(1:set<i32> thing)",
            "list<i32> testList(1:list<i32> thing)",
            "Numberz testEnum(1:Numberz thing)",
            "UserId testTypedef(1:UserId thing)",
            "map<i32,map<i32,i32>> testMapMap(1:i32 hello)",
            "map<UserId,map<Numberz,Insanity>> testInsanity(1:Insanity argument)",
            "Xtruct testMulti(1:byte arg0, 2:i32 arg1, 3:i64 arg2, 4:map<i16,string> arg3, 5:Numberz arg4, "
                + "6:UserId arg5)",
            "void testException(1:string arg) throws (1:Xception err1)",
            "Xtruct testMultiException(1:string arg0, 2:string arg1) throws (1:Xception err1, 2:Xception2 err2)",
            "oneway void testOneway(1:i32 secondsToSleep)");
    assertThat(definition(p.main(), "SecondService", Ast.Service.class).functions()).extracting(Signatures::of)
        .containsExactly("string secondtestString(1:string thing)");

    assertThat(p.resolveConst(p.main(), (ConstValue.Identifier) definition(p.main(), "myNumberz", Ast.Const.class)
        .value())).isInstanceOfSatisfying(ConstValue.Int.class, i -> assertThat(i.value()).isEqualTo(1));
    assertThat(definition(p.main(), "Xtruct", Ast.Struct.class).doc()).contains("echoed by most calls");
  }

  @Test
  void tutorialStyleServiceAcrossAnIncludeFoundOnTheIncludePath() {
    Ast.Program p = load("realworld/calculator.thrift");
    Ast.Document main = p.main();
    assertThat(p.documents()).extracting(Ast.Document::prefix).containsExactly("calculator", "base");
    assertThat(main.namespace("java")).isEqualTo("dev.tern.example.calc");

    Ast.Service calc = definition(main, "Calculator", Ast.Service.class);
    Ast.Resolved parent = p.resolve(main, calc.extendsService());
    assertThat(((Ast.Service) parent.definition()).functions()).extracting(Signatures::of)
        .containsExactly("Entry fetch(1:i32 key) throws (1:NotFound missing)", "oneway void touch(1:i32 key)");
    assertThat(parent.document().namespace("java")).isEqualTo("dev.tern.example.base");

    Ast.Function calculate = calc.functions().get(2);
    assertThat(Signatures.of(calculate))
        .isEqualTo("Number calculate(1:i32 logid, 2:Work w) throws (1:BadOperation ouch, 2:base.NotFound gone)");
    assertThat(p.unwrap(main, calculate.returnType()).type()).isEqualTo(new Type.Base(Type.BaseKind.I32, Map.of()));

    assertThat(constInt(p, main, "CALC_LEVEL")).isEqualTo(6);
    assertThat(constInt(p, main, "KEY_ALIAS")).isEqualTo(7);
    Field level = definition(main, "Work", Ast.Struct.class).fields().get(4);
    assertThat(((ConstValue.Int) p.resolveConst(main, (ConstValue.Identifier) level.defaultValue())).value())
        .isEqualTo(5);
  }

  private static long constInt(Ast.Program p, Ast.Document doc, String name) {
    ConstValue v = definition(doc, name, Ast.Const.class).value();
    return ((ConstValue.Int) (v instanceof ConstValue.Identifier id ? p.resolveConst(doc, id) : v)).value();
  }

  @Test
  void annotationsEverywhere() {
    Ast.Document doc = load("realworld/annotated.thrift").main();
    assertThat(definition(doc, "LinkedInts", Ast.Typedef.class).type().annotations())
        .containsExactly(Map.entry("cpp.template", "std::list"));
    Ast.Typedef wide = definition(doc, "WideString", Ast.Typedef.class);
    assertThat(wide.type().annotations()).containsExactly(Map.entry("unicode.encoding", "UTF-16"));
    assertThat(wide.annotations()).containsExactly(Map.entry("origin", "legacy"));
    assertThat(((Type.ListOf) definition(doc, "SmallFloats", Ast.Typedef.class).type()).element().annotations())
        .containsExactly(Map.entry("cpp.fixed_point", "16"));

    Ast.Struct record = definition(doc, "Record", Ast.Struct.class);
    assertThat(record.annotations()).containsExactly(Map.entry("cpp.type", "DenseRecord"), Map.entry("java.final", ""),
        Map.entry("flag.without.value", "1"));
    assertThat(record.fields().get(1).annotations())
        .containsExactly(Map.entry("presence", "manual"), Map.entry("cpp.use_pointer", ""));

    Ast.Enum day = definition(doc, "Day", Ast.Enum.class);
    assertThat(day.values()).extracting(v -> v.annotations().get("weekend")).containsExactly("yes", null, "yes");
    assertThat(day.annotations()).containsEntry("display.name", "day of week");

    Ast.Service svc = definition(doc, "Annotated", Ast.Service.class);
    assertThat(svc.annotations()).containsExactly(Map.entry("service.version", "2"));
    assertThat(svc.functions()).extracting(f -> f.annotations().toString()).containsExactly(
        "{idempotent=true}", "{deprecated=use 'run' or \"walk\" instead}",
        "{deprecated=text with tabs (\t) and ünïcödé}", "{deprecated=1}", "{}");
    Ast.Function risky = svc.functions().get(4);
    assertThat(risky.params().get(0).annotations()).containsExactly(Map.entry("range", "0..10"));
    assertThat(risky.throwsFields().get(0).annotations()).containsExactly(Map.entry("retry", "no"));
  }

  @Test
  void constantsOfEveryShape() {
    Ast.Program p = load("realworld/constants.thrift");
    Ast.Document doc = p.main();
    assertThat(doc.definitions().stream().filter(d -> d instanceof Ast.Const)).hasSize(34);
    assertThat(constInt(p, doc, "LEADING_ZERO")).isEqualTo(98);
    assertThat(constInt(p, doc, "MOST")).isEqualTo(Long.MAX_VALUE);
    assertThat(constInt(p, doc, "FAVOURITE")).isEqualTo(4);
    assertThat(constInt(p, doc, "ALIAS")).isEqualTo(3);
    assertThat(constInt(p, doc, "YES")).isEqualTo(1);
    assertThat(((ConstValue.Str) definition(doc, "DOUBLE_QUOTED", Ast.Const.class).value()).value())
        .isEqualTo("line\nbreak\ttab \"quoted\" back\\slash");

    ConstValue.ListValue points = (ConstValue.ListValue) definition(doc, "POINTS", Ast.Const.class).value();
    ConstValue.MapValue second = (ConstValue.MapValue) points.values().get(1);
    assertThat(second.entries()).extracting(e -> ((ConstValue.Str) e.getKey()).value())
        .containsExactly("x", "y", "color");
    ConstValue.MapValue named = (ConstValue.MapValue) definition(doc, "NAMED_POINTS", Ast.Const.class).value();
    ConstValue origin = p.resolveConst(doc, (ConstValue.Identifier) named.entries().get(0).getValue());
    assertThat(((ConstValue.MapValue) origin).entries().get(2).getValue())
        .isEqualTo(new ConstValue.Str("00000000-4444-cccc-FFFF-0123456789ab",
            new Ast.Position(doc.file(), 34, 23)));
  }

  @Test
  void everyTypeAndServiceInheritance() {
    Ast.Program p = load("realworld/everything.thrift");
    Ast.Document doc = p.main();
    assertThat(doc.namespaces()).containsEntry("java.swift", "legacy.swift")
        .containsEntry("smalltalk.category", "Tern-Examples").containsEntry("php", "EverythingPhp")
        .containsEntry("xsd", "http://example.org/everything");
    assertThat(doc.namespace("rb")).isEqualTo("everything");
    assertThat(doc.cppIncludes()).containsExactly("<unordered_map>");
    assertThat(definition(doc, "AllTypes", Ast.Struct.class).doc()).isNull();
    assertThat(Signatures.of(definition(doc, "AllTypes", Ast.Struct.class))).isEqualTo(
        "struct AllTypes {1:bool flag, 2:byte old_byte, 3:byte small, 4:i16 short_num, 5:i32 num, 6:i64 big, "
            + "7:double real, 8:string text, 9:binary blob, 10:uuid id, 11:string legacy_string, 12:list<byte> bytes, "
            + "13:set<i16> shorts, 14:map<i64,double> table, 15:list<uuid> ids}");
    assertThat(definition(doc, "Backwards", Ast.Struct.class).fields()).extracting(Field::id).containsExactly(2, 1);
    assertThat(definition(doc, "Sparse", Ast.Struct.class).fields()).extracting(Field::id)
        .containsExactly(1, 500, 20000, 32767);
    assertThat(definition(doc, "Choice", Ast.Struct.class).kind()).isEqualTo(Ast.StructKind.UNION);

    Ast.Service top = definition(doc, "Top", Ast.Service.class);
    Ast.Service middle = (Ast.Service) p.resolve(doc, top.extendsService()).definition();
    Ast.Service base = (Ast.Service) p.resolve(doc, middle.extendsService()).definition();
    assertThat(base.functions()).extracting(Signatures::of)
        .containsExactly("void ping()", "oneway void fire(1:i32 n)", "oneway void legacy_fire()");
    assertThat(top.functions()).extracting(Signatures::of).containsExactly(
        "Containers nest(1:Containers c, 2:i32 ignored_optional)",
        "i32 count(-1:i32 implicit_id, -2:string also_implicit)");
  }

  @Test
  void recursiveStructs() {
    Ast.Program p = load("realworld/recursive.thrift");
    Field trees = definition(p.main(), "Forest", Ast.Struct.class).fields().get(0);
    Type element = ((Type.ListOf) trees.type()).element();
    Ast.TypeInContext tree = p.unwrap(p.main(), element);
    assertThat(p.resolve(tree.document(), (Type.Named) tree.type()).definition().name()).isEqualTo("TreeNode");
    Field pong = definition(p.main(), "Ping", Ast.Struct.class).fields().get(0);
    assertThat(p.resolve(p.main(), (Type.Named) pong.type()).definition().name()).isEqualTo("Pong");
  }

  @Test
  void requirednessAndImplicitIds() {
    Ast.Document doc = load("realworld/requiredness.thrift").main();
    Ast.Struct person = definition(doc, "Person", Ast.Struct.class);
    assertThat(person.fields()).extracting(Field::id).containsExactly(1, 2, 3, -1, -2, -3, 10);
    assertThat(person.fields()).extracting(Field::requiredness).containsExactly(Requiredness.REQUIRED,
        Requiredness.OPTIONAL, Requiredness.DEFAULT, Requiredness.REQUIRED, Requiredness.OPTIONAL,
        Requiredness.DEFAULT, Requiredness.OPTIONAL);
    assertThat(definition(doc, "Mixed", Ast.Struct.class).fields()).extracting(Field::id).containsExactly(-1, 5, -2);
    assertThat(Signatures.of(definition(doc, "People", Ast.Service.class).functions().get(0)))
        .isEqualTo("Person find(1:required string name, 2:i32 age, 3:i32 limit)");
  }

  @Test
  void docComments() {
    Ast.Document doc = load("realworld/docs.thrift").main();
    assertThat(definition(doc, "Documented", Ast.Typedef.class).doc()).isEqualTo("Single line doc.");
    Ast.Struct shape = definition(doc, "Shape", Ast.Struct.class);
    assertThat(shape.doc()).isEqualTo("Multi-line doc\nwith a second line.\n\n  Indented text keeps its relative indent.");
    assertThat(shape.fields()).extracting(Field::doc).containsExactly("the width", "the height,\nin two lines", null, null);
    Ast.Service shapes = definition(doc, "Shapes", Ast.Service.class);
    assertThat(shapes.doc()).isEqualTo("A service documented with triple slashes.");
    assertThat(shapes.functions()).extracting(Ast.Function::doc).containsExactly("Draws it.", "Fire and forget.");
    assertThat(shapes.functions().get(0).params().get(0).doc()).isEqualTo("the shape");
    assertThat(definition(doc, "Axis", Ast.Enum.class).values()).extracting(Ast.EnumValue::doc)
        .containsExactly("horizontal", "vertical");
    assertThat(definition(doc, "NOT_DOCUMENTED", Ast.Const.class).doc()).isNull();
    assertThat(definition(doc, "ALSO_NOT_DOCUMENTED", Ast.Const.class).doc()).isNull();
  }
}
