package dev.tern.benchmarks.load;

import dev.tern.transport.TransportFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Echo load tool: for each contestant, starts its server in a separate JVM, drives it with a
 * closed loop of {@code --concurrency} callers sending {@code --payload}-byte echo calls, discards
 * the warm-up, and reports throughput, latency percentiles (HdrHistogram, call to reply as the
 * client sees it) and the CPU time both processes used during the measured period.
 *
 * <pre>
 * ./tern bench                          # all contestants, 100 callers, 1 KB, 10 s warm-up + 20 s
 * ./tern bench --quick --out bench.json # a few seconds each
 * ./tern bench --contestants tern-ttheader,libthrift -c 50 --payload 4096
 * </pre>
 *
 * <p>Client and server share the machine, so on a small box the numbers show the cost of both
 * sides together more than either alone.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Closed-loop echo load against Tern and libthrift servers, each in its own JVM.")
public final class EchoBench implements Callable<Integer> {

  @Option(names = {"-c", "--concurrency"}, paramLabel = "N",
      description = "Calls in flight (callers). Default: ${DEFAULT-VALUE}.")
  int concurrency = 100;

  @Option(names = {"-p", "--payload"}, paramLabel = "BYTES",
      description = "Echo payload in bytes. Default: ${DEFAULT-VALUE}.")
  int payloadBytes = 1024;

  @Option(names = {"-w", "--warmup"}, paramLabel = "SECONDS",
      description = "Warm-up per contestant, not measured. Default: ${DEFAULT-VALUE}.")
  int warmupSeconds = 10;

  @Option(names = {"-d", "--duration"}, paramLabel = "SECONDS",
      description = "Measured period per contestant. Default: ${DEFAULT-VALUE}.")
  int durationSeconds = 20;

  @Option(names = "--quick",
      description = "5 s warm-up and 5 s measured per contestant (overrides -w and -d). Shorter warm-ups"
          + " measure the JIT more than the code on small machines.")
  boolean quick;

  @Option(names = "--contestants", split = ",", paramLabel = "NAME",
      description = "Which to run, in order: tern-ttheader, tern-framed, tern-to-libthrift, libthrift,"
          + " netty (bare Netty echo, no RPC: the ceiling). Default: all. A name may repeat; the first"
          + " contestant runs while the JIT is still compiling the client, so compare later rows.")
  List<String> contestantIds;

  @Option(names = "--tern-handler", paramLabel = "MODE",
      description = "How the Tern server runs the handler: BLOCKING (a virtual thread per call) or ASYNC"
          + " (on the event loop). Default: ${DEFAULT-VALUE}.")
  EchoServer.HandlerMode ternHandler = EchoServer.HandlerMode.BLOCKING;

  @Option(names = "--out", paramLabel = "FILE", description = "Also write the results as JSON to this file.")
  Path out;

  public static void main(String[] args) {
    // Quiet the servers' and clients' INFO logs unless asked otherwise; set before any logger exists.
    if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    }
    System.exit(new CommandLine(new EchoBench()).setCaseInsensitiveEnumValuesAllowed(true).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    if (concurrency <= 0 || payloadBytes < 0 || warmupSeconds < 0 || durationSeconds <= 0) {
      throw new CommandLine.ParameterException(new CommandLine(this),
          "need concurrency > 0, payload >= 0, warmup >= 0, duration > 0");
    }
    Duration warmup = Duration.ofSeconds(quick ? 5 : warmupSeconds);
    Duration measured = Duration.ofSeconds(quick ? 5 : durationSeconds);
    List<Contestant> contestants;
    try {
      contestants = contestantIds == null
          ? Arrays.asList(Contestant.values())
          : contestantIds.stream().map(String::trim).map(Contestant::byId).toList();
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(new CommandLine(this), e.getMessage());
    }
    byte[] payload = new byte[payloadBytes];
    new SplittableRandom(7).nextBytes(payload);

    Map<String, Object> machine = new LinkedHashMap<>();
    machine.put("cores", Runtime.getRuntime().availableProcessors());
    machine.put("cpu", Report.cpuModel());
    machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
    machine.put("jdk", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
    machine.put("tern_transport", TransportFactory.shared().kind().id());
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("concurrency", concurrency);
    settings.put("payload_bytes", payloadBytes);
    settings.put("warmup_s", warmup.toSeconds());
    settings.put("duration_s", measured.toSeconds());
    settings.put("tern_handler", ternHandler.name().toLowerCase());
    Report report = new Report(settings, machine);

    System.err.printf("echo bench: %d callers, %d-byte payload, %d s warm-up + %d s measured per contestant; %s%n",
        concurrency, payloadBytes, warmup.toSeconds(), measured.toSeconds(), machine);
    List<String> failed = new ArrayList<>();
    for (Contestant c : contestants) {
      Report.Result r = run(c, payload, warmup, measured);
      report.add(r);
      if (r.errors() > 0 || r.calls() == 0) failed.add(c.id);
    }
    System.out.println();
    System.out.print(report.table());
    if (out != null) {
      report.writeJson(out);
      System.out.println("\nJSON: " + out.toAbsolutePath());
    }
    if (!failed.isEmpty()) {
      System.err.println("calls failed for: " + String.join(", ", failed));
      return 1;
    }
    return 0;
  }

  private Report.Result run(Contestant c, byte[] payload, Duration warmup, Duration measured) throws Exception {
    try (ServerProcess server = ServerProcess.start(c.server, ternHandler)) {
      System.err.printf("%s: server pid %d on port %d, warming up ...%n", c.id, server.pid(), server.port());
      try (ClosedLoop load = c.load(server.port(), concurrency, payload)) {
        load.start();
        Thread.sleep(warmup);
        load.interval(); // drop the warm-up
        Duration client0 = clientCpu();
        Duration server0 = server.cpuTime();
        long t0 = System.nanoTime();
        Thread.sleep(measured);
        ClosedLoop.Interval interval = load.interval();
        double seconds = (System.nanoTime() - t0) / 1e9;
        double clientCpu = seconds(client0, clientCpu());
        double serverCpu = seconds(server0, server.cpuTime());
        Throwable error = load.firstError();
        Report.Result r = new Report.Result(c.id, c.serverDescription(ternHandler), c.client, seconds,
            interval.latencies(), interval.errors(), clientCpu, serverCpu, error == null ? null : error.toString());
        System.err.printf("%s: %,.0f calls/s, p99 %.2f ms, %d errors%s%n", c.id, r.qps(), r.micros(99) / 1e3,
            r.errors(), error == null ? "" : " (first: " + error + ")");
        return r;
      }
    }
  }

  private static Duration clientCpu() {
    return ProcessHandle.current().info().totalCpuDuration().orElse(null);
  }

  private static double seconds(Duration before, Duration after) {
    return before == null || after == null ? -1 : after.minus(before).toNanos() / 1e9;
  }
}
