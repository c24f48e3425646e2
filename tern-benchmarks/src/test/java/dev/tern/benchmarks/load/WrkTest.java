package dev.tern.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class WrkTest {

  @Test
  void echoScriptPostsABodyOfThePayloadsSize() {
    String lua = Wrk.Workload.echo(1030).script();
    assertThat(lua).contains("wrk.method = \"POST\"", "string.rep(\"0123456789abcdef\", 64) .. string.rep(\"x\", 6)",
        "Content-Type", "function done(summary, latency, requests)", "RESULT seconds=%.6f");
    assertThat(Wrk.Workload.plaintext().script()).contains("wrk.method = \"GET\"").doesNotContain("wrk.body");
  }

  /** wrk against the bare Netty HTTP server for a second; skipped where wrk is not installed. */
  @Test
  void runsWrkAndReadsItsResultAndCpu() throws Exception {
    Path wrk = Wrk.find();
    assumeTrue(wrk != null, Wrk.INSTALL_HINT);
    try (EchoServer.Running server = ServerKind.NETTY_HTTP.start(0, EchoServer.HandlerMode.BLOCKING)) {
      Measurement m = Wrk.run(wrk, server.port(), Wrk.Workload.echo(256), 4, 1, Duration.ofSeconds(1), List.of(),
          ProcessHandle.current());
      assertThat(m.errors()).as("errors: %s", m.firstError()).isZero();
      assertThat(m.calls()).isPositive();
      assertThat(m.seconds()).isBetween(0.5, 5.0);
      assertThat(m.p50Micros()).isPositive().isLessThanOrEqualTo(m.p99Micros());
      assertThat(m.clientCpuSeconds()).isPositive();
      assertThat(m.serverCpuSeconds()).isPositive();
    }
  }
}
