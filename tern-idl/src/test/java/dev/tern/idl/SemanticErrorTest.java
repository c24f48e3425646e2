package dev.tern.idl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every semantic check, with the exact position it reports. Files are written to a temporary
 * directory; error strings are shown relative to it.
 */
class SemanticErrorTest {
  @TempDir Path dir;

  private void write(String name, String source) throws IOException {
    Path file = dir.resolve(name);
    Files.createDirectories(file.getParent());
    Files.writeString(file, source);
  }

  /** Loads main.thrift (plus the given name/source pairs) and returns its errors. */
  private List<String> errors(String main, String... others) throws IOException {
    write("main.thrift", main);
    for (int i = 0; i < others.length; i += 2) {
      write(others[i], others[i + 1]);
    }
    IdlException e = catchThrowableOfType(IdlException.class,
        () -> IdlLoader.builder().includeDir(dir.resolve("inc")).build().load(dir.resolve("main.thrift")));
    assertThat(e).as("expected the IDL to be rejected").isNotNull();
    String root = dir.toAbsolutePath() + File.separator;
    return e.errors().stream().map(err -> err.toString().replace(root, "")).toList();
  }

  @Test
  void unknownTypes() throws IOException {
    assertThat(errors("""
        struct S {
          1: Missing m
          2: list<map<string, Gone>> g
        }
        typedef Nope T
        const Unknown C = 1
        service Svc { Absent f(1: Lost x) throws (1: Vanished e) }
        """)).containsExactly(
        "main.thrift:2:6: unknown type 'Missing'",
        "main.thrift:3:23: unknown type 'Gone'",
        "main.thrift:5:9: unknown type 'Nope'",
        "main.thrift:6:7: unknown type 'Unknown'",
        "main.thrift:7:15: unknown type 'Absent'",
        "main.thrift:7:27: unknown type 'Lost'",
        "main.thrift:7:46: unknown type 'Vanished'");
  }

  @Test
  void unknownIncludePrefix() throws IOException {
    assertThat(errors("""
        include "other.thrift"
        struct S {
          1: nope.Thing t
          2: other.Missing m
          3: other.Thing ok
        }
        const i32 C = nope.Enum.VALUE
        const i32 D = other.MISSING
        const i32 E = other.Kind.MISSING
        const i32 F = other.Nope.MISSING
        """, "other.thrift", "struct Thing {}\nenum Kind { A }")).containsExactly(
        "main.thrift:3:6: unknown include prefix 'nope' in 'nope.Thing' (no include of nope.thrift)",
        "main.thrift:4:6: unknown type 'other.Missing'",
        "main.thrift:7:15: unknown constant, enum value or include prefix in 'nope.Enum.VALUE'",
        "main.thrift:8:15: unknown constant 'other.MISSING'",
        "main.thrift:9:15: enum other.Kind has no value 'MISSING'",
        "main.thrift:10:15: unknown enum 'other.Nope'");
  }

  @Test
  void includeNotFound() throws IOException {
    assertThat(errors("""
        namespace java x
        include "missing.thrift"
        """)).containsExactly("main.thrift:2:1: included file \"missing.thrift\" not found; looked at "
        + "missing.thrift, " + Path.of("inc", "missing.thrift"));
  }

  @Test
  void includeCycle() throws IOException {
    assertThat(errors("include \"a.thrift\"", "a.thrift", "include \"b.thrift\"\n", "b.thrift",
        "struct B {}\ninclude \"main.thrift\"\n"))
        .containsExactly("b.thrift:2:1: include cycle: main.thrift -> a.thrift -> b.thrift -> main.thrift");
    assertThat(errors("include \"main.thrift\"")).containsExactly("main.thrift:1:1: include cycle: main.thrift -> main.thrift");
  }

  @Test
  void ambiguousIncludePrefix() throws IOException {
    assertThat(errors("include \"a/x.thrift\"\ninclude \"b/x.thrift\"\n", "a/x.thrift", "", "b/x.thrift", ""))
        .containsExactly("main.thrift:2:1: include prefix 'x' is ambiguous: both " + Path.of("a", "x.thrift")
            + " and " + Path.of("b", "x.thrift") + " are included");
  }

  @Test
  void duplicateDefinitions() throws IOException {
    assertThat(errors("""
        struct A {}
        enum A { X }
        service A {}
        const i32 K = 1
        const i32 K = 2
        const i32 B = 1
        struct B {}
        """)).containsExactly(
        "main.thrift:2:1: 'A' is already defined at main.thrift:1:1",
        "main.thrift:3:1: 'A' is already defined at main.thrift:1:1",
        "main.thrift:5:1: 'K' is already defined at main.thrift:4:1");
  }

  @Test
  void duplicateFieldIdsAndNames() throws IOException {
    assertThat(errors("""
        exception E {}
        struct S {
          1: i32 a
          1: i32 b
          2: i32 a
        }
        service Svc {
          void f(1: i32 x, 1: i32 y, 2: i32 x) throws (1: E e, 1: E e2, 2: E e)
        }
        """)).containsExactly(
        "main.thrift:4:3: duplicate field id 1 in struct S (also used by 'a' at main.thrift:3:3)",
        "main.thrift:5:3: duplicate field name 'a' in struct S (first at main.thrift:3:3)",
        "main.thrift:8:20: duplicate field id 1 in the arguments of function Svc.f (also used by 'x' at main.thrift:8:10)",
        "main.thrift:8:30: duplicate field name 'x' in the arguments of function Svc.f (first at main.thrift:8:10)",
        "main.thrift:8:56: duplicate field id 1 in the throws clause of function Svc.f (also used by 'e' at main.thrift:8:48)",
        "main.thrift:8:65: duplicate field name 'e' in the throws clause of function Svc.f (first at main.thrift:8:48)");
  }

  @Test
  void duplicateEnumValueNames() throws IOException {
    assertThat(errors("enum E {\n  A = 1,\n  B,\n  A = 3\n}"))
        .containsExactly("main.thrift:4:3: duplicate value 'A' in enum E (first at main.thrift:2:3)");
  }

  @Test
  void duplicateFunctionNamesIncludingInherited() throws IOException {
    assertThat(errors("""
        include "base.thrift"
        service Middle extends base.Root {
          void own()
          void own()
        }
        service Leaf extends Middle {
          void ping()
          void own()
          void leaf()
        }
        """, "base.thrift", "service Root { void ping() }")).containsExactly(
        "main.thrift:4:3: duplicate function 'own' in service Middle (first at main.thrift:3:3)",
        "main.thrift:7:3: function 'ping' is already defined in inherited service base.Root",
        "main.thrift:8:3: function 'own' is already defined in inherited service Middle");
  }

  @Test
  void extendsMustNameAService() throws IOException {
    assertThat(errors("""
        struct NotAService {}
        service A extends NotAService {}
        service B extends Missing {}
        service C extends nope.Svc {}
        """)).containsExactly(
        "main.thrift:2:19: 'NotAService' is not a service; a service can only extend a service",
        "main.thrift:3:19: unknown service 'Missing'",
        "main.thrift:4:19: unknown include prefix 'nope' in 'nope.Svc' (no include of nope.thrift)");
  }

  @Test
  void serviceInheritanceCycle() throws IOException {
    assertThat(errors("service A extends B {}\nservice B extends A {}\nservice C extends C {}"))
        .containsExactly("main.thrift:1:1: service inheritance cycle: A -> B -> A",
            "main.thrift:3:1: service inheritance cycle: C -> C");
  }

  @Test
  void throwsOnlyExceptions() throws IOException {
    assertThat(errors("""
        exception Oops {}
        struct Plain {}
        typedef Oops AliasOops
        typedef Plain AliasPlain
        service Svc {
          void a() throws (1: Plain p)
          void b() throws (1: i32 code)
          void c() throws (1: AliasOops fine, 2: AliasPlain bad)
        }
        """)).containsExactly(
        "main.thrift:6:20: 'p' in the throws clause of function Svc.a has type Plain, which is not an exception",
        "main.thrift:7:20: 'code' in the throws clause of function Svc.b has type i32, which is not an exception",
        "main.thrift:8:39: 'bad' in the throws clause of function Svc.c has type AliasPlain, which is not an exception");
  }

  @Test
  void onewayFunctionsAreVoidAndThrowNothing() throws IOException {
    assertThat(errors("""
        exception Oops {}
        service Svc {
          oneway i32 count()
          oneway void risky() throws (1: Oops o)
          oneway void fine(1: i32 x)
        }
        """)).containsExactly(
        "main.thrift:3:3: oneway function 'count' must return void",
        "main.thrift:4:3: oneway function 'risky' cannot declare exceptions");
  }

  @Test
  void serviceIsNotAType() throws IOException {
    assertThat(errors("service Svc {}\nstruct S { 1: Svc s }"))
        .containsExactly("main.thrift:2:15: 'Svc' is a service, not a type");
  }

  @Test
  void typedefCycles() throws IOException {
    assertThat(errors("""
        typedef A B
        typedef B A
        typedef Self Self
        typedef list<map<string, Rec>> Rec
        struct UsesCycle { 1: B b }
        """)).containsExactly(
        "main.thrift:1:1: typedef cycle: B -> A -> B",
        "main.thrift:3:1: typedef cycle: Self -> Self",
        "main.thrift:4:1: typedef cycle: Rec -> Rec");
  }

  @Test
  void constantValuesMustFitTheirTypes() throws IOException {
    assertThat(errors("""
        enum Color { RED = 1, GREEN = 2 }
        enum Shape { CIRCLE, SQUARE }
        struct P { 1: i32 x }
        typedef i8 Tiny
        const i32 A = "text"
        const i8 B = 128
        const i16 C = -32769
        const i32 D = 2147483648
        const Tiny E = 300
        const i64 F = 1.5
        const double G = "x"
        const string H = 5
        const bool I = 2
        const i32 J = true
        const Color K = Color.BLUE
        const Color L = 3
        const Color M = Shape.CIRCLE
        const list<i32> N = {1: 2}
        const map<i32, i32> O = [1]
        const set<string> Q = ["a", 1]
        const P R = {"y": 1}
        const P S = {1: 1}
        const P T = [1]
        const uuid U = "not-a-uuid"
        const i32 V = UNDEFINED
        const i32 W = Nope.X
        const i8 X = BIG
        const i32 BIG = 1000
        const i32 Y = Y
        const binary Z = 1
        const uuid HALF_BRACED = "{00112233-4455-6677-8899-aabbccddeeff"
        """)).containsExactly(
        "main.thrift:5:15: expected i32, found string \"text\"",
        "main.thrift:6:14: value 128 is out of range for i8",
        "main.thrift:7:15: value -32769 is out of range for i16",
        "main.thrift:8:15: value 2147483648 is out of range for i32",
        "main.thrift:9:16: value 300 is out of range for i8",
        "main.thrift:10:15: expected i64, found double 1.5",
        "main.thrift:11:18: expected double, found string \"x\"",
        "main.thrift:12:18: expected string, found integer 5",
        "main.thrift:13:16: expected bool (true, false, 0 or 1), found integer 2",
        "main.thrift:14:15: expected i32, found boolean true",
        "main.thrift:15:17: enum Color has no value 'BLUE'",
        "main.thrift:16:17: 3 is not a value of enum Color",
        "main.thrift:17:17: 'Shape.CIRCLE' is a value of enum Shape, not of Color",
        "main.thrift:18:21: expected list<i32> (a [...] list), found a map",
        "main.thrift:19:25: expected map<i32,i32> (a {key: value} map), found a list",
        "main.thrift:20:29: expected string, found integer 1",
        "main.thrift:21:14: struct P has no field 'y'",
        "main.thrift:22:14: field names in a struct constant must be quoted strings",
        "main.thrift:23:13: expected struct P (a {\"field\": value} map), found a list",
        "main.thrift:24:16: \"not-a-uuid\" is not a valid uuid",
        "main.thrift:25:15: unknown constant 'UNDEFINED'",
        "main.thrift:26:15: unknown constant, enum value or include prefix in 'Nope.X'",
        "main.thrift:27:14: constant 'BIG' cannot be used as i8: value 1000 is out of range for i8",
        "main.thrift:29:15: constant 'Y' refers to itself",
        "main.thrift:30:18: expected binary, found integer 1",
        "main.thrift:31:26: \"{00112233-4455-6677-8899-aabbccddeeff\" is not a valid uuid");
  }

  @Test
  void defaultValuesAreCheckedLikeConstants() throws IOException {
    assertThat(errors("""
        enum Color { RED = 1 }
        struct D {
          1: i32 a = "s",
          2: Color c = Color.PURPLE,
          3: list<i32> l = [1, "two"]
        }
        service Svc { void f(1: i8 small = 1000) }
        """)).containsExactly(
        "main.thrift:3:14: expected i32, found string \"s\"",
        "main.thrift:4:16: enum Color has no value 'PURPLE'",
        "main.thrift:5:24: expected i32, found string \"two\"",
        "main.thrift:7:36: value 1000 is out of range for i8");
  }

  @Test
  void errorsOfEveryFileAreReportedTogether() throws IOException {
    assertThat(errors("""
        include "inc/lib.thrift"
        struct S { 1: Missing m }
        """, "inc/lib.thrift", "struct L { 1: AlsoMissing a }"))
        .containsExactly("main.thrift:2:15: unknown type 'Missing'", "inc/lib.thrift:1:15: unknown type 'AlsoMissing'");
  }

  @Test
  void errorsAreListedInSourceOrder() throws IOException {
    // the syntax error is found before the includes are followed, yet listed after the include
    assertThat(errors("""
        include "absent.thrift"
        struct {}
        """)).extracting(e -> e.substring(0, e.indexOf(": "))).containsExactly("main.thrift:1:1", "main.thrift:2:8");
    assertThat(errors("""
        struct S { 1: Missing m }
        struct S {}
        """)).containsExactly("main.thrift:1:15: unknown type 'Missing'",
        "main.thrift:2:1: 'S' is already defined at main.thrift:1:1");
  }

  @Test
  void syntaxErrorsOfIncludedFilesAreReported() throws IOException {
    assertThat(errors("include \"broken.thrift\"\nstruct S {}", "broken.thrift", "struct {"))
        .containsExactly("broken.thrift:1:8: expected a name for the struct, found '{'");
  }
}
