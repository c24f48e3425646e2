package dev.tern.codegen.internal;

import dev.tern.codegen.CodegenException;
import dev.tern.codegen.OutputSink;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes generated files under a directory. A file whose content is already on disk is left
 * untouched, so that incremental compilers see no change; writing one path twice in a run with
 * different content (two definitions generating the same class) is an error.
 */
public final class DirectorySink implements OutputSink {
  private final Path root;
  private final Map<String, String> written = new LinkedHashMap<>();

  public DirectorySink(Path root) {
    this.root = root;
  }

  @Override
  public void write(String path, String content) throws IOException {
    String previous = written.putIfAbsent(path, content);
    if (previous != null) {
      if (!previous.equals(content)) {
        throw new CodegenException(null, "two definitions generate " + path
            + " (same Java package and name from different IDL files?)");
      }
      return;
    }
    Path file = root.resolve(path);
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    if (Files.isRegularFile(file) && Arrays.equals(Files.readAllBytes(file), bytes)) {
      return;
    }
    Files.createDirectories(file.getParent());
    Files.write(file, bytes);
  }

  /** Every file generated so far, in order, under the root. */
  public List<Path> files() {
    return written.keySet().stream().map(root::resolve).toList();
  }
}
