package dev.tern.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTest {

  @Test
  void jsonEscapesStringsAndWritesNumbersNullsAndNesting() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("s", "a \"q\"\\\n\u0001");
    m.put("n", 3);
    m.put("d", 0.5);
    m.put("nan", Double.NaN);
    m.put("none", null);
    m.put("list", Arrays.asList(true, List.of(), Map.of()));
    StringBuilder sb = new StringBuilder();
    Report.json(sb, m, "");
    assertThat(sb).hasToString("""
        {
          "s": "a \\"q\\"\\\\\\n\\u0001",
          "n": 3,
          "d": 0.500,
          "nan": null,
          "none": null,
          "list": [
            true,
            [],
            {}
          ]
        }""");
  }

  /** {@code calls} calls over {@code seconds}, latencies 1..calls µs, and the given CPU. */
  static Measurement measured(double seconds, int calls, double clientCpu, double serverCpu) {
    Histogram latencies = new Histogram(3);
    for (int i = 1; i <= calls; i++) latencies.recordValue(i * 1_000L);
    return Measurement.of(5, seconds, latencies, 0, clientCpu, serverCpu, null);
  }

  static Report sample() {
    Map<String, Object> settings = new LinkedHashMap<>(Map.of("concurrency", 8, "payload_bytes", 1024));
    Report report = new Report(settings, new LinkedHashMap<>(Map.of("cores", 2)));
    report.add(new Report.Row(Contestant.byId("tern-framed"), "srv", "cli", measured(1.0, 1000, 0.5, 1.5)));
    report.add(new Report.Row(Contestant.byId("libthrift"), "srv", "cli", measured(1.0, 500, 0.25, 0.25)));
    report.add(new Report.Row(Contestant.byId("armeria-thrift"), "srv", "cli", measured(1.0, 400, 0.25, 0.25)));
    report.add(new Report.Row(Contestant.byId("netty"), "srv", "cli", measured(1.0, 2000, 0.5, 0.5)));
    report.add(new Report.Row(Contestant.byId("grpc-java"), "srv", "cli", Measurement.failed("refused")));
    return report;
  }

  @Test
  void ratiosCompareWithTheFastestPeerOfTheFamily() {
    Report report = sample();
    Report.Row tern = report.rows().getFirst();
    assertThat(report.bestPeer(Contestant.Family.THRIFT)).get().extracting(Report.Row::name).isEqualTo("libthrift");
    assertThat(report.qpsVsBestPeer(tern)).isEqualTo(2.0);
    assertThat(report.p99VsBestPeer(tern)).isCloseTo(990.0 / 495, org.assertj.core.data.Offset.offset(0.01));
    assertThat(report.bestPeer(Contestant.Family.GRPC)).as("a failed peer is no best peer").isEmpty();
    assertThat(report.qpsVsBestPeer(report.rows().get(4))).isNaN();
  }

  @Test
  void tableShowsRatiosCpuCeilingAndFailures() {
    String table = sample().table();
    assertThat(table)
        .contains("| **tern-framed** | thrift | 1,000 | 2.00x | 0.50 | 0.99 | 1.00 | 2.00x | 1.50 | 0.50 | 2000.0 | 0 |")
        .contains("| libthrift | thrift | 500 | 1.00x |")
        .contains("| grpc-java | grpc | failed |")
        .contains("Best peer per family: thrift libthrift, grpc (none)")
        .contains("Of the ceiling (netty): tern-framed 50%.")
        .contains("- armeria-thrift: server srv; client cli. Armeria serves Thrift over HTTP");
  }

  @Test
  void jsonCarriesThePerContestantFieldsAndTheRunsSettings(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("out/echo.json");
    sample().writeJson(file);
    String json = Files.readString(file);
    assertThat(json).contains("\"concurrency\": 8", "\"cores\": 2", "\"name\": \"tern-framed\"", "\"qps\": 1000.000",
        "\"p50_us\": 500.", "\"p99_us\": 990.", "\"p999_us\": 999.", "\"server_cpu_s\": 1.500",
        "\"client_cpu_s\": 0.500", "\"qps_vs_best_peer\": 2.000", "\"first_error\": \"refused\"");
  }
}
