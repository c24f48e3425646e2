package dev.tern.codegen.proto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tern.codegen.CodegenException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finding protoc the way the command line does, and running it. */
class ProtocTest {
  @TempDir Path tmp;

  private static Properties linux(String... more) {
    Properties p = new Properties();
    p.setProperty("os.name", "Linux");
    p.setProperty("os.arch", "amd64");
    p.setProperty("user.home", "/nonexistent-home");
    for (int i = 0; i < more.length; i += 2) {
      p.setProperty(more[i], more[i + 1]);
    }
    return p;
  }

  @Test
  void findsTheMatchingVersionInTheLocalMavenRepositoryAndMakesItExecutable() throws Exception {
    Path exe = Protoc.inRepository(tmp, Protoc.VERSION, "linux-x86_64");
    Files.createDirectories(exe.getParent());
    Files.copy(Protoc.locate().executable(), exe);
    exe.toFile().setExecutable(false);
    Protoc protoc = Protoc.locate(linux("maven.repo.local", tmp.toString()), Map.of());
    assertThat(protoc.executable()).isEqualTo(exe);
    assertThat(exe).isExecutable();
    assertThat(protoc.run(List.of("--version"))).startsWith("libprotoc ");
  }

  @Test
  void anExplicitProtocWinsOverTheRepository() throws Exception {
    Path exe = Files.copy(Protoc.locate().executable(), tmp.resolve("my-protoc"));
    assertThat(Protoc.locate(linux(Protoc.PROPERTY, exe.toString()), Map.of()).executable()).isEqualTo(exe);
    assertThat(Protoc.locate(linux(), Map.of(Protoc.ENV, exe.toString())).executable()).isEqualTo(exe);
  }

  @Test
  void saysHowToGetProtocWhenItIsMissing() {
    assertThatThrownBy(() -> Protoc.locate(linux("maven.repo.local", tmp.toString()), Map.of()))
        .isInstanceOf(CodegenException.class)
        .hasMessageContaining("mvn dependency:get -Dartifact=com.google.protobuf:protoc:" + Protoc.VERSION
            + ":exe:linux-x86_64")
        .hasMessageContaining("--protoc PATH");
    assertThatThrownBy(() -> Protoc.of(tmp.resolve("nope"))).hasMessageContaining("protoc not found at");
  }

  @Test
  void classifierFollowsMavenCentralsNames() {
    Properties mac = linux("os.name", "Mac OS X", "os.arch", "aarch64");
    Path repo = Path.of("/repo");
    assertThatThrownBy(() -> Protoc.locate(mac, Map.of())).hasMessageContaining("osx-aarch_64");
    assertThat(Protoc.inRepository(repo, "4.36.2", "osx-aarch_64"))
        .isEqualTo(Path.of("/repo/com/google/protobuf/protoc/4.36.2/protoc-4.36.2-osx-aarch_64.exe"));
    assertThat(Protoc.VERSION).matches("\\d+\\.\\d+\\.\\d+");
  }

  @Test
  void failuresCarryProtocsOwnMessage() {
    assertThatThrownBy(() -> Protoc.locate().run(List.of("--no-such-flag")))
        .isInstanceOf(CodegenException.class)
        .hasMessageContaining("protoc failed (exit status 1)")
        .hasMessageContaining("--no-such-flag");
  }
}
