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

  @Test
  void tableAndJsonCarryThePercentilesThroughputAndCpu(@TempDir Path dir) throws Exception {
    Histogram latencies = new Histogram(3);
    for (int i = 1; i <= 1000; i++) latencies.recordValue(i * 1_000L); // 1 µs .. 1 ms
    Report report = new Report(Map.of("concurrency", 8), Map.of("cores", 2));
    report.add(new Report.Result("tern-framed", "srv", "cli", 2.0, latencies, 0, 0.5, 1.5, null));

    assertThat(report.table())
        .contains("| tern-framed | srv | cli | 500 | 0.50 | 0.99 | 1.00 | 1.00 | 0 | 25% | 75% | 2000.0 |");
    Path file = dir.resolve("out/echo.json");
    report.writeJson(file);
    assertThat(Files.readString(file))
        .contains("\"qps\": 500.000", "\"p99\": 990.", "\"cpu_us_per_call\": 2000.000", "\"first_error\": null");
  }
}
