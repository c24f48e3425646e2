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
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The results of one {@link EchoBench} run: a Markdown table for people, JSON for tools. Each row
 * is compared with the best peer of its family: the {@link Contestant.Role#PEER} row of the same
 * family with the highest QPS.
 */
final class Report {

  /** One contestant's result, with what its server and client were. */
  record Row(Contestant contestant, String server, String client, Measurement m) {
    String name() {
      return contestant.id();
    }

    boolean failed() {
      return m.calls() == 0 || m.errors() > 0;
    }
  }

  private final Map<String, Object> settings;
  private final Map<String, Object> machine;
  private final List<Row> rows = new ArrayList<>();

  Report(Map<String, Object> settings, Map<String, Object> machine) {
    this.settings = settings;
    this.machine = machine;
  }

  void add(Row row) {
    rows.add(row);
  }

  List<Row> rows() {
    return List.copyOf(rows);
  }

  Map<String, Object> settings() {
    return settings;
  }

  Map<String, Object> machine() {
    return machine;
  }

  /** The fastest successful peer of {@code family}, if the run had one. */
  Optional<Row> bestPeer(Contestant.Family family) {
    Row best = null;
    for (Row r : rows) {
      if (r.contestant().family() != family || r.contestant().role() != Contestant.Role.PEER || r.failed()) continue;
      if (best == null || r.m().qps() > best.m().qps()) best = r;
    }
    return Optional.ofNullable(best);
  }

  /** This row's QPS over its best peer's; NaN without one. */
  double qpsVsBestPeer(Row r) {
    return bestPeer(r.contestant().family()).map(b -> r.m().qps() / b.m().qps()).orElse(Double.NaN);
  }

  /** This row's p99 over its best peer's (below 1 is better); NaN without one. */
  double p99VsBestPeer(Row r) {
    return bestPeer(r.contestant().family())
        .filter(b -> b.m().p99Micros() > 0)
        .map(b -> r.m().p99Micros() / b.m().p99Micros()).orElse(Double.NaN);
  }

  /** The rows as a Markdown table, then what each server and client is, then the ceilings. */
  String table() {
    StringBuilder sb = new StringBuilder();
    sb.append("| contestant | family | QPS | QPS vs best peer | p50 ms | p99 ms | p99.9 ms | p99 vs best peer"
        + " | server CPU s | client CPU s | CPU µs/call | errors |\n");
    sb.append("|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n");
    for (Row r : rows) {
      Measurement m = r.m();
      String name = r.contestant().role() == Contestant.Role.TERN ? "**" + r.name() + "**" : r.name();
      if (m.calls() == 0) {
        sb.append(String.format(Locale.ROOT, "| %s | %s | failed | | | | | | | | | %s |%n", name,
            r.contestant().family().id, m.firstError() == null ? "" : m.firstError().replace('|', '/')));
        continue;
      }
      sb.append(String.format(Locale.ROOT, "| %s | %s | %,.0f | %s | %.2f | %.2f | %.2f | %s | %s | %s | %s | %d |%n",
          name, r.contestant().family().id, m.qps(), ratio(qpsVsBestPeer(r)), m.p50Micros() / 1e3,
          m.p99Micros() / 1e3, m.p999Micros() / 1e3, ratio(p99VsBestPeer(r)), cpu(m.serverCpuSeconds()),
          cpu(m.clientCpuSeconds()), m.cpuMicrosPerCall() < 0 ? "n/a"
              : String.format(Locale.ROOT, "%.1f", m.cpuMicrosPerCall()), m.errors()));
    }
    sb.append("\nBest peer per family: ");
    List<String> best = new ArrayList<>();
    for (Contestant.Family f : Contestant.Family.values()) {
      if (rows.stream().noneMatch(r -> r.contestant().family() == f)) continue;
      best.add(f.id + " " + bestPeer(f).map(Row::name).orElse("(none)"));
    }
    sb.append(String.join(", ", best)).append(". Ratios above 1 are faster (QPS) or slower (p99) than it.\n");
    List<String> ceilings = new ArrayList<>();
    for (Row ceiling : rows) {
      if (ceiling.contestant().role() != Contestant.Role.CEILING || ceiling.failed()) continue;
      for (Row r : rows) {
        if (r.contestant().role() == Contestant.Role.TERN && r.contestant().family() == ceiling.contestant().family()
            && !r.failed()) {
          ceilings.add(String.format(Locale.ROOT, "%s %.0f%%", r.name(), 100 * r.m().qps() / ceiling.m().qps()));
        }
      }
      if (!ceilings.isEmpty()) {
        sb.append("Of the ceiling (").append(ceiling.name()).append("): ").append(String.join(", ", ceilings))
            .append(".\n");
        ceilings.clear();
      }
    }
    sb.append("\nContestants:\n");
    for (Row r : rows) {
      sb.append("- ").append(r.name()).append(": server ").append(r.server()).append("; client ").append(r.client());
      if (r.contestant().note() != null) sb.append(". ").append(r.contestant().note());
      if (r.m().firstError() != null) sb.append(". First error: ").append(r.m().firstError());
      sb.append('\n');
    }
    return sb.toString();
  }

  private static String ratio(double ratio) {
    return Double.isNaN(ratio) ? "" : String.format(Locale.ROOT, "%.2fx", ratio);
  }

  private static String cpu(double seconds) {
    return seconds < 0 ? "n/a" : String.format(Locale.ROOT, "%.2f", seconds);
  }

  void writeJson(Path file) throws IOException {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("machine", machine);
    root.put("settings", settings);
    List<Object> list = new ArrayList<>();
    for (Row r : rows) {
      Measurement m = r.m();
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("name", r.name());
      o.put("family", r.contestant().family().id);
      o.put("role", r.contestant().role().name().toLowerCase(Locale.ROOT));
      o.put("qps", m.qps());
      o.put("p50_us", m.p50Micros());
      o.put("p90_us", m.p90Micros());
      o.put("p99_us", m.p99Micros());
      o.put("p999_us", m.p999Micros());
      o.put("max_us", m.maxMicros());
      o.put("mean_us", m.meanMicros());
      o.put("server_cpu_s", m.serverCpuSeconds() < 0 ? null : m.serverCpuSeconds());
      o.put("client_cpu_s", m.clientCpuSeconds() < 0 ? null : m.clientCpuSeconds());
      o.put("cpu_us_per_call", m.cpuMicrosPerCall() < 0 ? null : m.cpuMicrosPerCall());
      o.put("warmup_s", m.warmupSeconds());
      o.put("seconds", m.seconds());
      o.put("calls", m.calls());
      o.put("errors", m.errors());
      o.put("best_peer", bestPeer(r.contestant().family()).map(Row::name).orElse(null));
      o.put("qps_vs_best_peer", qpsVsBestPeer(r));
      o.put("p99_vs_best_peer", p99VsBestPeer(r));
      o.put("server", r.server());
      o.put("client", r.client());
      o.put("note", r.contestant().note());
      o.put("first_error", m.firstError());
      list.add(o);
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

  /** The 1, 5 and 15 minute load averages from /proc/loadavg, or "unknown". */
  static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }
}
