package dev.tern.codegen.proto.internal;

import com.google.protobuf.DescriptorProtos.Edition;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import dev.tern.codegen.CodegenException;
import dev.tern.codegen.OutputSink;
import java.io.IOException;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Generates the {@code <Service>Rpc} classes for the services of some .proto files, given the
 * descriptors of those files and of everything they import (as protoc hands them to a plugin, or
 * writes them with {@code --descriptor_set_out --include_imports}).
 */
public final class RpcGenerator {
  private RpcGenerator() {}

  /**
   * Writes one class per service declared in the files named {@code targets}.
   *
   * @param files every file the targets need, imports included, in any order
   * @param targets names of the files to generate, as protoc names them ({@code grpc/testing/test.proto})
   * @throws CodegenException when a target is missing or a service cannot be mapped to Java
   */
  public static void generate(List<FileDescriptorProto> files, Collection<String> targets, OutputSink out)
      throws IOException {
    JavaNames names = new JavaNames(files);
    Map<String, FileDescriptorProto> byName = new HashMap<>();
    files.forEach(f -> byName.put(f.getName(), f));
    for (String target : targets) {
      FileDescriptorProto file = byName.get(target);
      if (file == null) {
        throw new CodegenException(null, "no descriptor for " + target);
      }
      if (file.getSyntax().equals("editions") && file.getEdition().getNumber() > Edition.EDITION_2023_VALUE) {
        // protobuf-java names classes differently from edition 2024 on (nest_in_file_class, Proto suffix).
        throw new CodegenException(null, file.getName() + ": " + file.getEdition()
            + " is not supported; Tern's gRPC stubs support proto2, proto3 and edition 2023");
      }
      for (int i = 0; i < file.getServiceCount(); i++) {
        try {
          RpcEmitter.emit(file, i, names, out);
        } catch (IllegalArgumentException e) { // a method names a type the descriptors lack
          throw new CodegenException(null, file.getName() + ": " + e.getMessage());
        }
      }
    }
  }
}
