package dev.tern.benchmarks.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP load: wrk (Debian: {@code apt-get install wrk}), one keep-alive connection per caller,
 * each sending its next request when the last response is in, as the JVM clients do. A Lua script
 * sets the request and, when wrk is done, prints the result as a {@link Measurement} line:
 * requests, errors (socket errors, timeouts and non-2xx/3xx answers) and latency percentiles
 * from wrk's own histogram, in microseconds.
 */
final class Wrk {
  private Wrk() {}

  static final String INSTALL_HINT = "wrk not found on PATH: the HTTP contestants need it (Debian/Ubuntu: apt-get install wrk)";

  /** What each request is. */
  record Workload(String name, String method, String path, int bodyBytes) {
    static Workload plaintext() {
      return new Workload("plaintext", "GET", HttpEchoServers.PLAINTEXT_PATH, 0);
    }

    static Workload echo(int bodyBytes) {
      return new Workload("echo", "POST", HttpEchoServers.ECHO_PATH, bodyBytes);
    }

    /** The Lua script: the request (an ASCII body of the payload's size) and the result line. */
    String script() {
      StringBuilder lua = new StringBuilder();
      lua.append("wrk.method = \"").append(method).append("\"\n");
      if (bodyBytes > 0) {
        lua.append("wrk.body = string.rep(\"0123456789abcdef\", ").append(bodyBytes / 16).append(")")
            .append(" .. string.rep(\"x\", ").append(bodyBytes % 16).append(")\n");
        lua.append("wrk.headers[\"Content-Type\"] = \"application/octet-stream\"\n");
      }
      lua.append("""
          function done(summary, latency, requests)
            local e = summary.errors
            io.write(string.format("%sseconds=%%.6f calls=%%d errors=%%d p50=%%d p90=%%d p99=%%d p999=%%d max=%%d mean=%%.3f\\n",
              summary.duration / 1e6, summary.requests - e.status, e.connect + e.read + e.write + e.status + e.timeout,
              latency:percentile(50), latency:percentile(90), latency:percentile(99), latency:percentile(99.9),
              latency.max, latency.mean))
          end
          """.formatted(Measurement.PREFIX));
      return lua.toString();
    }
  }

  /** wrk on the PATH, or null. */
  static Path find() {
    return Pinning.findExecutable("wrk");
  }

  /**
   * Runs wrk for {@code duration} against 127.0.0.1:{@code port}. The client CPU is what the wrk
   * process used (read once it has exited and been reaped); the server's is read around the run.
   */
  static Measurement run(Path wrk, int port, Workload workload, int connections, int threads, Duration duration,
                         List<String> pinPrefix, ProcessHandle server) throws IOException, InterruptedException {
    Path script = Files.createTempFile("tern-bench-wrk-", ".lua");
    try {
      Files.writeString(script, workload.script(), StandardCharsets.UTF_8);
      List<String> command = new ArrayList<>(pinPrefix);
      command.addAll(List.of(wrk.toString(), "-t", String.valueOf(Math.max(1, Math.min(threads, connections))),
          "-c", String.valueOf(connections), "-d", Math.max(1, duration.toSeconds()) + "s", "--timeout", "10s",
          "-s", script.toString(), "http://127.0.0.1:" + port + workload.path()));
      double children0 = ChildJvm.reapedChildrenCpuSeconds();
      Duration server0 = server == null ? null : ChildJvm.cpuTime(server);
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(duration.toSeconds() + 60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IOException("wrk did not finish");
      }
      double serverCpu = server == null ? -1 : ChildJvm.seconds(server0, ChildJvm.cpuTime(server));
      double children1 = ChildJvm.reapedChildrenCpuSeconds();
      double clientCpu = children0 < 0 || children1 < 0 ? -1 : children1 - children0;
      String line = output.lines().filter(l -> l.startsWith(Measurement.PREFIX)).findFirst().orElse(null);
      if (process.exitValue() != 0 || line == null) {
        throw new IOException("wrk failed (exit code " + process.exitValue() + "): " + output.strip());
      }
      Measurement m = Measurement.parse(line).withCpu(clientCpu, serverCpu);
      return m.errors() > 0 && m.firstError() == null ? m.withError(errorSummary(output)) : m;
    } finally {
      Files.deleteIfExists(script);
    }
  }

  /** wrk's own lines about errors ("Socket errors: ...", "Non-2xx or 3xx responses: ..."). */
  private static String errorSummary(String output) {
    return String.join("; ", output.lines().map(String::strip)
        .filter(l -> l.startsWith("Socket errors") || l.startsWith("Non-2xx")).toList());
  }
}
