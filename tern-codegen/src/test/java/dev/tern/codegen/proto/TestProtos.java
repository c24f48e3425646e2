package dev.tern.codegen.proto;

import com.google.protobuf.Empty;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.nio.file.Path;

/** The test .proto files under {@code src/test/resources/proto}, imported relative to that directory. */
public final class TestProtos {
  private TestProtos() {}

  /** The import root. */
  public static Path root() {
    try {
      return Path.of(TestProtos.class.getResource("/proto").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Copies {@code google/protobuf/empty.proto} out of the protobuf-java jar into {@code dir}, for
   * running protoc directly on files that import it; returns {@code dir}.
   */
  public static Path wellKnownTypes(Path dir) throws IOException {
    Path target = Files.createDirectories(dir.resolve("google/protobuf"));
    try (InputStream in = Empty.class.getResourceAsStream("/google/protobuf/empty.proto")) {
      Files.copy(in, target.resolve("empty.proto"), StandardCopyOption.REPLACE_EXISTING);
    }
    return dir;
  }

  /** A file by its import name, e.g. {@code tern/test/greeter.proto}. */
  public static Path file(String name) {
    return root().resolve(name);
  }
}
