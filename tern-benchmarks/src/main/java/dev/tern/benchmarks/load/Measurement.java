package dev.tern.benchmarks.load;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * What one contestant's measured period gave: successful calls, failed ones, latency percentiles
 * of the successful calls (microseconds, call to reply as the client saw it) and the CPU time each
 * process used over the period. It travels from the client process to {@link EchoBench} as one
 * {@code RESULT key=value ...} line ({@link #toLine()}, {@link #parse(String)}); wrk's Lua script
 * prints the same line.
 *
 * @param warmupSeconds how long the warm-up before the measured period lasted
 * @param clientCpuSeconds negative if unknown
 * @param serverCpuSeconds negative if unknown
 * @param firstError why calls failed, if any did; else null
 */
record Measurement(double warmupSeconds, double seconds, long calls, long errors, double p50Micros, double p90Micros,
                   double p99Micros, double p999Micros, double maxMicros, double meanMicros,
                   double clientCpuSeconds, double serverCpuSeconds, String firstError) {

  static final String PREFIX = "RESULT ";

  /** The measurement of {@code latencies} (nanoseconds) over {@code seconds}. */
  static Measurement of(double warmupSeconds, double seconds, Histogram latencies, long errors, double clientCpuSeconds,
                        double serverCpuSeconds, String firstError) {
    boolean none = latencies.getTotalCount() == 0;
    return new Measurement(warmupSeconds, seconds, latencies.getTotalCount(), errors,
        none ? 0 : latencies.getValueAtPercentile(50) / 1e3, none ? 0 : latencies.getValueAtPercentile(90) / 1e3,
        none ? 0 : latencies.getValueAtPercentile(99) / 1e3, none ? 0 : latencies.getValueAtPercentile(99.9) / 1e3,
        none ? 0 : latencies.getMaxValue() / 1e3, none ? 0 : latencies.getMean() / 1e3,
        clientCpuSeconds, serverCpuSeconds, firstError);
  }

  /** A contestant that produced nothing: its server or client failed before the measurement. */
  static Measurement failed(String why) {
    return new Measurement(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -1, -1, why);
  }

  double qps() {
    return seconds > 0 ? calls / seconds : 0;
  }

  /** CPU time of both processes per successful call, in microseconds; negative if unknown. */
  double cpuMicrosPerCall() {
    if (clientCpuSeconds < 0 || serverCpuSeconds < 0 || calls == 0) return -1;
    return (clientCpuSeconds + serverCpuSeconds) * 1e6 / calls;
  }

  Measurement withCpu(double clientCpuSeconds, double serverCpuSeconds) {
    return new Measurement(warmupSeconds, seconds, calls, errors, p50Micros, p90Micros, p99Micros, p999Micros, maxMicros,
        meanMicros, clientCpuSeconds, serverCpuSeconds, firstError);
  }

  Measurement withWarmup(double warmupSeconds) {
    return new Measurement(warmupSeconds, seconds, calls, errors, p50Micros, p90Micros, p99Micros, p999Micros,
        maxMicros, meanMicros, clientCpuSeconds, serverCpuSeconds, firstError);
  }

  Measurement withError(String firstError) {
    return new Measurement(warmupSeconds, seconds, calls, errors, p50Micros, p90Micros, p99Micros, p999Micros,
        maxMicros, meanMicros, clientCpuSeconds, serverCpuSeconds, firstError);
  }

  /** One line; the error text comes last and runs to the end of the line. */
  String toLine() {
    return String.format(Locale.ROOT,
        PREFIX + "warmup=%.3f seconds=%.6f calls=%d errors=%d p50=%.3f p90=%.3f p99=%.3f p999=%.3f max=%.3f mean=%.3f"
            + " client_cpu=%.6f server_cpu=%.6f first_error=%s",
        warmupSeconds, seconds, calls, errors, p50Micros, p90Micros, p99Micros, p999Micros, maxMicros, meanMicros,
        clientCpuSeconds, serverCpuSeconds, firstError == null ? "" : firstError.replaceAll("\\s+", " "));
  }

  /** Reads a {@link #toLine()} line; keys it lacks are 0 (CPU: unknown) and unknown keys are ignored. */
  static Measurement parse(String line) {
    if (!line.startsWith(PREFIX)) throw new IllegalArgumentException("not a result line: " + line);
    String body = line.substring(PREFIX.length());
    String error = null;
    int at = body.indexOf("first_error=");
    if (at >= 0) {
      error = body.substring(at + "first_error=".length()).trim();
      if (error.isEmpty()) error = null;
      body = body.substring(0, at);
    }
    Map<String, String> values = new HashMap<>();
    for (String pair : body.trim().split("\\s+")) {
      int eq = pair.indexOf('=');
      if (eq > 0) values.put(pair.substring(0, eq), pair.substring(eq + 1));
    }
    return new Measurement(number(values, "warmup", 0), number(values, "seconds", 0), (long) number(values, "calls", 0),
        (long) number(values, "errors", 0), number(values, "p50", 0), number(values, "p90", 0),
        number(values, "p99", 0), number(values, "p999", 0), number(values, "max", 0), number(values, "mean", 0),
        number(values, "client_cpu", -1), number(values, "server_cpu", -1), error);
  }

  private static double number(Map<String, String> values, String key, double missing) {
    String v = values.get(key);
    return v == null ? missing : Double.parseDouble(v);
  }
}
