package dev.tern.codegen;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.codegen.proto.TestProtos;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code gen} command line. */
class GenMainTest {
  @TempDir Path tmp;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int gen(Object... args) {
    List<String> strings = new ArrayList<>();
    for (Object a : args) {
      strings.add(a.toString());
    }
    return GenMain.run(strings.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String stdout() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String stderr() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void generatesIncludedFilesByDefaultAndPrintsWhatItWrote() {
    assertThat(gen("-o", tmp, Compiled.idl("everything.thrift"))).isZero();
    assertThat(tmp.resolve("dev/tern/gen/test/Calculator.java")).isRegularFile();
    assertThat(tmp.resolve("dev/tern/gen/shared/SharedStruct.java")).isRegularFile();
    assertThat(stdout().lines()).hasSize(18).allSatisfy(line -> assertThat(Path.of(line)).startsWith(tmp));
    assertThat(stderr()).isEmpty();
  }

  @Test
  void noRecursiveGeneratesOnlyTheNamedFiles() {
    assertThat(gen("--no-recursive", "--out=" + tmp, Compiled.idl("everything.thrift"))).isZero();
    assertThat(tmp.resolve("dev/tern/gen/test/Calculator.java")).isRegularFile();
    assertThat(tmp.resolve("dev/tern/gen/shared")).doesNotExist();
  }

  @Test
  void idlErrorsArePrintedWithTheirPositionAndExitWithOne() {
    assertThat(gen("-o", tmp, Compiled.idl("broken.thrift"))).isEqualTo(1);
    assertThat(stderr()).containsPattern("broken\\.thrift:4:\\d+: .*UnknownType");
    assertThat(stdout()).isEmpty();
  }

  @Test
  void generationErrorsExitWithOne() {
    assertThat(gen("-o", tmp, Compiled.idl("clash.thrift"))).isEqualTo(1);
    assertThat(stderr()).contains("clash.thrift:2:").contains("hasCount");
    assertThat(gen("-o", tmp, tmp.resolve("missing.thrift"))).isEqualTo(1);
    assertThat(stderr()).contains("missing.thrift");
  }

  @Test
  void usageErrorsExitWithTwo() {
    assertThat(gen()).isEqualTo(2);
    assertThat(stderr()).contains("no IDL files given").contains("Usage: tern gen");
    assertThat(gen("--bogus", "x.thrift")).isEqualTo(2);
    assertThat(stderr()).contains("unknown option --bogus");
    assertThat(gen("-o")).isEqualTo(2);
    assertThat(stderr()).contains("option -o needs a value");
    assertThat(gen("--opt", "novalue", "x.thrift")).isEqualTo(2);
    assertThat(gen("--help")).isZero();
    assertThat(stdout()).contains("--no-recursive");
  }

  @Test
  void includeDirectoriesAreSearched() throws Exception {
    Path lib = Files.createDirectories(tmp.resolve("lib"));
    Files.writeString(lib.resolve("common.thrift"), "namespace java lib.common\nstruct Id { 1: i64 value }\n");
    Path src = Files.createDirectories(tmp.resolve("src"));
    Files.writeString(src.resolve("main.thrift"), """
        namespace java app
        include "common.thrift"
        struct User { 1: common.Id id }
        """);
    Path gen = tmp.resolve("gen");
    assertThat(gen("-o", gen, src.resolve("main.thrift"))).isEqualTo(1);
    assertThat(stderr()).contains("common.thrift");
    assertThat(gen("-I", lib, "-o", gen, src.resolve("main.thrift"))).isZero();
    assertThat(gen.resolve("app/User.java")).content().contains("import lib.common.Id;");
    assertThat(gen("-I" + lib, "-o", gen, src.resolve("main.thrift"))).isZero();
  }

  @Test
  void pluginsAreFoundByNameAndGetTheirOptions() {
    assertThat(gen("--plugin", "listing", "--opt", "listing.suffix=!", "-o", tmp, Compiled.idl("calculator.thrift")))
        .isZero();
    assertThat(tmp.resolve("calculator.txt")).hasContent("DivideByZero!\nCalculator!");
    assertThat(tmp.resolve("example")).doesNotExist();
    assertThat(gen("--plugin", "nope", "-o", tmp, Compiled.idl("calculator.thrift"))).isEqualTo(1);
    assertThat(stderr()).contains("unknown generator plugin 'nope'").contains("java").contains("listing");
  }

  @Test
  void unchangedFilesAreNotRewritten() throws Exception {
    assertThat(gen("-o", tmp, Compiled.idl("calculator.thrift"))).isZero();
    Path file = tmp.resolve("example/calc/Calculator.java");
    FileTime old = FileTime.fromMillis(1_000_000_000_000L);
    Files.setLastModifiedTime(file, old);
    assertThat(gen("-o", tmp, Compiled.idl("calculator.thrift"))).isZero();
    assertThat(Files.getLastModifiedTime(file)).isEqualTo(old);
  }

  @Test
  void protoFilesGenerateMessagesAndStubsNextToThrift() {
    Path root = TestProtos.root();
    assertThat(gen("-I", root, "-o", tmp, TestProtos.file("tern/test/greeter.proto"), Compiled.idl("calculator.thrift")))
        .isZero();
    assertThat(tmp.resolve("example/calc/Calculator.java")).isRegularFile();
    assertThat(tmp.resolve("dev/tern/gen/proto/greet/GreeterRpc.java")).content().contains("public final class GreeterRpc");
    assertThat(tmp.resolve("dev/tern/gen/proto/greet/HelloRequest.java")).isRegularFile();
    assertThat(tmp.resolve("tern/test/common/CommonOuterClass.java")).isRegularFile();
    assertThat(stdout()).contains("GreeterRpc.java").contains("Calculator.java");
  }

  @Test
  void protocErrorsAndAMissingProtocExitWithOne() throws Exception {
    Path broken = Files.writeString(tmp.resolve("broken.proto"), "syntax = \"proto3\";\nmessage M { int32 x = ; }\n");
    assertThat(gen("-o", tmp, broken)).isEqualTo(1);
    assertThat(stderr()).contains("protoc failed").contains("broken.proto:2:");
    assertThat(gen("--protoc", tmp.resolve("no-such-protoc"), "-o", tmp, TestProtos.file("tern/test/common.proto")))
        .isEqualTo(1);
    assertThat(stderr()).contains("protoc not found at").contains("no-such-protoc");
  }
}
