package dev.tern.benchmarks.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;

/** The results of one {@link EchoBench} run: a Markdown table for people, JSON for tools. */
final class Report {

  /**
   * One contestant's measured period.
   *
   * @param latencies successful calls' latencies in nanoseconds
   * @param clientCpuSeconds CPU time of the load generator's JVM over the period; negative if unknown
   * @param serverCpuSeconds CPU time of the server's JVM over the period; negative if unknown
   * @param firstError why calls failed, if any did
   */
  record Result(String contestant, String server, String client, double seconds, Histogram latencies,
                long errors, double clientCpuSeconds, double serverCpuSeconds, String firstError) {

    long calls() {
      return latencies.getTotalCount();
    }

    double qps() {
      return calls() / seconds;
    }

    /** Latency at {@code percentile} (0-100) in microseconds. */
    double micros(double percentile) {
      return latencies.getValueAtPercentile(percentile) / 1e3;
    }

    /** CPU time of both processes per successful call, in microseconds; negative if unknown. */
    double cpuMicrosPerCall() {
      if (clientCpuSeconds < 0 || serverCpuSeconds < 0 || calls() == 0) return -1;
      return (clientCpuSeconds + serverCpuSeconds) * 1e6 / calls();
    }
  }

  private final Map<String, Object> settings;
  private final Map<String, Object> machine;
  private final List<Result> results = new ArrayList<>();

  Report(Map<String, Object> settings, Map<String, Object> machine) {
    this.settings = settings;
    this.machine = machine;
  }

  void add(Result result) {
    results.add(result);
  }

  /**
   * Contestants as a Markdown table. CPU is in percent of one core over the measured period, so
   * the sum of client and server can reach 100 x cores.
   */
  String table() {
    StringBuilder sb = new StringBuilder();
    sb.append("| contestant | server | client | QPS | p50 ms | p99 ms | p99.9 ms | max ms | errors"
        + " | client CPU | server CPU | CPU µs/call |\n");
    sb.append("|---|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n");
    for (Result r : results) {
      sb.append(String.format(Locale.ROOT, "| %s | %s | %s | %,.0f | %.2f | %.2f | %.2f | %.2f | %d | %s | %s | %s |%n",
          r.contestant(), r.server(), r.client(), r.qps(), r.micros(50) / 1e3, r.micros(99) / 1e3,
          r.micros(99.9) / 1e3, r.latencies().getMaxValue() / 1e6, r.errors(),
          percent(r.clientCpuSeconds(), r.seconds()), percent(r.serverCpuSeconds(), r.seconds()),
          r.cpuMicrosPerCall() < 0 ? "n/a" : String.format(Locale.ROOT, "%.1f", r.cpuMicrosPerCall())));
    }
    return sb.toString();
  }

  private static String percent(double cpuSeconds, double seconds) {
    return cpuSeconds < 0 ? "n/a" : String.format(Locale.ROOT, "%.0f%%", 100 * cpuSeconds / seconds);
  }

  void writeJson(Path file) throws IOException {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("machine", machine);
    root.put("settings", settings);
    List<Object> list = new ArrayList<>();
    for (Result r : results) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("contestant", r.contestant());
      m.put("server", r.server());
      m.put("client", r.client());
      m.put("seconds", r.seconds());
      m.put("calls", r.calls());
      m.put("errors", r.errors());
      m.put("qps", r.qps());
      Map<String, Object> latency = new LinkedHashMap<>();
      latency.put("p50", r.micros(50));
      latency.put("p90", r.micros(90));
      latency.put("p99", r.micros(99));
      latency.put("p999", r.micros(99.9));
      latency.put("max", r.latencies().getMaxValue() / 1e3);
      latency.put("mean", r.latencies().getMean() / 1e3);
      m.put("latency_us", latency);
      m.put("client_cpu_s", r.clientCpuSeconds() < 0 ? null : r.clientCpuSeconds());
      m.put("server_cpu_s", r.serverCpuSeconds() < 0 ? null : r.serverCpuSeconds());
      m.put("cpu_us_per_call", r.cpuMicrosPerCall() < 0 ? null : r.cpuMicrosPerCall());
      m.put("first_error", r.firstError());
      list.add(m);
    }
    root.put("results", list);
    StringBuilder sb = new StringBuilder();
    json(sb, root, "");
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) Files.createDirectories(parent);
    Files.writeString(file, sb.append('\n'), StandardCharsets.UTF_8);
  }

  /** Enough JSON for maps, lists, strings, numbers, booleans and null. */
  static void json(StringBuilder sb, Object value, String indent) {
    switch (value) {
      case null -> sb.append("null");
      case Map<?, ?> map -> {
        sb.append('{');
        String inner = indent + "  ";
        boolean first = true;
        for (Map.Entry<?, ?> e : map.entrySet()) {
          sb.append(first ? "\n" : ",\n").append(inner);
          first = false;
          string(sb, String.valueOf(e.getKey()));
          sb.append(": ");
          json(sb, e.getValue(), inner);
        }
        sb.append(first ? "}" : "\n" + indent + "}");
      }
      case List<?> list -> {
        sb.append('[');
        String inner = indent + "  ";
        for (int i = 0; i < list.size(); i++) {
          sb.append(i == 0 ? "\n" : ",\n").append(inner);
          json(sb, list.get(i), inner);
        }
        sb.append(list.isEmpty() ? "]" : "\n" + indent + "]");
      }
      case Double d when d.isNaN() || d.isInfinite() -> sb.append("null");
      case Double d -> sb.append(String.format(Locale.ROOT, "%.3f", d));
      case Number n -> sb.append(n);
      case Boolean b -> sb.append(b);
      default -> string(sb, value.toString());
    }
  }

  private static void string(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
          else sb.append(c);
        }
      }
    }
    sb.append('"');
  }

  /** The first {@code model name} in /proc/cpuinfo, or the architecture where there is none. */
  static String cpuModel() {
    try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
      return lines.filter(l -> l.startsWith("model name")).map(l -> l.substring(l.indexOf(':') + 1).trim())
          .findFirst().orElse(System.getProperty("os.arch"));
    } catch (IOException | RuntimeException e) {
      return System.getProperty("os.arch");
    }
  }
}
