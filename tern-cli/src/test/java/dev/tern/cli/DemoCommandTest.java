package dev.tern.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

/** {@code ./tern demo} is the README's first command: it must keep passing every step. */
class DemoCommandTest {

  @Test
  @Timeout(60)
  void everyDemoStepBehaves() {
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream original = System.out;
    int exit;
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      exit = new CommandLine(new DemoCommand()).execute();
    } finally {
      System.setOut(original);
    }
    String out = captured.toString(StandardCharsets.UTF_8);
    assertThat(out).doesNotContain("FAILED")
        .contains("gRPC bidi stream", "balances [150, 130, 135]")
        .contains("instances found in ZooKeeper")
        .contains("then 200 and 404", "3 events:")
        .contains("All demo steps behaved as expected.");
    assertThat(exit).as(out).isZero();
  }
}
