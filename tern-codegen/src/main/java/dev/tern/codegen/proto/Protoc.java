package dev.tern.codegen.proto;

import com.google.protobuf.RuntimeVersion;
import dev.tern.codegen.CodegenException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

/**
 * A {@code protoc} executable. Tern uses protoc from Maven Central
 * ({@code com.google.protobuf:protoc:<version>:exe:<os>-<arch>}), of the version that matches the
 * protobuf-java runtime Tern is built with ({@link #VERSION}), because the message classes protoc
 * generates must run on that runtime. The Maven plugin resolves it like any artifact; on the
 * command line {@link #locate()} finds it in the local Maven repository.
 */
public final class Protoc {
  /** The protoc release (as a Maven version) matching Tern's protobuf-java, e.g. {@code 4.36.2}. */
  public static final String VERSION = RuntimeVersion.MAJOR + "." + RuntimeVersion.MINOR + "." + RuntimeVersion.PATCH;

  /** System property naming a protoc executable to use instead of the one in the Maven repository. */
  public static final String PROPERTY = "tern.protoc";

  /** Environment variable naming a protoc executable, when {@link #PROPERTY} is not set. */
  public static final String ENV = "TERN_PROTOC";

  private final Path executable;

  private Protoc(Path executable) {
    this.executable = executable;
  }

  /**
   * The protoc at {@code path}. Files from a Maven repository lose their executable bit, so it is
   * set here; where the file cannot be changed, a private executable copy is used instead.
   *
   * @throws CodegenException when there is no such file or it cannot be made executable
   */
  public static Protoc of(Path path) {
    Objects.requireNonNull(path, "path");
    if (!Files.isRegularFile(path)) {
      throw new CodegenException(null, "protoc not found at " + path);
    }
    if (Files.isExecutable(path) || path.toFile().setExecutable(true)) {
      return new Protoc(path);
    }
    try {
      Path copy = Files.createTempFile("protoc-", ".exe");
      copy.toFile().deleteOnExit();
      Files.copy(path, copy, StandardCopyOption.REPLACE_EXISTING);
      if (!copy.toFile().setExecutable(true, true)) {
        throw new CodegenException(null, "cannot make protoc executable: " + path);
      }
      return new Protoc(copy);
    } catch (IOException e) {
      throw new CodegenException(null, "cannot make protoc executable: " + path + ": " + e);
    }
  }

  /**
   * Finds protoc: the file named by system property {@value #PROPERTY}, else by environment
   * variable {@value #ENV}, else protoc {@link #VERSION} for this platform in the local Maven
   * repository ({@code maven.repo.local}, else {@code ~/.m2/repository}), where building Tern
   * puts it.
   *
   * @throws CodegenException when none is found, saying how to get one
   */
  public static Protoc locate() {
    return locate(System.getProperties(), System.getenv());
  }

  static Protoc locate(Properties properties, Map<String, String> env) {
    String explicit = properties.getProperty(PROPERTY);
    if (explicit == null || explicit.isBlank()) {
      explicit = env.get(ENV);
    }
    if (explicit != null && !explicit.isBlank()) {
      return of(Path.of(explicit));
    }
    String repo = properties.getProperty("maven.repo.local");
    Path repository = repo != null && !repo.isBlank() ? Path.of(repo)
        : Path.of(properties.getProperty("user.home"), ".m2", "repository");
    String classifier = classifier(properties);
    Path path = inRepository(repository, VERSION, classifier);
    if (!Files.isRegularFile(path)) {
      throw new CodegenException(null, "protoc " + VERSION + " for " + classifier + " is not in the local Maven "
          + "repository (looked for " + path + ").\nFetch it with: mvn dependency:get "
          + "-Dartifact=com.google.protobuf:protoc:" + VERSION + ":exe:" + classifier
          + "\nor name a protoc with --protoc PATH, -D" + PROPERTY + "=PATH or " + ENV + "=PATH.");
    }
    return of(path);
  }

  /** Where a Maven repository keeps {@code com.google.protobuf:protoc:version:exe:classifier}. */
  public static Path inRepository(Path repository, String version, String classifier) {
    return repository.resolve("com/google/protobuf/protoc/" + version + "/protoc-" + version + "-" + classifier
        + ".exe");
  }

  /** The classifier of protoc's executable for this machine, e.g. {@code linux-x86_64} or {@code osx-aarch_64}. */
  public static String classifier() {
    return classifier(System.getProperties());
  }

  private static String classifier(Properties properties) {
    String os = properties.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    String arch = properties.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
    String osPart = os.startsWith("linux") ? "linux"
        : os.startsWith("mac") || os.startsWith("darwin") ? "osx"
        : os.startsWith("windows") ? "windows"
        : os.replaceAll("[^a-z0-9]", "");
    String archPart = switch (arch) {
      case "amd64", "x86_64", "x64" -> "x86_64";
      case "aarch64", "arm64" -> "aarch_64";
      case "x86", "i386", "i486", "i586", "i686" -> "x86_32";
      case "ppc64le" -> "ppcle_64";
      case "s390x" -> "s390_64";
      default -> arch.replaceAll("[^a-z0-9_]", "");
    };
    return osPart + "-" + archPart;
  }

  /** The executable this runs. */
  public Path executable() {
    return executable;
  }

  /**
   * Runs protoc with {@code args} and waits for it.
   *
   * @return what protoc printed (warnings), normally nothing
   * @throws CodegenException when protoc fails; the message holds protoc's own diagnostics
   *     ({@code file.proto:line:col: message})
   */
  public String run(List<String> args) throws IOException {
    List<String> command = new ArrayList<>(args.size() + 1);
    command.add(executable.toString());
    command.addAll(args);
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    process.getOutputStream().close();
    String output;
    try (var in = process.getInputStream()) {
      output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    int exit;
    try {
      exit = process.waitFor();
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while protoc was running", e);
    }
    if (exit != 0) {
      throw new CodegenException(null, "protoc failed (exit status " + exit + "):\n" + output.strip());
    }
    return output;
  }

  @Override
  public String toString() {
    return "protoc at " + executable;
  }
}
