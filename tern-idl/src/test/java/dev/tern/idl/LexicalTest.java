package dev.tern.idl;

import static dev.tern.idl.ParserTest.definition;
import static dev.tern.idl.ParserTest.parse;
import static dev.tern.idl.ParserTest.syntaxErrors;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.idl.Ast.ConstValue;
import org.junit.jupiter.api.Test;

/** Comments, doc comments, literals and lexical errors. */
class LexicalTest {

  @Test
  void allCommentStylesAreSkipped() {
    Ast.Document doc = parse("""
        # shell style
        // line style
        /* block
           style */ struct /* inline */ S { // trailing
          1: i32 a # trailing too
        } /**/ /*****/
        """);
    assertThat(doc.definitions()).singleElement().satisfies(d -> {
      assertThat(d.name()).isEqualTo("S");
      assertThat(d.position()).hasToString("t.thrift:4:13");
      assertThat(d.doc()).isNull();
    });
  }

  @Test
  void docCommentsAttachToTheNextDefinitionFieldFunctionAndEnumValue() {
    Ast.Document doc = parse("""
        /** File comment, swallowed by the namespace. */
        namespace java x

        /** One line. */
        typedef i32 T

        /**
         * Several lines,
         *   one indented.
         *
         * After a blank line.
         */
        struct S {
          /** the a */
          1: i32 a
          // an ordinary comment in between keeps the doc
          /// two slash
          /// lines
          2: i32 b
          /* not a doc */
          3: i32 c
        }

        /// The service.
        service Svc {
          /** Does f. */
          void f(/** the arg */ 1: i32 arg)
          /** One way. */
          oneway void g()
        }

        enum E {
          /** first */
          A,
          B
        }

        /** Replaced by the next doc. */
        /** The const. */
        const i32 C = 1
        """);
    assertThat(definition(doc, "T", Ast.Typedef.class).doc()).isEqualTo("One line.");
    Ast.Struct s = definition(doc, "S", Ast.Struct.class);
    assertThat(s.doc()).isEqualTo("Several lines,\n  one indented.\n\nAfter a blank line.");
    assertThat(s.fields()).extracting(Ast.Field::doc).containsExactly("the a", "two slash\nlines", null);
    Ast.Service svc = definition(doc, "Svc", Ast.Service.class);
    assertThat(svc.doc()).isEqualTo("The service.");
    assertThat(svc.functions()).extracting(Ast.Function::doc).containsExactly("Does f.", "One way.");
    assertThat(svc.functions().get(0).params().get(0).doc()).isEqualTo("the arg");
    assertThat(definition(doc, "E", Ast.Enum.class).values()).extracting(Ast.EnumValue::doc)
        .containsExactly("first", null);
    assertThat(definition(doc, "C", Ast.Const.class).doc()).isEqualTo("The const.");
  }

  @Test
  void docCommentBeforeADefinitionIsNotInheritedByTheFollowingOne() {
    Ast.Document doc = parse("/** only A */ struct A {} struct B {}");
    assertThat(doc.definitions()).extracting(Ast.Definition::doc).containsExactly("only A", null);
  }

  @Test
  void numbersAndIdentifiersFollowApacheLexing() {
    Ast.Document doc = parse("""
        const double e10 = 1e10
        const i32 leading = 0098
        const double decimal = 085.25
        const string x = e10
        """);
    assertThat(definition(doc, "e10", Ast.Const.class).value()).isInstanceOf(ConstValue.Double.class);
    assertThat(((ConstValue.Int) definition(doc, "leading", Ast.Const.class).value()).value()).isEqualTo(98);
    assertThat(((ConstValue.Double) definition(doc, "decimal", Ast.Const.class).value()).value()).isEqualTo(85.25);
    // "e10" is an identifier, not a number
    assertThat(definition(doc, "x", Ast.Const.class).value()).isInstanceOf(ConstValue.Identifier.class);
  }

  @Test
  void byteOrderMarkIsIgnored() {
    assertThat(parse("\uFEFFstruct S {}").definitions().get(0).position()).hasToString("t.thrift:1:1");
  }

  @Test
  void unterminatedString() {
    assertThat(syntaxErrors("const string S = \"abc\nconst i32 X = 1"))
        .containsExactly("t.thrift:1:18: unterminated string literal");
  }

  @Test
  void badEscape() {
    assertThat(syntaxErrors("const string S = 'a\\qb'\nconst string U = \"\\u12\""))
        .containsExactly("t.thrift:1:20: bad escape character '\\q'",
            "t.thrift:2:19: bad \\u escape, expected 4 hex digits");
  }

  @Test
  void unexpectedCharacter() {
    assertThat(syntaxErrors("struct S {\n  1: i32 a $\n}")).containsExactly("t.thrift:2:12: unexpected character '$'");
  }

  @Test
  void integerOverflow() {
    assertThat(syntaxErrors("const i64 A = 9223372036854775808\nconst i64 B = 0x1ffffffffffffffff"))
        .containsExactly("t.thrift:1:15: integer constant 9223372036854775808 does not fit in 64 bits",
            "t.thrift:2:15: integer constant 0x1ffffffffffffffff does not fit in 64 bits");
  }

  @Test
  void malformedHex() {
    assertThat(syntaxErrors("const i32 A = 0x")).containsExactly("t.thrift:1:15: malformed hex constant '0x'");
  }

  @Test
  void unterminatedComment() {
    assertThat(syntaxErrors("struct S {}\n/* never closed\nstruct T {}"))
        .containsExactly("t.thrift:2:1: unterminated comment");
  }
}
