package dev.tern.codegen;

import dev.tern.codegen.internal.DirectorySink;
import dev.tern.idl.Ast;
import dev.tern.idl.IdlException;
import dev.tern.idl.IdlLoader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * Runs code generation: loads IDL files with their includes, runs the selected
 * {@link GeneratorPlugin}s and writes what they generate under {@link GenOptions#outputDir()}.
 * Used by {@code ./tern gen} ({@link GenMain}) and the Maven plugin.
 *
 * <pre>{@code
 * List<Path> files = Codegen.generate(List.of(Path.of("idl/calculator.thrift")),
 *     GenOptions.builder().outputDir(Path.of("build/generated")).build());
 * }</pre>
 */
public final class Codegen {
  private Codegen() {}

  /**
   * Generates code for each IDL file. A file included by several of them is generated once.
   *
   * @return the generated files (under the output directory), in order; files whose content did
   *     not change are listed but not rewritten
   * @throws IdlException when an IDL file has errors
   * @throws CodegenException when the IDL cannot be mapped to code, or a plugin is unknown
   * @throws IOException when reading IDL or writing output fails
   */
  public static List<Path> generate(List<Path> idlFiles, GenOptions options) throws IOException {
    List<GeneratorPlugin> plugins = new ArrayList<>();
    for (String name : options.plugins()) {
      plugins.add(plugin(name));
    }
    IdlLoader loader = IdlLoader.builder().includePath(options.includeDirs()).build();
    List<Ast.Program> programs = new ArrayList<>();
    for (Path file : idlFiles) {
      try {
        programs.add(loader.load(file));
      } catch (java.io.UncheckedIOException e) {
        throw e.getCause();
      }
    }
    DirectorySink sink = new DirectorySink(options.outputDir());
    for (Ast.Program program : programs) {
      for (GeneratorPlugin plugin : plugins) {
        plugin.generate(program, options, sink);
      }
    }
    return sink.files();
  }

  /** The available plugins by name: the built-in {@code java} and those on the class path. */
  public static Map<String, GeneratorPlugin> plugins() {
    Map<String, GeneratorPlugin> out = new LinkedHashMap<>();
    for (GeneratorPlugin p : ServiceLoader.load(GeneratorPlugin.class, Codegen.class.getClassLoader())) {
      out.putIfAbsent(p.name(), p);
    }
    return out;
  }

  /** The plugin called {@code name}. */
  public static GeneratorPlugin plugin(String name) {
    Map<String, GeneratorPlugin> all = plugins();
    GeneratorPlugin p = all.get(name);
    if (p == null) {
      throw new CodegenException(null, "unknown generator plugin '" + name + "'; available: "
          + String.join(", ", all.keySet()));
    }
    return p;
  }
}
