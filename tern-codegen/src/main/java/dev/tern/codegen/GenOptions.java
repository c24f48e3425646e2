package dev.tern.codegen;

import dev.tern.idl.Ast;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Settings of one generation run: where output goes, where includes are searched, which plugins
 * run, their {@code key=value} options, and whether included files are generated too.
 */
public final class GenOptions {
  private final Path outputDir;
  private final List<Path> includeDirs;
  private final List<String> plugins;
  private final Map<String, String> options;
  private final boolean recursive;

  private GenOptions(Builder b) {
    this.outputDir = b.outputDir;
    this.includeDirs = List.copyOf(b.includeDirs);
    this.plugins = b.plugins.isEmpty() ? List.of("java") : List.copyOf(b.plugins);
    this.options = Map.copyOf(b.options);
    this.recursive = b.recursive;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The directory generated files are written under; defaults to the working directory. */
  public Path outputDir() {
    return outputDir;
  }

  /** Directories searched for {@code include}d files, after the including file's own directory. */
  public List<Path> includeDirs() {
    return includeDirs;
  }

  /** Names of the plugins to run, in order; {@code ["java"]} unless set. */
  public List<String> plugins() {
    return plugins;
  }

  /** Plugin options ({@code --opt key=value}); keys are plugin-defined. */
  public Map<String, String> options() {
    return options;
  }

  /** The value of option {@code key}, or {@code defaultValue}. */
  public String option(String key, String defaultValue) {
    return options.getOrDefault(key, defaultValue);
  }

  /**
   * Whether included files are generated along with the files named on the command line (the
   * default: generated code refers to the types of included files, so it compiles only with
   * them). Turn it off when the included files' code comes from elsewhere, e.g. another jar.
   */
  public boolean recursive() {
    return recursive;
  }

  /** The documents of {@code program} to generate: the main one, plus all includes when recursive. */
  public List<Ast.Document> targets(Ast.Program program) {
    return recursive ? program.documents() : List.of(program.main());
  }

  /** Collects options; every setting has a default. */
  public static final class Builder {
    private Path outputDir = Path.of("");
    private final List<Path> includeDirs = new ArrayList<>();
    private final List<String> plugins = new ArrayList<>();
    private final Map<String, String> options = new LinkedHashMap<>();
    private boolean recursive = true;

    private Builder() {}

    public Builder outputDir(Path dir) {
      this.outputDir = Objects.requireNonNull(dir, "dir");
      return this;
    }

    public Builder includeDir(Path dir) {
      includeDirs.add(Objects.requireNonNull(dir, "dir"));
      return this;
    }

    public Builder includeDirs(List<Path> dirs) {
      dirs.forEach(this::includeDir);
      return this;
    }

    /** Adds a plugin to run; when none is added, {@code java} runs. */
    public Builder plugin(String name) {
      plugins.add(Objects.requireNonNull(name, "name"));
      return this;
    }

    public Builder option(String key, String value) {
      options.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
      return this;
    }

    public Builder recursive(boolean recursive) {
      this.recursive = recursive;
      return this;
    }

    public GenOptions build() {
      return new GenOptions(this);
    }
  }
}
