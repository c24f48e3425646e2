package dev.tern.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.cli.GrpcBenchmarkServerCommand;
import dev.tern.grpc.GrpcServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * grpc-java's load client ({@code bin/qps_client} of its benchmarks distribution) drives Tern's
 * {@code grpc.testing.BenchmarkService}, started in process as {@code ./tern grpc-benchmark-server}
 * starts it: unary calls, and ping-pong on streaming calls. A short run; the figure is not checked,
 * only that calls completed (qps_client exits non-zero when a call fails).
 */
class QpsClientToTernServerTest {
  /** qps_client's summary line, e.g. {@code QPS:                            12345}. */
  private static final Pattern QPS = Pattern.compile("(?m)^QPS:\\s+(\\d+)\\s*$");

  private static GrpcServer server;

  @BeforeAll
  static void startTernServer() {
    GrpcBenchmarkServerCommand command = new GrpcBenchmarkServerCommand();
    new CommandLine(command).setOut(new PrintWriter(new StringWriter())).parseArgs("--port=0");
    server = command.start();
  }

  @AfterAll
  static void stopTernServer() {
    if (server != null) {
      server.close();
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"unary", "streaming"})
  void qpsClientCompletesCalls(String kind) throws Exception {
    List<String> args = new ArrayList<>(List.of("--address=127.0.0.1:" + server.port(), "--duration=3",
        "--warmup_duration=1", "--channels=1", "--outstanding_rpcs=8", "--client_payload=1024",
        "--server_payload=1024"));
    if (kind.equals("streaming")) {
      args.add("--streaming_rpcs");
    }
    // The script's own JVM options ask for a 2 GiB heap and GC logs: a smaller heap, and no logs.
    Map<String, String> env = Map.of("QPS_CLIENT_OPTS", "-Xms64m -Xmx512m -XX:-PrintGCDetails");
    GrpcJava.Result result = GrpcJava.run(GrpcJava.BENCHMARKS, "qps_client", "qps_client-" + kind,
        Duration.ofSeconds(30), env, args.toArray(String[]::new));

    assertThat(result.exitCode()).as("qps_client %s:%n%s", String.join(" ", args), result.output()).isZero();
    // With bad flags qps_client prints its usage and still exits with 0: the summary tells.
    Matcher qps = QPS.matcher(result.output());
    assertThat(qps.find()).as("a QPS line in qps_client's output:%n%s", result.output()).isTrue();
    assertThat(Long.parseLong(qps.group(1))).as("QPS").isPositive();
  }
}
