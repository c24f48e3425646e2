package dev.tern.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole tool, briefly: server and client in child JVMs, the table, the JSON. */
class EchoBenchTest {

  @Test
  void runsAContestantEndToEndAndWritesJson(@TempDir Path dir) throws Exception {
    Path json = dir.resolve("bench.json");
    int status = EchoBench.run("--contestants", "tern-framed", "-c", "2", "-w", "0", "-d", "1",
        "--out", json.toString());
    assertThat(status).isZero();
    String text = Files.readString(json);
    assertThat(text).contains("\"name\": \"tern-framed\"", "\"errors\": 0", "\"pinning\": ", "\"load_average_end\"");
    assertThat(text).containsPattern("\"server_cpu_s\": [0-9]").containsPattern("\"client_cpu_s\": [0-9]");
  }

  @Test
  void unknownContestantIsAUsageError() {
    assertThat(EchoBench.run("--contestants", "nope")).isEqualTo(2);
  }
}
