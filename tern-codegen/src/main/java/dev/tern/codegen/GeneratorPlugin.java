package dev.tern.codegen;

import dev.tern.idl.Ast;
import java.io.IOException;

/**
 * A code generator run on a linked IDL program. Tern's Java generator is the built-in plugin
 * {@code "java"}; others are found with {@link java.util.ServiceLoader} (list the class in
 * {@code META-INF/services/dev.tern.codegen.GeneratorPlugin}) and picked by {@link #name()} with
 * {@code --plugin name} on the command line or {@code <plugins>} in the Maven plugin.
 *
 * <p>A plugin generates code for {@link GenOptions#targets(Ast.Program)}: the main document, plus
 * its includes when generation is recursive. It reads its own settings from
 * {@link GenOptions#options()} ({@code --opt key=value}) and writes files only through the sink.
 * Implementations need a public no-argument constructor and must be stateless across calls.
 */
public interface GeneratorPlugin {

  /** The name users select the plugin by, e.g. {@code "java"}. */
  String name();

  /**
   * Generates code for {@code program}.
   *
   * @throws CodegenException when the IDL cannot be mapped to code
   * @throws IOException when the sink cannot write
   */
  void generate(Ast.Program program, GenOptions options, OutputSink out) throws IOException;
}
