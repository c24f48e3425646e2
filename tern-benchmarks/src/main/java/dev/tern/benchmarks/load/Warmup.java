package dev.tern.benchmarks.load;

import java.util.ArrayList;
import java.util.List;

/**
 * When a warm-up may end. Fresh JVMs pinned to one core each compile on the core they also serve
 * from, so throughput climbs for a while (on the 2-core development box 5 s for bare Netty, 15 s
 * and more for Armeria) and may sit on a plateau in between. So the rate alone does not say
 * "warm": the warm-up ends once, for the last {@value #WINDOW} seconds, the rate stayed within
 * {@value #TOLERANCE_PERCENT}% of its mean and each JVM spent under {@value #QUIET_JIT_PERCENT}%
 * of the time compiling (JIT times from {@link java.lang.management.CompilationMXBean}); or when
 * its budget is spent.
 */
final class Warmup {

  static final int WINDOW = 3;
  static final int TOLERANCE_PERCENT = 10;
  static final int QUIET_JIT_PERCENT = 5;

  private final double maxSeconds;
  private final List<double[]> samples = new ArrayList<>(); // {seconds, rate, jit ms of each JVM...}

  Warmup(double maxSeconds) {
    this.maxSeconds = maxSeconds;
  }

  /**
   * Records one interval.
   *
   * @param seconds how long the interval was
   * @param ratePerSecond calls per second in it
   * @param jitMillis the total compilation time so far of each JVM involved (negative: unknown)
   */
  void add(double seconds, double ratePerSecond, long... jitMillis) {
    double[] sample = new double[2 + jitMillis.length];
    sample[0] = seconds;
    sample[1] = ratePerSecond;
    for (int i = 0; i < jitMillis.length; i++) sample[2 + i] = jitMillis[i];
    samples.add(sample);
  }

  /** Whether the warm-up is over after {@code elapsedSeconds}. */
  boolean done(double elapsedSeconds) {
    return elapsedSeconds >= maxSeconds || (steadyRate() && quietJit());
  }

  /** The last {@value #WINDOW} rates are positive and within the tolerance of their mean. */
  boolean steadyRate() {
    if (samples.size() < WINDOW) return false;
    List<double[]> last = samples.subList(samples.size() - WINDOW, samples.size());
    double mean = last.stream().mapToDouble(s -> s[1]).average().orElse(0);
    if (mean <= 0) return false;
    return last.stream().allMatch(s -> Math.abs(s[1] - mean) <= mean * TOLERANCE_PERCENT / 100.0);
  }

  /** Over the last {@value #WINDOW} intervals, no JVM compiled for more than the quiet share. */
  boolean quietJit() {
    if (samples.size() < WINDOW + 1) return false;
    double[] first = samples.get(samples.size() - WINDOW - 1);
    double[] last = samples.getLast();
    double seconds = 0;
    for (int i = samples.size() - WINDOW; i < samples.size(); i++) seconds += samples.get(i)[0];
    for (int j = 2; j < last.length; j++) {
      if (first[j] < 0 || last[j] < 0) continue; // unknown: the rate has to do
      if (last[j] - first[j] > seconds * 1000 * QUIET_JIT_PERCENT / 100.0) return false;
    }
    return true;
  }
}
