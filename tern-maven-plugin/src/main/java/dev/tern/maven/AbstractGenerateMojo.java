package dev.tern.maven;

import dev.tern.codegen.Codegen;
import dev.tern.codegen.CodegenException;
import dev.tern.codegen.GenOptions;
import dev.tern.codegen.proto.ProtoCodegen;
import dev.tern.codegen.proto.Protoc;
import dev.tern.idl.IdlException;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.inject.Inject;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.RepositorySystemSession;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.resolution.ArtifactRequest;
import org.eclipse.aether.resolution.ArtifactResolutionException;

/**
 * Shared logic of the {@code generate} and {@code generate-test} goals, once for Thrift and once
 * for protobuf: find the IDL files, regenerate when stale, drop generated files whose definitions
 * are gone, and register the output directory as a source root.
 */
abstract class AbstractGenerateMojo extends AbstractMojo {
  /** Records what the last generation ran on; its modification time is when it ran. */
  static final String STAMP = ".tern-stamp";

  /** The generator's build, so that a new Tern (a rebuilt snapshot included) regenerates. */
  private static final String GENERATOR = "generator=" + generatorBuild() + '\n';

  @Parameter(defaultValue = "${project}", readonly = true, required = true)
  MavenProject project;

  /** Directories searched for included Thrift files, after the including file's own directory. */
  @Parameter
  List<File> includeDirectories = new ArrayList<>();

  /** Generator plugins to run on Thrift IDL, by name; the built-in {@code java} when empty. */
  @Parameter
  List<String> plugins = new ArrayList<>();

  /** Plugin options, as {@code --opt key=value} on the command line. */
  @Parameter
  Map<String, String> options = new TreeMap<>();

  /**
   * Also generate the files that the IDL files include or import (the default). Turn off when
   * the code for them comes from a dependency.
   */
  @Parameter(property = "tern.recursive", defaultValue = "true")
  boolean recursive = true;

  /**
   * Directories protoc searches for imported .proto files, after the proto source directory
   * itself. {@code google/protobuf/*.proto} are always importable.
   */
  @Parameter
  List<File> protoIncludeDirectories = new ArrayList<>();

  /**
   * A protoc executable to run instead of {@code com.google.protobuf:protoc} from the Maven
   * repositories (the version matching Tern's protobuf-java, for this platform).
   */
  @Parameter(property = "tern.protoc")
  File protocExecutable;

  /** Skips generation. */
  @Parameter(property = "tern.skip", defaultValue = "false")
  boolean skip;

  /** Resolves protoc; injected by Maven (Sisu), null when the goal runs outside Maven. */
  @Inject
  RepositorySystem repositorySystem;

  @Parameter(defaultValue = "${repositorySystemSession}", readonly = true)
  RepositorySystemSession repositorySession;

  @Parameter(defaultValue = "${project.remoteProjectRepositories}", readonly = true)
  List<RemoteRepository> remoteRepositories;

  abstract File sourceDirectory();

  abstract File outputDirectory();

  abstract File protoSourceDirectory();

  abstract File protoOutputDirectory();

  abstract void addSourceRoot(String directory);

  @Override
  public void execute() throws MojoExecutionException, MojoFailureException {
    if (skip) {
      getLog().info("Tern code generation skipped");
      return;
    }
    generateIfStale();
    generateProtoIfStale();
  }

  /** Generates Java from Thrift IDL unless the output is up to date; returns whether it generated. */
  boolean generateIfStale() throws MojoExecutionException, MojoFailureException {
    Path source = sourceDirectory().toPath();
    Path output = outputDirectory().toPath();
    try {
      List<Path> idl = files(source, ".thrift");
      if (idl.isEmpty()) {
        getLog().info("No Thrift IDL files in " + source);
        return false;
      }
      GenOptions.Builder b = GenOptions.builder().outputDir(output).recursive(recursive);
      includeDirectories.forEach(d -> b.includeDir(d.toPath()));
      plugins.forEach(b::plugin);
      new TreeMap<>(options).forEach(b::option);
      GenOptions genOptions = b.build();
      String fingerprint = GENERATOR + "files=" + idl + "\nincludes=" + genOptions.includeDirs() + "\nplugins="
          + genOptions.plugins() + "\noptions=" + new TreeMap<>(genOptions.options()) + "\nrecursive="
          + genOptions.recursive() + '\n';
      List<Path> watched = new ArrayList<>(idl);
      for (File dir : includeDirectories) {
        watched.addAll(files(dir.toPath(), ".thrift"));
      }
      return generate("Thrift IDL", idl.size(), output, fingerprint, watched, () -> Codegen.generate(idl, genOptions));
    } catch (IdlException e) {
      throw new MojoFailureException("Thrift IDL errors:\n" + e.getMessage(), e);
    } catch (IOException e) {
      throw new MojoExecutionException("Tern code generation failed: " + e, e);
    }
  }

  /**
   * Generates protoc's message classes and Tern's gRPC stubs from the .proto files unless the
   * output is up to date; returns whether it generated.
   */
  boolean generateProtoIfStale() throws MojoExecutionException, MojoFailureException {
    File sourceDir = protoSourceDirectory();
    if (sourceDir == null) {
      return false;
    }
    Path source = sourceDir.toPath();
    Path output = protoOutputDirectory().toPath();
    try {
      List<Path> protos = files(source, ".proto");
      if (protos.isEmpty()) {
        getLog().debug("No .proto files in " + source);
        return false;
      }
      GenOptions.Builder b = GenOptions.builder().outputDir(output).recursive(recursive).includeDir(source);
      protoIncludeDirectories.forEach(d -> b.includeDir(d.toPath()));
      GenOptions genOptions = b.build();
      String fingerprint = GENERATOR + "files=" + protos + "\nincludes=" + genOptions.includeDirs() + "\nrecursive="
          + genOptions.recursive() + "\nprotoc=" + (protocExecutable != null ? protocExecutable : protocCoordinates())
          + '\n';
      List<Path> watched = new ArrayList<>(protos);
      for (File dir : protoIncludeDirectories) {
        watched.addAll(files(dir.toPath(), ".proto"));
      }
      return generate("protobuf", protos.size(), output, fingerprint, watched,
          () -> ProtoCodegen.generate(protos, genOptions, protoc()));
    } catch (IOException e) {
      throw new MojoExecutionException("Tern code generation failed: " + e, e);
    }
  }

  /** What a generation step produces; may throw the generators' exceptions. */
  @FunctionalInterface
  interface Generation {
    List<Path> run() throws IOException, MojoExecutionException;
  }

  /** Runs {@code generation} if the output is stale, then registers the output as a source root. */
  private boolean generate(String kind, int inputs, Path output, String fingerprint, List<Path> watched,
      Generation generation) throws IOException, MojoExecutionException, MojoFailureException {
    boolean generated = false;
    if (isStale(output, fingerprint, watched)) {
      List<Path> files;
      try {
        files = generation.run();
      } catch (CodegenException e) {
        throw new MojoFailureException(e.getMessage(), e);
      }
      int removed = removeOthers(output, files);
      Files.createDirectories(output);
      Files.writeString(output.resolve(STAMP), fingerprint, StandardCharsets.UTF_8);
      getLog().info("Tern generated " + files.size() + " files from " + inputs + " " + kind + " files into " + output
          + (removed > 0 ? " (removed " + removed + " stale files)" : ""));
      generated = true;
    } else {
      getLog().info("Tern generated sources from " + kind + " are up to date");
    }
    addSourceRoot(output.toString());
    return generated;
  }

  /**
   * Stale when there is no stamp, the inputs or settings changed, or any input (including those
   * in include directories) is not older than the stamp.
   */
  private static boolean isStale(Path output, String fingerprint, List<Path> inputs) throws IOException {
    Path stamp = output.resolve(STAMP);
    if (!Files.isRegularFile(stamp) || !Files.readString(stamp, StandardCharsets.UTF_8).equals(fingerprint)) {
      return true;
    }
    FileTime generatedAt = Files.getLastModifiedTime(stamp);
    for (Path p : inputs) {
      // Equal times count as stale: file times are coarse, and an edit may share the stamp's tick.
      if (Files.getLastModifiedTime(p).compareTo(generatedAt) >= 0) {
        return true;
      }
    }
    return false;
  }

  /** The configured protoc, else protoc resolved from the project's repositories. */
  private Protoc protoc() throws MojoExecutionException {
    if (protocExecutable != null) {
      return Protoc.of(protocExecutable.toPath());
    }
    if (repositorySystem == null || repositorySession == null) {
      return Protoc.locate(); // not run by Maven (tests): the local repository
    }
    try {
      ArtifactRequest request = new ArtifactRequest(new DefaultArtifact(protocCoordinates()), remoteRepositories, null);
      File file = repositorySystem.resolveArtifact(repositorySession, request).getArtifact().getFile();
      getLog().debug("protoc: " + file);
      return Protoc.of(file.toPath());
    } catch (ArtifactResolutionException e) {
      throw new MojoExecutionException("cannot resolve protoc " + protocCoordinates()
          + "; set <protocExecutable> (-Dtern.protoc=PATH) to use a local one", e);
    }
  }

  private static String protocCoordinates() {
    return "com.google.protobuf:protoc:exe:" + Protoc.classifier() + ":" + Protoc.VERSION;
  }

  /** Deletes Java files under {@code output} that this run did not generate: their types are gone. */
  private static int removeOthers(Path output, List<Path> generated) throws IOException {
    if (!Files.isDirectory(output)) {
      return 0;
    }
    Set<Path> keep = new HashSet<>();
    generated.forEach(p -> keep.add(p.toAbsolutePath().normalize()));
    List<Path> stale;
    try (Stream<Path> walk = Files.walk(output)) {
      stale = walk.filter(p -> p.toString().endsWith(".java") && Files.isRegularFile(p))
          .filter(p -> !keep.contains(p.toAbsolutePath().normalize()))
          .toList();
    }
    for (Path p : stale) {
      Files.delete(p);
    }
    return stale.size();
  }

  private static String generatorBuild() {
    try {
      Path jar = Path.of(Codegen.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      return jar + "@" + Files.getLastModifiedTime(jar).toMillis();
    } catch (Exception e) { // no code source (unusual class loaders): the inputs still decide
      return "unknown";
    }
  }

  /** The files under {@code dir} whose names end with {@code suffix}, sorted; none if it does not exist. */
  static List<Path> files(Path dir, String suffix) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(p -> p.getFileName().toString().endsWith(suffix) && Files.isRegularFile(p))
          .sorted()
          .toList();
    }
  }
}
