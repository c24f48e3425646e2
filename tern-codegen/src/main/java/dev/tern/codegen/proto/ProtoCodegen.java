package dev.tern.codegen.proto;

import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.ExtensionRegistry;
import dev.tern.codegen.CodegenException;
import dev.tern.codegen.GenOptions;
import dev.tern.codegen.internal.DirectorySink;
import dev.tern.codegen.proto.internal.RpcGenerator;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Generates Java from .proto files in process: protoc's message classes ({@code --java_out}) and
 * Tern's gRPC stubs, one {@code <Service>Rpc} class per service. Used by {@code ./tern gen} and
 * the Maven plugin.
 *
 * <p>protoc runs twice: once to write the files' descriptors with their comments
 * ({@code --descriptor_set_out --include_imports --include_source_info}), from which the stubs are
 * generated, and once with {@code --java_out}. The well-known types ({@code google/protobuf/*.proto})
 * are importable without an include directory: they come from the protobuf-java jar, which also
 * holds their classes, so they are never generated.
 *
 * <pre>{@code
 * List<Path> files = ProtoCodegen.generate(List.of(Path.of("src/main/proto/greeter.proto")),
 *     GenOptions.builder().includeDir(Path.of("src/main/proto")).outputDir(Path.of("target/gen")).build());
 * }</pre>
 */
public final class ProtoCodegen {
  private static final String WELL_KNOWN = "google/protobuf/";
  private static final List<String> WELL_KNOWN_FILES = List.of("any.proto", "api.proto", "descriptor.proto",
      "duration.proto", "empty.proto", "field_mask.proto", "source_context.proto", "struct.proto",
      "timestamp.proto", "type.proto", "wrappers.proto", "java_features.proto");

  private ProtoCodegen() {}

  /** {@link #generate(List, GenOptions, Protoc)} with the protoc {@link Protoc#locate()} finds. */
  public static List<Path> generate(List<Path> protoFiles, GenOptions options) throws IOException {
    return generate(protoFiles, options, Protoc.locate());
  }

  /**
   * Generates Java for {@code protoFiles} under {@link GenOptions#outputDir()}.
   *
   * <p>Imports are resolved against {@link GenOptions#includeDirs()}, in order; a file outside all
   * of them is compiled as if its own directory were an include directory. With
   * {@link GenOptions#recursive()} (the default) the files they import from those directories
   * are generated too. {@link GenOptions#plugins()} and {@link GenOptions#options()} apply to
   * Thrift only.
   *
   * @return the generated files, protoc's first; files whose content did not change are listed
   *     but not rewritten
   * @throws CodegenException when protoc reports errors (its message is in this one) or a service
   *     cannot be mapped to Java
   */
  public static List<Path> generate(List<Path> protoFiles, GenOptions options, Protoc protoc) throws IOException {
    Path work = Files.createTempDirectory("tern-protoc");
    try {
      List<Path> roots = new ArrayList<>();
      for (Path dir : options.includeDirs()) {
        addRoot(roots, dir.toAbsolutePath().normalize());
      }
      Map<String, Path> targets = new LinkedHashMap<>(); // proto name -> file
      for (Path file : protoFiles) {
        Path abs = file.toAbsolutePath().normalize();
        if (!Files.isRegularFile(abs)) {
          throw new NoSuchFileException(file.toString());
        }
        Path root = roots.stream().filter(abs::startsWith).findFirst().orElse(null);
        if (root == null) {
          root = abs.getParent();
          addRoot(roots, root);
        }
        targets.putIfAbsent(protoName(root.relativize(abs)), abs);
      }
      if (targets.isEmpty()) {
        return List.of();
      }
      List<String> protoPath = new ArrayList<>();
      roots.forEach(r -> protoPath.add("--proto_path=" + r));
      protoPath.add("--proto_path=" + wellKnownTypes(work.resolve("include")));

      Path descriptors = work.resolve("descriptors.pb");
      List<String> args = new ArrayList<>(protoPath);
      args.addAll(List.of("--descriptor_set_out=" + descriptors, "--include_imports", "--include_source_info"));
      targets.values().forEach(p -> args.add(p.toString()));
      protoc.run(args);
      List<FileDescriptorProto> files;
      try (InputStream in = Files.newInputStream(descriptors)) {
        files = FileDescriptorSet.parseFrom(in, ExtensionRegistry.getEmptyRegistry()).getFileList();
      }
      if (options.recursive()) {
        for (FileDescriptorProto f : files) {
          if (!f.getName().startsWith(WELL_KNOWN) && !targets.containsKey(f.getName())) {
            roots.stream().map(r -> r.resolve(f.getName())).filter(Files::isRegularFile).findFirst()
                .ifPresent(p -> targets.put(f.getName(), p));
          }
        }
      }

      // Stubs first: a service that cannot be mapped fails the run before anything is written.
      Map<String, String> stubs = new LinkedHashMap<>();
      RpcGenerator.generate(files, targets.keySet(), stubs::put);

      Path javaOut = Files.createDirectories(work.resolve("java"));
      List<String> javaArgs = new ArrayList<>(protoPath);
      javaArgs.add("--java_out=" + javaOut);
      targets.values().forEach(p -> javaArgs.add(p.toString()));
      protoc.run(javaArgs);

      DirectorySink sink = new DirectorySink(options.outputDir());
      List<Path> messages;
      try (Stream<Path> walk = Files.walk(javaOut)) {
        messages = walk.filter(Files::isRegularFile).sorted().toList();
      }
      for (Path p : messages) {
        sink.write(protoName(javaOut.relativize(p)), Files.readString(p, StandardCharsets.UTF_8));
      }
      for (Map.Entry<String, String> stub : stubs.entrySet()) {
        sink.write(stub.getKey(), stub.getValue());
      }
      return sink.files();
    } finally {
      deleteTree(work);
    }
  }

  private static void addRoot(List<Path> roots, Path dir) {
    if (!roots.contains(dir)) {
      roots.add(dir);
    }
  }

  /** A relative path as protoc names files: {@code /}-separated. */
  private static String protoName(Path relative) {
    return relative.toString().replace(relative.getFileSystem().getSeparator(), "/");
  }

  /** Copies the well-known types' .proto files out of the protobuf-java jar. */
  private static Path wellKnownTypes(Path dir) throws IOException {
    Path target = Files.createDirectories(dir.resolve(WELL_KNOWN));
    for (String name : WELL_KNOWN_FILES) {
      try (InputStream in = FileDescriptorProto.class.getClassLoader().getResourceAsStream(WELL_KNOWN + name)) {
        if (in != null) {
          Files.copy(in, target.resolve(name));
        }
      }
    }
    return dir;
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
