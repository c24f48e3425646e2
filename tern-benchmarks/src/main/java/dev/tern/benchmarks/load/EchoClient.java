package dev.tern.benchmarks.load;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The client side of {@link EchoBench}, in a JVM of its own: runs one {@link ClientKind}'s closed
 * loop against a server, prints a progress line per second on stderr, discards the warm-up, and
 * prints the measured period as one {@link Measurement} line on stdout. It reads the CPU time of
 * itself and of the server process at the same two instants, the bounds of the measured period.
 * On stdin it reads {@code JIT <ms>} lines, the server's compilation time, which {@link Warmup}
 * weighs with its own.
 */
@Command(name = "echo-client", mixinStandardHelpOptions = true,
    description = "Load one echo server with a closed loop; print progress, then the result.")
public final class EchoClient implements Callable<Integer> {

  @Option(names = "--client", required = true, description = "Which client: ${COMPLETION-CANDIDATES}.")
  ClientKind client;

  @Option(names = "--port", description = "The server's port on 127.0.0.1. Without it, the first line on stdin"
      + " says: SERVER <port> <pid>, so that this JVM can start while the server does.")
  int port;

  @Option(names = "--server-pid", description = "The server's process id, to read its CPU time.")
  long serverPid = -1;

  /** The SERVER line's port and pid, when they come on stdin. */
  private final CompletableFuture<long[]> serverLine = new CompletableFuture<>();

  @Option(names = "--concurrency", defaultValue = "100", description = "Callers.")
  int concurrency;

  @Option(names = "--payload", defaultValue = "1024", description = "Payload bytes.")
  int payloadBytes;

  @Option(names = "--warmup-ms", defaultValue = "5000",
      description = "Longest warm-up, not measured; it ends earlier once throughput is steady and JITs quiet.")
  long warmupMillis;

  @Option(names = "--duration-ms", defaultValue = "5000", description = "Measured period.")
  long durationMillis;

  /** The server's latest JIT report, from stdin; -1 until one comes. */
  private volatile long serverJitMillis = -1;

  @Option(names = "--label", defaultValue = "", description = "Put in front of progress lines.")
  String label;

  /** Runs the load; exit code 0 when a result line was printed. */
  public static void main(String[] args) {
    System.exit(new CommandLine(new EchoClient()).setCaseInsensitiveEnumValuesAllowed(true).execute(args));
  }

  /** Reads stdin: the SERVER line, then the server's JIT reports. */
  private void readStdin() {
    try {
      BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      String line;
      while ((line = in.readLine()) != null) {
        if (line.startsWith(SERVER_PREFIX)) {
          String[] f = line.substring(SERVER_PREFIX.length()).trim().split("\\s+");
          serverLine.complete(new long[] {Long.parseLong(f[0]), Long.parseLong(f[1])});
        }
        long ms = ChildJvm.parseJit(line);
        if (ms >= 0) serverJitMillis = ms;
      }
    } catch (IOException | RuntimeException e) {
      // no more reports; the rate alone decides
    } finally {
      serverLine.completeExceptionally(new IOException("stdin closed before the SERVER line"));
    }
  }

  /** The payload every client sends for a size: fixed random bytes, so runs are repeatable. */
  static byte[] payload(int bytes) {
    byte[] payload = new byte[bytes];
    new SplittableRandom(7).nextBytes(payload);
    return payload;
  }

  /** Prefix of the stdin line that names the server when {@code --port} was not given. */
  static final String SERVER_PREFIX = "SERVER ";

  @Override
  public Integer call() throws Exception {
    Thread.ofPlatform().daemon().name("stdin").start(this::readStdin);
    if (port == 0) {
      long[] named = serverLine.get(120, TimeUnit.SECONDS);
      port = (int) named[0];
      serverPid = named[1];
    }
    ProcessHandle self = ProcessHandle.current();
    ProcessHandle server = serverPid > 0 ? ProcessHandle.of(serverPid).orElse(null) : null;
    Measurement result;
    try (ClosedLoop load = client.load(port, concurrency, payload(payloadBytes))) {
      load.start();
      long warm0 = System.nanoTime();
      phase(load, "warm-up", warmupMillis, new Warmup(warmupMillis / 1e3));
      double warmupSeconds = (System.nanoTime() - warm0) / 1e9;
      Duration client0 = ChildJvm.cpuTime(self);
      Duration server0 = server == null ? null : ChildJvm.cpuTime(server);
      long t0 = System.nanoTime();
      ClosedLoop.Interval measured = phase(load, "measure", durationMillis, null);
      double seconds = (System.nanoTime() - t0) / 1e9;
      double clientCpu = ChildJvm.seconds(client0, ChildJvm.cpuTime(self));
      double serverCpu = server == null ? -1 : ChildJvm.seconds(server0, ChildJvm.cpuTime(server));
      Throwable error = load.firstError();
      result = Measurement.of(warmupSeconds, seconds, measured.latencies(), measured.errors(), clientCpu, serverCpu,
          error == null ? null : error.toString());
    }
    System.out.println(result.toLine());
    System.out.flush();
    return 0;
  }

  /**
   * Runs the load for {@code millis}, or until {@code warmup} says it is done, with a progress
   * line a second; returns all it recorded.
   */
  private ClosedLoop.Interval phase(ClosedLoop load, String name, long millis, Warmup warmup)
      throws InterruptedException {
    load.interval(); // what came before belongs to the previous phase
    Histogram all = new Histogram(3);
    long errors = 0;
    long start = System.nanoTime();
    long end = start + millis * 1_000_000L;
    long last = start;
    for (int second = 1; ; second++) {
      long now = System.nanoTime();
      long next = Math.min(end, start + second * 1_000_000_000L);
      if (next > now) Thread.sleep(Duration.ofNanos(next - now));
      ClosedLoop.Interval interval = load.interval();
      all.add(interval.latencies());
      errors += interval.errors();
      now = System.nanoTime();
      double secs = (now - last) / 1e9;
      last = now;
      Histogram h = interval.latencies();
      if (warmup != null) warmup.add(secs, h.getTotalCount() / secs, ChildJvm.ownJitMillis(), serverJitMillis);
      System.err.printf("%s%-7s %3d s %,10.0f calls/s  p99 %7.2f ms%s%n", label, name,
          Math.round((now - start) / 1e9), h.getTotalCount() / secs,
          h.getTotalCount() == 0 ? 0.0 : h.getValueAtPercentile(99) / 1e6,
          interval.errors() == 0 ? "" : "  " + interval.errors() + " errors");
      if (now >= end || (warmup != null && warmup.done((now - start) / 1e9))) break;
    }
    return new ClosedLoop.Interval(all, errors);
  }
}
