package dev.tern.maven;

import dev.tern.codegen.Codegen;
import dev.tern.codegen.CodegenException;
import dev.tern.codegen.GenOptions;
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
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/**
 * Shared logic of the {@code generate} and {@code generate-test} goals: find the {@code .thrift}
 * files, regenerate when stale, drop generated files whose definitions are gone, and register
 * the output directory as a source root.
 */
abstract class AbstractGenerateMojo extends AbstractMojo {
  /** Records what the last generation ran on; its modification time is when it ran. */
  static final String STAMP = ".tern-stamp";

  @Parameter(defaultValue = "${project}", readonly = true, required = true)
  MavenProject project;

  /** Directories searched for included files, after the including file's own directory. */
  @Parameter
  List<File> includeDirectories = new ArrayList<>();

  /** Generator plugins to run, by name; the built-in {@code java} when empty. */
  @Parameter
  List<String> plugins = new ArrayList<>();

  /** Plugin options, as {@code --opt key=value} on the command line. */
  @Parameter
  Map<String, String> options = new TreeMap<>();

  /**
   * Also generate the files that the IDL files include (the default). Turn off when the code
   * for included files comes from a dependency.
   */
  @Parameter(property = "tern.recursive", defaultValue = "true")
  boolean recursive = true;

  /** Skips generation. */
  @Parameter(property = "tern.skip", defaultValue = "false")
  boolean skip;

  abstract File sourceDirectory();

  abstract File outputDirectory();

  abstract void addSourceRoot(String directory);

  @Override
  public void execute() throws MojoExecutionException, MojoFailureException {
    if (skip) {
      getLog().info("Tern code generation skipped");
      return;
    }
    generateIfStale();
  }

  /** Generates unless the output is up to date; returns whether it generated. */
  boolean generateIfStale() throws MojoExecutionException, MojoFailureException {
    Path source = sourceDirectory().toPath();
    Path output = outputDirectory().toPath();
    boolean generated = false;
    try {
      List<Path> idl = thriftFiles(source);
      if (idl.isEmpty()) {
        getLog().info("No Thrift IDL files in " + source);
        return false;
      }
      GenOptions genOptions = genOptions(output);
      String fingerprint = fingerprint(idl, genOptions);
      if (isStale(idl, output, fingerprint)) {
        List<Path> files = Codegen.generate(idl, genOptions);
        int removed = removeOthers(output, files);
        Files.writeString(output.resolve(STAMP), fingerprint, StandardCharsets.UTF_8);
        getLog().info("Tern generated " + files.size() + " files from " + idl.size() + " IDL files into " + output
            + (removed > 0 ? " (removed " + removed + " stale files)" : ""));
        generated = true;
      } else {
        getLog().info("Tern generated sources are up to date");
      }
    } catch (IdlException e) {
      throw new MojoFailureException("Thrift IDL errors:\n" + e.getMessage(), e);
    } catch (CodegenException e) {
      throw new MojoFailureException(e.getMessage(), e);
    } catch (IOException e) {
      throw new MojoExecutionException("Tern code generation failed: " + e, e);
    }
    addSourceRoot(output.toString());
    return generated;
  }

  private GenOptions genOptions(Path output) {
    GenOptions.Builder b = GenOptions.builder().outputDir(output).recursive(recursive);
    includeDirectories.forEach(d -> b.includeDir(d.toPath()));
    plugins.forEach(b::plugin);
    new TreeMap<>(options).forEach(b::option);
    return b.build();
  }

  /** What a generation depends on besides file times: the inputs and the settings. */
  private static String fingerprint(List<Path> idl, GenOptions o) {
    StringBuilder sb = new StringBuilder("files=");
    idl.forEach(p -> sb.append(p).append(';'));
    sb.append("\nincludes=").append(o.includeDirs()).append("\nplugins=").append(o.plugins())
        .append("\noptions=").append(new TreeMap<>(o.options())).append("\nrecursive=").append(o.recursive())
        .append('\n');
    return sb.toString();
  }

  /**
   * Stale when there is no stamp, the inputs or settings changed, or any IDL file (including
   * those in include directories) is not older than the stamp.
   */
  private boolean isStale(List<Path> idl, Path output, String fingerprint) throws IOException {
    Path stamp = output.resolve(STAMP);
    if (!Files.isRegularFile(stamp) || !Files.readString(stamp, StandardCharsets.UTF_8).equals(fingerprint)) {
      return true;
    }
    FileTime generatedAt = Files.getLastModifiedTime(stamp);
    List<Path> inputs = new ArrayList<>(idl);
    for (File dir : includeDirectories) {
      inputs.addAll(thriftFiles(dir.toPath()));
    }
    for (Path p : inputs) {
      // Equal times count as stale: file times are coarse, and an edit may share the stamp's tick.
      if (Files.getLastModifiedTime(p).compareTo(generatedAt) >= 0) {
        return true;
      }
    }
    return false;
  }

  /** Deletes Java files under {@code output} that this run did not generate: their types are gone. */
  private static int removeOthers(Path output, List<Path> generated) throws IOException {
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

  /** The {@code .thrift} files under {@code dir}, sorted; none if it does not exist. */
  static List<Path> thriftFiles(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(p -> p.getFileName().toString().endsWith(".thrift") && Files.isRegularFile(p))
          .sorted()
          .toList();
    }
  }
}
