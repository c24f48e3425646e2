package dev.tern.codegen.proto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tern.codegen.CodegenException;
import dev.tern.codegen.GenOptions;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** In-process generation: import roots, recursion into imports, errors. */
class ProtoCodegenTest {
  @TempDir Path tmp;

  private List<String> generate(GenOptions.Builder options, Path... files) throws Exception {
    Path out = tmp.resolve("out");
    return ProtoCodegen.generate(List.of(files), options.outputDir(out).build()).stream()
        .map(p -> out.relativize(p).toString().replace('\\', '/'))
        .toList();
  }

  @Test
  void withoutRecursionOnlyTheNamedFilesAreGenerated() throws Exception {
    List<String> files = generate(GenOptions.builder().includeDir(TestProtos.root()).recursive(false),
        TestProtos.file("tern/test/greeter.proto"));
    assertThat(files).contains("dev/tern/gen/proto/greet/GreeterRpc.java", "dev/tern/gen/proto/greet/HelloRequest.java")
        .noneMatch(f -> f.contains("CommonOuterClass") || f.contains("ShapeProtos"));
    assertThat(files.getLast()).isEqualTo("dev/tern/gen/proto/greet/GreeterRpc.java");
  }

  @Test
  void aFileOutsideTheIncludeDirectoriesIsImportedRelativeToItsOwnDirectory() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("protos"));
    Files.writeString(dir.resolve("kv.proto"), """
        syntax = "proto3";
        package kv;
        import "google/protobuf/wrappers.proto";
        service Store { rpc Get(google.protobuf.StringValue) returns (google.protobuf.BytesValue); }
        """);
    assertThat(generate(GenOptions.builder(), dir.resolve("kv.proto"))).containsExactly("kv/Kv.java", "kv/StoreRpc.java");
    assertThat(tmp.resolve("out/kv/StoreRpc.java")).content()
        .contains("import com.google.protobuf.StringValue;")
        .contains("MethodDescriptor<StringValue, BytesValue> GET");
  }

  @Test
  void protocDiagnosticsAndMissingFilesAreReported() throws Exception {
    Path bad = Files.writeString(tmp.resolve("bad.proto"), """
        syntax = "proto3";
        service S { rpc M(Missing) returns (Missing); }
        """);
    assertThatThrownBy(() -> generate(GenOptions.builder(), bad))
        .isInstanceOf(CodegenException.class)
        .hasMessageContaining("bad.proto:2:")
        .hasMessageContaining("\"Missing\" is not defined");
    assertThatThrownBy(() -> generate(GenOptions.builder(), tmp.resolve("nope.proto")))
        .isInstanceOf(NoSuchFileException.class);
  }

  @Test
  void methodsThatMapToTheSameJavaNameAreAnError() throws Exception {
    Path clash = Files.writeString(tmp.resolve("clash.proto"), """
        syntax = "proto3";
        import "google/protobuf/empty.proto";
        service S {
          rpc GetUser(google.protobuf.Empty) returns (google.protobuf.Empty);
          rpc get_user(google.protobuf.Empty) returns (google.protobuf.Empty);
        }
        """);
    assertThatThrownBy(() -> generate(GenOptions.builder(), clash))
        .isInstanceOf(CodegenException.class)
        .hasMessage("clash.proto: service S: methods 'GetUser' and 'get_user' both map to constant GET_USER");
  }

  @Test
  void edition2023IsSupportedAndLaterEditionsAreRefused() throws Exception {
    Path e2023 = Files.writeString(tmp.resolve("e2023.proto"), """
        edition = "2023";
        package ed;
        option java_multiple_files = true;
        message M { string s = 1; }
        service S { rpc Do(M) returns (M); }
        """);
    assertThat(generate(GenOptions.builder(), e2023)).contains("ed/M.java", "ed/SRpc.java");
    Path e2024 = Files.writeString(tmp.resolve("e2024.proto"), """
        edition = "2024";
        package ed;
        message M {}
        service S { rpc Do(M) returns (M); }
        """);
    assertThatThrownBy(() -> generate(GenOptions.builder(), e2024))
        .isInstanceOf(CodegenException.class)
        .hasMessage("e2024.proto: EDITION_2024 is not supported; Tern's gRPC stubs support proto2, proto3 and edition 2023");
  }
}
