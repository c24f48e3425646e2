package dev.tern.benchmarks.load;

import java.io.BufferedReader;
import java.io.IOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The command lines of the server and client JVMs: the same java binary, classpath and JVM options
 * as this one (as JMH forks do), so that, say, {@code -Dtern.transport=nio} or a heap size applies
 * to both sides. Agents and flight recordings are not passed on: they would fight over ports and
 * files.
 */
final class ChildJvm {
  private ChildJvm() {}

  static List<String> command(List<String> pinPrefix, Class<?> main, List<String> args) {
    List<String> command = new ArrayList<>(pinPrefix);
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions());
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
    command.addAll(args);
    return command;
  }

  /** The options children get: this JVM's, less agents and recordings, plus quiet logging. */
  static List<String> jvmOptions() {
    List<String> options = new ArrayList<>();
    List<String> mine = ManagementFactory.getRuntimeMXBean().getInputArguments();
    if (!mine.contains("--enable-native-access=ALL-UNNAMED")) options.add("--enable-native-access=ALL-UNNAMED");
    for (String option : mine) {
      boolean ownedByThisJvm = option.startsWith("-agent") || option.startsWith("-javaagent")
          || option.startsWith("-XX:StartFlightRecording");
      if (!ownedByThisJvm) options.add(option);
    }
    if (mine.stream().noneMatch(o -> o.startsWith("-Dorg.slf4j.simpleLogger.defaultLogLevel="))) {
      options.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
    }
    return options;
  }

  /** Prefix of the lines that carry a JVM's total JIT compilation time, in milliseconds. */
  static final String JIT_PREFIX = "JIT ";

  /** This JVM's total JIT compilation time so far, in milliseconds; -1 if it does not say. */
  static long ownJitMillis() {
    CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : -1;
  }

  /** The milliseconds of a {@link #JIT_PREFIX} line; -1 if it is not one. */
  static long parseJit(String line) {
    if (line == null || !line.startsWith(JIT_PREFIX)) return -1;
    try {
      return Long.parseLong(line.substring(JIT_PREFIX.length()).trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** The first line of {@code in} that starts with {@code prefix}, skipping others; null at the end. */
  static String lineStartingWith(BufferedReader in, String prefix) {
    try {
      String line;
      do {
        line = in.readLine();
      } while (line != null && !line.startsWith(prefix));
      return line;
    } catch (IOException e) {
      return null;
    }
  }

  /**
   * CPU time (user and system, all threads) of {@code process} so far; null if unknown. Read from
   * /proc by the JDK, so it works for any process of this user, not only children.
   */
  static Duration cpuTime(ProcessHandle process) {
    return process.info().totalCpuDuration().orElse(null);
  }

  /** Seconds between two {@link #cpuTime} readings; negative if either is unknown. */
  static double seconds(Duration before, Duration after) {
    return before == null || after == null ? -1 : after.minus(before).toNanos() / 1e9;
  }

  /**
   * CPU seconds used by this process's children that have exited and been waited for
   * ({@code cutime + cstime} in /proc/self/stat); negative if unknown. The difference across one
   * wrk run is what that wrk used.
   */
  static double reapedChildrenCpuSeconds() {
    try {
      long hz = clockTicksPerSecond(); // first: asking may start (and reap) a child
      String stat = Files.readString(Path.of("/proc/self/stat"));
      // Fields after the command name, which may hold spaces and ends at the last ')'.
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
      // f[0] is field 3 (state); cutime and cstime are fields 16 and 17.
      long ticks = Long.parseLong(f[13]) + Long.parseLong(f[14]);
      return ticks / (double) hz;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  private static volatile long clockTicks;

  /** USER_HZ, from getconf; 100 (what Linux uses everywhere in practice) if it cannot be asked. */
  private static long clockTicksPerSecond() {
    long ticks = clockTicks;
    if (ticks > 0) return ticks;
    ticks = 100;
    try {
      Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes()).trim();
      if (p.waitFor() == 0) ticks = Long.parseLong(out);
    } catch (IOException | RuntimeException e) {
      // keep 100
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    clockTicks = ticks;
    return ticks;
  }
}
