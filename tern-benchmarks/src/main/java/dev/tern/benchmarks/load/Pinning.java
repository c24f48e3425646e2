package dev.tern.benchmarks.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Which CPUs the server and the client get: {@code taskset -c LIST} in front of each command, so
 * the two sides do not take turns on the same core, the same way for every contestant. By default
 * the CPUs this process may use are split in two halves, server first (on 2 cores: server on CPU
 * 0, client on CPU 1). Without taskset, with one CPU, or when turned off, nothing is pinned, and
 * {@link #description()} says so.
 *
 * @param serverPrefix put in front of the server's command line (empty: not pinned)
 * @param clientPrefix put in front of the client's command line, JVM or wrk
 * @param clientCpuCount how many CPUs the client may use (wrk's thread count)
 */
record Pinning(List<String> serverPrefix, List<String> clientPrefix, int clientCpuCount, String description) {

  static Pinning none(String why) {
    return new Pinning(List.of(), List.of(), Runtime.getRuntime().availableProcessors(), "not pinned: " + why);
  }

  /**
   * @param serverCpus a taskset CPU list for the server, or null for the first half
   * @param clientCpus a taskset CPU list for the client, or null for the second half
   */
  static Pinning decide(boolean enabled, String serverCpus, String clientCpus) {
    if (!enabled) return none("--no-pin");
    Path taskset = findExecutable("taskset");
    if (taskset == null) return none("taskset not found (Debian: apt-get install util-linux)");
    List<Integer> allowed = allowedCpus();
    if (serverCpus == null || clientCpus == null) {
      if (allowed.size() < 2) return none("only " + allowed.size() + " CPU available");
      int half = allowed.size() / 2;
      if (serverCpus == null) serverCpus = list(allowed.subList(0, half));
      if (clientCpus == null) clientCpus = list(allowed.subList(half, allowed.size()));
    }
    return new Pinning(List.of(taskset.toString(), "-c", serverCpus), List.of(taskset.toString(), "-c", clientCpus),
        parseList(clientCpus).size(),
        "server on CPU " + serverCpus + ", client (JVM or wrk) on CPU " + clientCpus + ", with taskset");
  }

  /** The CPUs this process may run on ({@code Cpus_allowed_list}), or 0..n-1 where that is unknown. */
  static List<Integer> allowedCpus() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("Cpus_allowed_list:")) return parseList(line.substring(line.indexOf(':') + 1).trim());
      }
    } catch (IOException | RuntimeException e) {
      // not Linux, or no /proc: fall through
    }
    List<Integer> all = new ArrayList<>();
    for (int i = 0; i < Runtime.getRuntime().availableProcessors(); i++) all.add(i);
    return all;
  }

  /** Parses a CPU list such as {@code 0-3,6,8-9}. */
  static List<Integer> parseList(String list) {
    List<Integer> cpus = new ArrayList<>();
    for (String part : list.split(",")) {
      part = part.trim();
      if (part.isEmpty()) continue;
      int dash = part.indexOf('-');
      if (dash < 0) {
        cpus.add(Integer.parseInt(part));
      } else {
        int from = Integer.parseInt(part.substring(0, dash));
        int to = Integer.parseInt(part.substring(dash + 1));
        if (to < from) throw new IllegalArgumentException("bad CPU range " + part);
        for (int i = from; i <= to; i++) cpus.add(i);
      }
    }
    if (cpus.isEmpty()) throw new IllegalArgumentException("empty CPU list");
    return cpus;
  }

  private static String list(List<Integer> cpus) {
    return cpus.stream().map(String::valueOf).collect(Collectors.joining(","));
  }

  /** {@code name} on the PATH, or null. */
  static Path findExecutable(String name) {
    String path = System.getenv("PATH");
    if (path == null) return null;
    for (String dir : path.split(java.io.File.pathSeparator)) {
      if (dir.isEmpty()) continue;
      Path candidate = Path.of(dir, name);
      if (Files.isExecutable(candidate) && !Files.isDirectory(candidate)) return candidate;
    }
    return null;
  }
}
