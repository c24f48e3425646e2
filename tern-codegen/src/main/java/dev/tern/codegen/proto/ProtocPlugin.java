package dev.tern.codegen.proto;

import com.google.protobuf.DescriptorProtos.Edition;
import com.google.protobuf.compiler.PluginProtos.CodeGeneratorRequest;
import com.google.protobuf.compiler.PluginProtos.CodeGeneratorResponse;
import dev.tern.codegen.CodegenException;
import dev.tern.codegen.proto.internal.RpcGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * protoc plugin {@code protoc-gen-tern}: reads a {@code CodeGeneratorRequest} on stdin and writes
 * a {@code CodeGeneratorResponse} holding one {@code <Service>Rpc} class per service on stdout.
 * Run it with protoc's own {@code --java_out} for the message classes:
 *
 * <pre>
 * protoc --plugin=protoc-gen-tern=path/to/launcher --tern_out=gen --java_out=gen -I proto proto/greeter.proto
 * </pre>
 *
 * where the launcher is a script running {@code java -cp <tern-codegen and protobuf-java>
 * dev.tern.codegen.proto.ProtocPlugin}, or {@code ./tern protoc-gen-tern}. Errors go back to protoc,
 * which prints them and fails.
 */
public final class ProtocPlugin {
  private ProtocPlugin() {}

  public static void main(String[] args) throws IOException {
    CodeGeneratorRequest request = CodeGeneratorRequest.parseFrom(System.in);
    OutputStream out = System.out;
    run(request).writeTo(out);
    out.flush();
  }

  /** Answers one request; generation errors are reported in the response, as protoc expects. */
  public static CodeGeneratorResponse run(CodeGeneratorRequest request) {
    CodeGeneratorResponse.Builder response = CodeGeneratorResponse.newBuilder()
        .setSupportedFeatures(CodeGeneratorResponse.Feature.FEATURE_PROTO3_OPTIONAL_VALUE
            | CodeGeneratorResponse.Feature.FEATURE_SUPPORTS_EDITIONS_VALUE)
        // Java class naming changes in edition 2024 (nest_in_file_class, the Proto suffix).
        .setMinimumEdition(Edition.EDITION_2023_VALUE)
        .setMaximumEdition(Edition.EDITION_2023_VALUE);
    if (!request.getParameter().isEmpty()) {
      return response.setError("protoc-gen-tern takes no options, got '" + request.getParameter() + "'").build();
    }
    try {
      RpcGenerator.generate(request.getProtoFileList(), request.getFileToGenerateList(),
          (path, content) -> response.addFile(CodeGeneratorResponse.File.newBuilder().setName(path).setContent(content)));
    } catch (CodegenException e) {
      response.clearFile().setError(e.getMessage());
    } catch (IOException e) { // the sink above does no I/O
      throw new UncheckedIOException(e);
    }
    return response.build();
  }
}
