package dev.tern.codegen.proto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.compiler.PluginProtos.CodeGeneratorRequest;
import com.google.protobuf.compiler.PluginProtos.CodeGeneratorResponse;
import dev.tern.codegen.CodegenException;
import dev.tern.codegen.GenOptions;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code protoc --plugin=protoc-gen-tern=... --tern_out=...} with a launcher script written into
 * {@code target/}: protoc really starts the plugin, and gets the same stubs as in-process
 * generation.
 */
class ProtocPluginTest {
  private static Path launcher;
  @TempDir Path tmp;

  @BeforeAll
  static void writeLauncher() throws Exception {
    String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    launcher = Files.createDirectories(Path.of("target")).resolve("protoc-gen-tern-test").toAbsolutePath();
    Files.writeString(launcher, "#!/bin/sh\nexec '" + java + "' -cp '" + classPath.replace(File.pathSeparator, ":")
        + "' dev.tern.codegen.proto.ProtocPlugin\n");
    assertThat(launcher.toFile().setExecutable(true)).isTrue();
  }

  @Test
  void protocRunsThePluginAndGetsWhatInProcessGenerationWrites() throws Exception {
    Path viaPlugin = Files.createDirectories(tmp.resolve("plugin"));
    Path root = TestProtos.root();
    Protoc.locate().run(List.of("--plugin=protoc-gen-tern=" + launcher, "--tern_out=" + viaPlugin,
        "--proto_path=" + root, "--proto_path=" + TestProtos.wellKnownTypes(tmp.resolve("wkt")),
        root.resolve("tern/test/greeter.proto").toString(),
        root.resolve("tern/test/tricky.proto").toString()));
    Path inProcess = tmp.resolve("in-process");
    ProtoCodegen.generate(List.of(TestProtos.file("tern/test/greeter.proto"), TestProtos.file("tern/test/tricky.proto")),
        GenOptions.builder().includeDir(root).recursive(false).outputDir(inProcess).build());

    Map<String, String> fromPlugin = read(viaPlugin);
    assertThat(fromPlugin.keySet()).containsExactly("dev/tern/gen/proto/greet/GreeterRpc.java",
        "dev/tern/gen/proto/tricky/NothingRpc.java", "dev/tern/gen/proto/tricky/TrickyRpc.java");
    Map<String, String> stubs = new TreeMap<>(read(inProcess));
    stubs.keySet().removeIf(k -> !k.endsWith("Rpc.java"));
    assertThat(fromPlugin).isEqualTo(stubs);
  }

  @Test
  void generationErrorsComeBackThroughProtoc() throws Exception {
    Files.writeString(tmp.resolve("clash.proto"), """
        syntax = "proto3";
        message M {}
        service S { rpc Do(M) returns (M); rpc do(M) returns (M); }
        """);
    assertThatThrownBy(() -> Protoc.locate().run(List.of("--plugin=protoc-gen-tern=" + launcher,
        "--tern_out=" + tmp, "--proto_path=" + tmp, tmp.resolve("clash.proto").toString())))
        .isInstanceOf(CodegenException.class)
        .hasMessageContaining("--tern_out: clash.proto: service S: methods 'Do' and 'do' both map to constant DO");
  }

  @Test
  void answersInProcessWithTheFeaturesItSupportsAndRejectsOptions() throws Exception {
    Path set = tmp.resolve("set.pb");
    Protoc.locate().run(List.of("--proto_path=" + TestProtos.root(),
        "--proto_path=" + TestProtos.wellKnownTypes(tmp.resolve("wkt")), "--include_imports", "--include_source_info",
        "--descriptor_set_out=" + set, TestProtos.file("tern/test/greeter.proto").toString()));
    CodeGeneratorRequest request = CodeGeneratorRequest.newBuilder()
        .addAllProtoFile(FileDescriptorSet.parseFrom(Files.readAllBytes(set)).getFileList())
        .addFileToGenerate("tern/test/greeter.proto")
        .build();
    CodeGeneratorResponse response = ProtocPlugin.run(request);
    assertThat(response.hasError()).isFalse();
    assertThat(response.getFileList()).singleElement()
        .satisfies(f -> assertThat(f.getName()).isEqualTo("dev/tern/gen/proto/greet/GreeterRpc.java"));
    assertThat(response.getSupportedFeatures()
        & CodeGeneratorResponse.Feature.FEATURE_PROTO3_OPTIONAL_VALUE).isNotZero();

    CodeGeneratorResponse withOption = ProtocPlugin.run(request.toBuilder().setParameter("lite").build());
    assertThat(withOption.getError()).isEqualTo("protoc-gen-tern takes no options, got 'lite'");
    assertThat(withOption.getFileList()).isEmpty();
  }

  private static Map<String, String> read(Path dir) throws Exception {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        files.put(dir.relativize(p).toString().replace('\\', '/'), Files.readString(p));
      }
    }
    return files;
  }
}
