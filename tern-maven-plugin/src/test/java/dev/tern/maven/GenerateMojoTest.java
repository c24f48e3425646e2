package dev.tern.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.project.MavenProject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the goals' generation logic directly, with a bare MavenProject. */
class GenerateMojoTest {
  @TempDir Path base;
  Path thrift;
  Path out;
  Path protoOut;
  GenerateMojo mojo;

  @BeforeEach
  void setUp() throws IOException {
    thrift = Files.createDirectories(base.resolve("src/main/thrift"));
    copy("calculator.thrift", thrift);
    copy("common.thrift", thrift);
    out = base.resolve("target/generated-sources/tern");
    protoOut = base.resolve("target/generated-sources/tern-proto");
    mojo = new GenerateMojo();
    mojo.project = new MavenProject();
    mojo.sourceDirectory = thrift.toFile();
    mojo.outputDirectory = out.toFile();
  }

  /** Copies a test IDL file, dated a minute ago: file times are coarse, "before" must be unambiguous. */
  private static void copy(String name, Path dir) throws IOException {
    copyResource("/thrift/" + name, dir.resolve(name));
  }

  private static void copyResource(String resource, Path file) throws IOException {
    Files.createDirectories(file.getParent());
    try (InputStream in = GenerateMojoTest.class.getResourceAsStream(resource)) {
      Files.copy(in, file);
    }
    Files.setLastModifiedTime(file, FileTime.from(Instant.now().minusSeconds(60)));
  }

  /** Adds src/main/proto with two files to the project. */
  private Path withProto() throws IOException {
    Path proto = base.resolve("src/main/proto");
    copyResource("/proto/example/greet.proto", proto.resolve("example/greet.proto"));
    copyResource("/proto/example/names.proto", proto.resolve("example/names.proto"));
    mojo.protoSourceDirectory = proto.toFile();
    mojo.protoOutputDirectory = protoOut.toFile();
    return proto;
  }

  /** Rewrites an IDL file, dated in the future so that it is newer than anything generated. */
  private void edit(String name, String content) throws IOException {
    Files.writeString(thrift.resolve(name), content);
    Files.setLastModifiedTime(thrift.resolve(name), FileTime.from(Instant.now().plusSeconds(60)));
  }

  @Test
  void generatesAndAddsTheCompileSourceRoot() throws Exception {
    mojo.execute();
    assertThat(out.resolve("example/calc/Calculator.java")).content().contains("public final class Calculator");
    assertThat(out.resolve("example/common/Overflow.java")).isRegularFile();
    assertThat(mojo.project.getCompileSourceRoots()).containsExactly(out.toString());
  }

  @Test
  void regeneratesOnlyWhenStale() throws Exception {
    assertThat(mojo.generateIfStale()).isTrue();
    assertThat(mojo.generateIfStale()).isFalse();
    edit("common.thrift", Files.readString(thrift.resolve("common.thrift")) + "// touched\n");
    assertThat(mojo.generateIfStale()).isTrue();
    Files.setLastModifiedTime(thrift.resolve("common.thrift"), FileTime.from(Instant.now().minusSeconds(60)));
    mojo.options.put("some.option", "x"); // a configuration change makes the output stale too
    assertThat(mojo.generateIfStale()).isTrue();
    assertThat(mojo.generateIfStale()).isFalse();
  }

  @Test
  void removesFilesOfDefinitionsThatAreGone() throws Exception {
    mojo.execute();
    edit("common.thrift", """
        namespace java example.common
        exception Overflow { 1: string message }
        struct Extra {}
        """);
    mojo.execute();
    assertThat(out.resolve("example/common/Extra.java")).isRegularFile();
    edit("common.thrift", """
        namespace java example.common
        exception Overflow { 1: string message }
        """);
    mojo.execute();
    assertThat(out.resolve("example/common/Extra.java")).doesNotExist();
    assertThat(out.resolve("example/common/Overflow.java")).isRegularFile();
  }

  @Test
  void idlErrorsFailTheBuildWithTheirPosition() throws Exception {
    Files.writeString(thrift.resolve("bad.thrift"), "struct S {\n  1: Missing m\n}\n");
    assertThatThrownBy(mojo::execute).isInstanceOf(MojoFailureException.class)
        .hasMessageContaining("bad.thrift:2:").hasMessageContaining("Missing");
  }

  @Test
  void nothingToDoWithoutIdl() throws Exception {
    mojo.sourceDirectory = base.resolve("nowhere").toFile();
    assertThat(mojo.generateIfStale()).isFalse();
    assertThat(mojo.project.getCompileSourceRoots()).isEmpty();
    assertThat(out).doesNotExist();
  }

  @Test
  void skip() throws Exception {
    mojo.skip = true;
    mojo.execute();
    assertThat(out).doesNotExist();
  }

  @Test
  void testGoalAddsATestSourceRoot() throws Exception {
    GenerateTestMojo test = new GenerateTestMojo();
    test.project = mojo.project;
    test.sourceDirectory = thrift.toFile();
    test.outputDirectory = base.resolve("target/generated-test-sources/tern").toFile();
    test.plugins.add("java");
    test.execute();
    assertThat(base.resolve("target/generated-test-sources/tern/example/calc/Calculator.java")).isRegularFile();
    assertThat(mojo.project.getTestCompileSourceRoots())
        .containsExactly(base.resolve("target/generated-test-sources/tern").toString());
  }

  @Test
  void protoFilesGenerateMessagesAndStubsIntoTheirOwnSourceRoot() throws Exception {
    withProto();
    mojo.execute();
    assertThat(protoOut.resolve("example/greet/GreeterRpc.java")).content()
        .contains("public final class GreeterRpc")
        .contains("MethodDescriptor<Names.Name, Greeting> HELLO");
    assertThat(protoOut.resolve("example/greet/Greeting.java")).isRegularFile();
    assertThat(protoOut.resolve("example/names/Names.java")).isRegularFile();
    assertThat(mojo.project.getCompileSourceRoots()).containsExactly(out.toString(), protoOut.toString());
  }

  @Test
  void protoRegeneratesOnlyWhenStaleAndDropsWhatIsGone() throws Exception {
    Path proto = withProto();
    assertThat(mojo.generateProtoIfStale()).isTrue();
    assertThat(mojo.generateProtoIfStale()).isFalse();
    Path greet = proto.resolve("example/greet.proto");
    Files.writeString(greet, Files.readString(greet).replaceAll("(?s)// Greets.*?\\n}\\n", ""));
    Files.setLastModifiedTime(greet, FileTime.from(Instant.now().plusSeconds(60)));
    assertThat(mojo.generateProtoIfStale()).isTrue();
    assertThat(protoOut.resolve("example/greet/GreeterRpc.java")).doesNotExist();
    assertThat(protoOut.resolve("example/greet/Greeting.java")).isRegularFile();
  }

  @Test
  void protocErrorsFailTheBuildWithTheirPosition() throws Exception {
    Path proto = withProto();
    Files.writeString(proto.resolve("bad.proto"), "syntax = \"proto3\";\nmessage M { Missing m = 1; }\n");
    assertThatThrownBy(mojo::generateProtoIfStale).isInstanceOf(MojoFailureException.class)
        .hasMessageContaining("bad.proto:2:").hasMessageContaining("Missing");
  }

  @Test
  void testGoalCompilesTestProtos() throws Exception {
    GenerateTestMojo test = new GenerateTestMojo();
    test.project = mojo.project;
    test.sourceDirectory = base.resolve("src/test/thrift").toFile();
    test.outputDirectory = base.resolve("target/generated-test-sources/tern").toFile();
    Path testProto = base.resolve("src/test/proto");
    copyResource("/proto/example/names.proto", testProto.resolve("example/names.proto"));
    test.protoSourceDirectory = testProto.toFile();
    test.protoOutputDirectory = base.resolve("target/generated-test-sources/tern-proto").toFile();
    test.execute();
    assertThat(base.resolve("target/generated-test-sources/tern-proto/example/names/Names.java")).isRegularFile();
    assertThat(mojo.project.getTestCompileSourceRoots())
        .containsExactly(base.resolve("target/generated-test-sources/tern-proto").toString());
  }
}
