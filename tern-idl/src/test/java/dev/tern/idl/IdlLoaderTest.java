package dev.tern.idl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tern.idl.Ast.ConstValue;
import dev.tern.idl.Ast.Type;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Include resolution and the {@link Ast.Program} lookups. */
class IdlLoaderTest {
  @TempDir Path dir;

  private Path write(String name, String source) throws IOException {
    Path file = dir.resolve(name);
    Files.createDirectories(file.getParent());
    Files.writeString(file, source);
    return file;
  }

  private static <T> T definition(Ast.Document doc, String name, Class<T> kind) {
    return ParserTest.definition(doc, name, kind);
  }

  @Test
  void includesResolveNextToTheIncluderFirstThenOnTheIncludePathInOrder() throws IOException {
    write("app/main.thrift", """
        include "near.thrift"
        include "far.thrift"
        include "sub/deep.thrift"
        """);
    write("app/near.thrift", "struct Near {}");
    write("lib1/near.thrift", "struct Shadowed {}");
    write("lib1/far.thrift", "struct Far1 {}");
    write("lib2/far.thrift", "struct Far2 {}");
    write("app/sub/deep.thrift", "include \"sibling.thrift\"");
    write("app/sub/sibling.thrift", "struct Sibling {}");

    Ast.Program p = IdlLoader.builder().includePath(List.of(dir.resolve("lib1"), dir.resolve("lib2"))).build()
        .load(dir.resolve("app/../app/main.thrift"));
    assertThat(p.main().file()).isEqualTo(dir.resolve("app/main.thrift").toAbsolutePath());
    assertThat(p.main().includes()).extracting(Ast.Include::resolved).containsExactly(
        dir.resolve("app/near.thrift"), dir.resolve("lib1/far.thrift"), dir.resolve("app/sub/deep.thrift"));
    assertThat(p.documents()).extracting(d -> dir.relativize(d.file()).toString().replace('\\', '/'))
        .containsExactly("app/main.thrift", "app/near.thrift", "lib1/far.thrift", "app/sub/deep.thrift",
            "app/sub/sibling.thrift");
  }

  @Test
  void aFileIncludedTwiceIsLoadedOnce() throws IOException {
    write("a.thrift", "include \"common.thrift\"\nstruct A { 1: common.C c }");
    write("b.thrift", "include \"common.thrift\"\nstruct B { 1: common.C c }");
    write("common.thrift", "struct C {}");
    Ast.Program p = IdlLoader.builder().build()
        .load(write("main.thrift", "include \"a.thrift\"\ninclude \"b.thrift\"\ninclude \"common.thrift\""));
    assertThat(p.documents()).extracting(Ast.Document::prefix).containsExactly("main", "a", "common", "b");
    Ast.Document a = p.documents().get(1);
    Ast.Document b = p.documents().get(3);
    Type.Named fromA = (Type.Named) definition(a, "A", Ast.Struct.class).fields().get(0).type();
    Type.Named fromB = (Type.Named) definition(b, "B", Ast.Struct.class).fields().get(0).type();
    assertThat(p.resolve(a, fromA).document()).isSameAs(p.resolve(b, fromB).document()).isSameAs(p.documents().get(2));
  }

  @Test
  void resolveFindsLocalAndQualifiedNames() throws IOException {
    write("shared.thrift", "struct Shared {}\nservice Base {}");
    Ast.Program p = IdlLoader.builder().build().load(write("main.thrift", """
        include "shared.thrift"
        struct Local { 1: Local self, 2: shared.Shared other }
        service Svc extends shared.Base {}
        """));
    Ast.Document main = p.main();
    List<Ast.Field> fields = definition(main, "Local", Ast.Struct.class).fields();
    Ast.Resolved local = p.resolve(main, (Type.Named) fields.get(0).type());
    assertThat(local.definition().name()).isEqualTo("Local");
    assertThat(local.document()).isSameAs(main);
    Ast.Resolved shared = p.resolve(main, (Type.Named) fields.get(1).type());
    assertThat(shared.definition()).isInstanceOf(Ast.Struct.class);
    assertThat(shared.document().prefix()).isEqualTo("shared");
    Ast.Resolved base = p.resolve(main, definition(main, "Svc", Ast.Service.class).extendsService());
    assertThat(base.definition()).isInstanceOf(Ast.Service.class);

    assertThatThrownBy(() -> p.resolve(main, new Type.Named("Nope", Map.of(), null)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'Nope' does not resolve");
    Ast.Document stranger = IdlLoader.parse("struct X {}", dir.resolve("stranger.thrift"));
    assertThatThrownBy(() -> p.resolve(stranger, new Type.Named("X", Map.of(), null)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not part of this program");
  }

  @Test
  void includePrefixesMayContainDots() throws IOException {
    write("api.v1.thrift", "struct T {}\nenum E { V = 3 }\nconst i32 C = 9");
    Ast.Program p = IdlLoader.builder().build().load(write("main.thrift", """
        include "api.v1.thrift"
        struct S { 1: api.v1.T t, 2: api.v1.E e = api.v1.E.V }
        const i32 COPY = api.v1.C
        """));
    List<Ast.Field> f = definition(p.main(), "S", Ast.Struct.class).fields();
    assertThat(p.resolve(p.main(), (Type.Named) f.get(0).type()).document().prefix()).isEqualTo("api.v1");
    assertThat(((ConstValue.Int) p.resolveConst(p.main(), (ConstValue.Identifier) f.get(1).defaultValue())).value())
        .isEqualTo(3);
    assertThat(resolve(p, p.main(), "COPY")).isEqualTo(9);
  }

  @Test
  void unwrapFollowsTypedefsAcrossFiles() throws IOException {
    write("base.thrift", "struct Thing {}\ntypedef Thing BaseAlias\ntypedef list<Thing> Things");
    write("mid.thrift", "include \"base.thrift\"\ntypedef base.BaseAlias MidAlias");
    Ast.Program p = IdlLoader.builder().build().load(write("main.thrift", """
        include "mid.thrift"
        include "base.thrift"
        typedef mid.MidAlias Top
        typedef i64 Id
        struct S { 1: Top t, 2: Id id, 3: base.Things things, 4: map<Id, Top> m }
        """));
    List<Ast.Field> f = definition(p.main(), "S", Ast.Struct.class).fields();

    Ast.TypeInContext thing = p.unwrap(p.main(), f.get(0).type());
    assertThat(thing.type()).isInstanceOf(Type.Named.class);
    assertThat(thing.document().prefix()).isEqualTo("base");
    assertThat(p.resolve(thing.document(), (Type.Named) thing.type()).definition().name()).isEqualTo("Thing");

    assertThat(p.unwrap(p.main(), f.get(1).type()).type()).isEqualTo(new Type.Base(Type.BaseKind.I64, Map.of()));
    Ast.TypeInContext things = p.unwrap(p.main(), f.get(2).type());
    assertThat(things.type()).isInstanceOf(Type.ListOf.class);
    assertThat(things.document().prefix()).isEqualTo("base");
    // containers are returned as written; their elements are unwrapped on demand
    Ast.TypeInContext map = p.unwrap(p.main(), f.get(3).type());
    assertThat(map.type()).isSameAs(f.get(3).type());
    assertThat(map.document()).isSameAs(p.main());
  }

  @Test
  void resolveConstGivesTheValueBehindAnIdentifier() throws IOException {
    write("shared.thrift", """
        enum Level { LOW, HIGH = 10 }
        const i32 BASE = 40
        const list<i32> LIST = [BASE, Level.HIGH]
        """);
    Ast.Program p = IdlLoader.builder().build().load(write("main.thrift", """
        include "shared.thrift"
        const i32 LOCAL = shared.BASE
        const bool YES = true
        const bool NO = false
        const shared.Level L = shared.Level.HIGH
        const list<i32> COPY = shared.LIST
        const map<string, list<i32>> NESTED = {"a": [LOCAL, 2]}
        """));
    Ast.Document main = p.main();
    assertThat(resolve(p, main, "LOCAL")).isEqualTo(40L);
    assertThat(resolve(p, main, "YES")).isEqualTo(1L);
    assertThat(resolve(p, main, "NO")).isEqualTo(0L);
    assertThat(resolve(p, main, "L")).isEqualTo(10L);
    ConstValue copy = p.resolveConst(main, (ConstValue.Identifier) definition(main, "COPY", Ast.Const.class).value());
    assertThat(((ConstValue.ListValue) copy).values()).extracting(v -> ((ConstValue.Int) v).value())
        .containsExactly(40L, 10L);

    ConstValue.MapValue nested = (ConstValue.MapValue) definition(main, "NESTED", Ast.Const.class).value();
    ConstValue.Identifier local = (ConstValue.Identifier) ((ConstValue.ListValue) nested.entries().get(0).getValue())
        .values().get(0);
    assertThat(((ConstValue.Int) p.resolveConst(main, local)).value()).isEqualTo(40L);

    assertThatThrownBy(() -> p.resolveConst(main, new ConstValue.Identifier("MISSING", null)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static long resolve(Ast.Program p, Ast.Document doc, String constName) {
    ConstValue.Identifier id = (ConstValue.Identifier) definition(doc, constName, Ast.Const.class).value();
    return ((ConstValue.Int) p.resolveConst(doc, id)).value();
  }

  @Test
  void apacheStyleValuesAreCanonicalised() throws IOException {
    write("shared.thrift", "enum Shared { S0, S1 }");
    Ast.Program p = IdlLoader.builder().build().load(write("main.thrift", """
        include "shared.thrift"
        enum A { X = 1, Y = 2 }
        enum B { Y = 7 }
        struct S {
          1: B wrongPrefix = A.Y
          2: shared.Shared viaInclude = shared.S1
          3: set<i32> emptySet = {}
          4: map<i32, i32> emptyMap = []
          5: A plain = A.X
          6: uuid id = "{00112233-4455-6677-8899-AABBCCDDEEFF}"
        }
        const map<A, shared.Shared> M = {A.X: shared.S0}
        """));
    List<Ast.Field> f = definition(p.main(), "S", Ast.Struct.class).fields();
    // Apache reads an enum value by its last name segment in the expected enum
    assertThat(f.get(0).defaultValue()).isEqualTo(new ConstValue.Int(7, new Ast.Position(p.main().file(), 5, 22)));
    assertThat(((ConstValue.Int) f.get(1).defaultValue()).value()).isEqualTo(1);
    assertThat(f.get(2).defaultValue()).isInstanceOf(ConstValue.ListValue.class);
    assertThat(f.get(3).defaultValue()).isInstanceOf(ConstValue.MapValue.class);
    assertThat(f.get(4).defaultValue()).isEqualTo(new ConstValue.Identifier("A.X",
        new Ast.Position(p.main().file(), 9, 16)));
    assertThat(((ConstValue.Str) f.get(5).defaultValue()).value()).isEqualTo("00112233-4455-6677-8899-AABBCCDDEEFF");
    ConstValue.MapValue m = (ConstValue.MapValue) definition(p.main(), "M", Ast.Const.class).value();
    assertThat(m.entries().get(0).getKey()).isInstanceOf(ConstValue.Identifier.class);
    assertThat(m.entries().get(0).getValue()).isInstanceOf(ConstValue.Int.class);
    // lookups work on the rewritten tree
    assertThat(p.resolve(p.main(), (Type.Named) f.get(1).type()).definition().name()).isEqualTo("Shared");
  }

  @Test
  void aMissingMainFileIsAnIoError() {
    assertThatThrownBy(() -> IdlLoader.builder().build().load(dir.resolve("absent.thrift")))
        .isInstanceOf(UncheckedIOException.class).hasMessageContaining("absent.thrift");
  }

  @Test
  void exceptionMessageListsEveryError() throws IOException {
    Path main = write("main.thrift", "struct S { 1: A a, 2: B b }");
    assertThatThrownBy(() -> IdlLoader.builder().build().load(main))
        .isInstanceOf(IdlException.class)
        .hasMessage(main + ":1:15: unknown type 'A'\n" + main + ":1:23: unknown type 'B'");
  }

  @Test
  void invalidUtf8InAnIncludeIsReportedAtTheInclude() throws IOException {
    Files.write(dir.resolve("latin1.thrift"), new byte[] {'#', ' ', (byte) 0xE9, '\n'});
    Path main = write("main.thrift", "include \"latin1.thrift\"");
    assertThatThrownBy(() -> IdlLoader.builder().build().load(main))
        .isInstanceOf(IdlException.class)
        .hasMessage(main + ":1:1: cannot read included file " + dir.resolve("latin1.thrift") + ": not valid UTF-8");
  }
}
