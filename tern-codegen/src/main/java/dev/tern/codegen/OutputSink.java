package dev.tern.codegen;

import java.io.IOException;

/** Where generator plugins put the files they generate. */
@FunctionalInterface
public interface OutputSink {

  /**
   * Writes one generated file.
   *
   * @param path the file's path relative to the output directory, {@code /}-separated, e.g.
   *     {@code com/example/Calculator.java}
   * @param content the whole file
   * @throws CodegenException when another definition already generated different content into
   *     the same path during this run
   */
  void write(String path, String content) throws IOException;
}
