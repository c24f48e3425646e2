package dev.tern.benchmarks.load;

import dev.tern.transport.TransportFactory;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Echo load tool: for each contestant, starts its server in a JVM of its own and its load client
 * in another (or wrk, for HTTP), pinned to separate CPUs; the client keeps {@code --concurrency}
 * calls of {@code --payload} bytes in flight, discards the warm-up, and reports throughput,
 * latency percentiles (HdrHistogram, call to reply as the client sees it) and the CPU time both
 * processes used during the measured period. Prints a table with ratios against the best peer
 * and, if asked, writes JSON and a PNG plot.
 *
 * <pre>
 * ./tern bench                                  # RPC and HTTP, 100 callers, 1 KB, warm-up (30 s at most) + 20 s each
 * ./tern bench --quick --out b.json --plot b.png # warm-up (8 s at most) + 4 s each
 * ./tern bench rpc --contestants tern-framed,libthrift -c 50 --payload 4096
 * ./tern bench http --quick                     # the HTTP contestants only (needs wrk)
 * </pre>
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Closed-loop echo load against Tern and its Java peers, server and client each in its own"
        + " process on its own CPUs.")
public final class EchoBench implements Callable<Integer> {

  @Parameters(index = "0", arity = "0..1", paramLabel = "SUITE", defaultValue = "all",
      description = "rpc (Thrift, gRPC, Dubbo, bare Netty), http (wrk against HTTP servers) or all."
          + " Default: ${DEFAULT-VALUE}.")
  Contestant.Suite suite;

  @Option(names = {"-c", "--concurrency"}, paramLabel = "N",
      description = "Calls in flight (callers, or wrk connections). Default: ${DEFAULT-VALUE}.")
  int concurrency = 100;

  @Option(names = {"-p", "--payload"}, paramLabel = "BYTES",
      description = "Echo payload in bytes (HTTP echo: the POST body). Default: ${DEFAULT-VALUE}.")
  int payloadBytes = 1024;

  @Option(names = {"-w", "--warmup"}, paramLabel = "SECONDS",
      description = "Longest warm-up per contestant, not measured; it ends earlier once throughput is steady and"
          + " both JVMs have stopped compiling (3 s in a row within 10%%, under 5%% of the time in the JIT)."
          + " Default: ${DEFAULT-VALUE}.")
  int warmupSeconds = 30;

  @Option(names = {"-d", "--duration"}, paramLabel = "SECONDS",
      description = "Measured period per contestant. Default: ${DEFAULT-VALUE}.")
  int durationSeconds = 20;

  @Option(names = "--quick",
      description = "At most 8 s warm-up and 4 s measured per contestant (overrides -w and -d): the whole"
          + " comparison in about four minutes on 2 cores, indicative only.")
  boolean quick;

  @Option(names = "--contestants", split = ",", paramLabel = "NAME",
      description = "Which to run, in this order (a name may repeat), instead of the suite's. Known: "
          + "tern-ttheader, tern-framed, tern-to-libthrift, libthrift, armeria-thrift, netty, grpc-java,"
          + " armeria-grpc, grpc-java-stream, dubbo-triple, dubbo, tern-http-plaintext, netty-http-plaintext,"
          + " vertx-plaintext, helidon-plaintext, tern-http-echo, netty-http-echo, vertx-echo, helidon-echo.")
  List<String> contestantIds;

  @Option(names = "--tern-handler", paramLabel = "MODE",
      description = "Where Tern's servers run handlers: BLOCKING (a virtual thread per call, the default"
          + " users get) or ASYNC (non-blocking, on the event loop). Default: ${DEFAULT-VALUE}.")
  EchoServer.HandlerMode ternHandler = EchoServer.HandlerMode.BLOCKING;

  @Option(names = "--out", paramLabel = "FILE", description = "Also write the results as JSON to this file.")
  Path out;

  @Option(names = "--plot", paramLabel = "FILE.png", description = "Also draw QPS and p99 per contestant as a PNG.")
  Path plot;

  @Option(names = "--server-cpus", paramLabel = "LIST",
      description = "taskset CPU list for the servers. Default: the first half of this process's CPUs.")
  String serverCpus;

  @Option(names = "--client-cpus", paramLabel = "LIST",
      description = "taskset CPU list for the clients and wrk. Default: the second half.")
  String clientCpus;

  @Option(names = "--no-pin", description = "Do not pin server and client to CPUs.")
  boolean noPin;

  /** Runs the tool and exits with its status: 0, 1 if any contestant failed, 2 for bad usage. */
  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the tool in this JVM and returns its exit status. */
  static int run(String... args) {
    // Quiet the servers' and clients' INFO logs unless asked otherwise; set before any logger exists.
    if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    }
    return new CommandLine(new EchoBench()).setCaseInsensitiveEnumValuesAllowed(true).execute(args);
  }

  @Override
  public Integer call() throws Exception {
    if (concurrency <= 0 || payloadBytes < 0 || warmupSeconds < 0 || durationSeconds <= 0) {
      throw new CommandLine.ParameterException(new CommandLine(this),
          "need concurrency > 0, payload >= 0, warmup >= 0, duration > 0");
    }
    Duration warmup = Duration.ofSeconds(quick ? 8 : warmupSeconds);
    Duration measured = Duration.ofSeconds(quick ? 4 : durationSeconds);
    List<Contestant> contestants;
    try {
      contestants = contestantIds == null
          ? Contestant.ALL.stream().filter(suite::includes).toList()
          : contestantIds.stream().map(String::trim).map(Contestant::byId).toList();
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(new CommandLine(this), e.getMessage());
    }
    Path wrk = Wrk.find();
    if (wrk == null && contestants.stream().anyMatch(c -> c.client().wrk())) {
      if (contestantIds != null || suite == Contestant.Suite.HTTP) {
        System.err.println("bench: " + Wrk.INSTALL_HINT);
        return 2;
      }
      System.err.println("bench: " + Wrk.INSTALL_HINT + "; running the RPC contestants only");
      contestants = contestants.stream().filter(c -> !c.client().wrk()).toList();
    }
    Pinning pinning;
    try {
      pinning = Pinning.decide(!noPin, serverCpus, clientCpus);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(new CommandLine(this), e.getMessage());
    }

    Map<String, Object> machine = new LinkedHashMap<>();
    machine.put("cores", Runtime.getRuntime().availableProcessors());
    machine.put("cpu", Report.cpuModel());
    machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
    machine.put("jdk", System.getProperty("java.vendor") + " " + System.getProperty("java.runtime.version"));
    machine.put("tern_transport", TransportFactory.defaultKind().id());
    machine.put("load_average_start", Report.loadAverage());
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("suite", contestantIds == null ? suite.name().toLowerCase(Locale.ROOT) : "custom");
    settings.put("quick", quick);
    settings.put("concurrency", concurrency);
    settings.put("payload_bytes", payloadBytes);
    settings.put("warmup_max_s", warmup.toSeconds());
    settings.put("duration_s", measured.toSeconds());
    settings.put("tern_handler", ternHandler.name().toLowerCase(Locale.ROOT));
    settings.put("pinning", pinning.description());
    settings.put("wrk_threads", Math.max(1, pinning.clientCpuCount()));
    settings.put("jvm_options", String.join(" ", ChildJvm.jvmOptions()));
    Report report = new Report(settings, machine);

    System.err.printf("bench: %d contestant(s), %d callers, %d-byte payload, warm-up until steady (%d s at most)"
            + " + %d s measured each%n",
        contestants.size(), concurrency, payloadBytes, warmup.toSeconds(), measured.toSeconds());
    System.err.printf("bench: %s cores (%s), %s, %s, load average %s%n", machine.get("cores"), machine.get("cpu"),
        machine.get("jdk"), machine.get("os"), machine.get("load_average_start"));
    System.err.println("bench: pinning: " + pinning.description());
    List<String> failed = new ArrayList<>();
    long started = System.nanoTime();
    for (int i = 0; i < contestants.size(); i++) {
      Contestant c = contestants.get(i);
      String label = String.format(Locale.ROOT, "[%d/%d] %s: ", i + 1, contestants.size(), c.id());
      Measurement m;
      try {
        m = c.client().wrk() ? runWrk(c, label, wrk, pinning, warmup, measured)
            : runJvmClient(c, label, pinning, warmup, measured);
      } catch (Exception e) {
        m = Measurement.failed(e.getMessage() != null ? e.getMessage() : e.toString());
      }
      report.add(new Report.Row(c, c.server().description(ternHandler), c.client().description, m));
      System.err.printf(Locale.ROOT, "%s%,.0f calls/s, p50 %.2f ms, p99 %.2f ms, CPU server %s s client %s s,"
              + " %d errors%s%n", label, m.qps(), m.p50Micros() / 1e3, m.p99Micros() / 1e3,
          cpu(m.serverCpuSeconds()), cpu(m.clientCpuSeconds()), m.errors(),
          m.firstError() == null ? "" : " (first: " + m.firstError() + ")");
      if (m.calls() == 0 || m.errors() > 0) failed.add(c.id());
    }
    machine.put("load_average_end", Report.loadAverage());
    long elapsed = Math.round((System.nanoTime() - started) / 1e9);
    settings.put("elapsed_s", elapsed);
    System.err.printf("bench: %d contestant(s) in %d min %d s%n", contestants.size(), elapsed / 60, elapsed % 60);
    System.out.println();
    System.out.print(report.table());
    System.out.printf("%nMachine: %s cores (%s), %s, %s; load average %s at the start, %s at the end.%n",
        machine.get("cores"), machine.get("cpu"), machine.get("jdk"), machine.get("os"),
        machine.get("load_average_start"), machine.get("load_average_end"));
    System.out.println("Pinning: " + pinning.description() + ".");
    if (out != null) {
      report.writeJson(out);
      System.out.println("JSON: " + out.toAbsolutePath());
    }
    if (plot != null) {
      Plot.write(report, plot);
      System.out.println("Plot: " + plot.toAbsolutePath());
    }
    if (!failed.isEmpty()) {
      System.err.println("bench: calls failed for: " + String.join(", ", failed));
      return 1;
    }
    return 0;
  }

  private static String cpu(double seconds) {
    return seconds < 0 ? "n/a" : String.format(Locale.ROOT, "%.2f", seconds);
  }

  /**
   * Server and load client, each a JVM of its own, started together (the client learns the port
   * on stdin); the client prints progress and the result.
   */
  private Measurement runJvmClient(Contestant c, String label, Pinning pinning, Duration warmup, Duration measured)
      throws Exception {
    List<String> command = ChildJvm.command(pinning.clientPrefix(), EchoClient.class, List.of(
        "--client", c.client().name(), "--concurrency", String.valueOf(concurrency),
        "--payload", String.valueOf(payloadBytes), "--warmup-ms", String.valueOf(warmup.toMillis()),
        "--duration-ms", String.valueOf(measured.toMillis()), "--label", label));
    Process client = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    try (ServerProcess server = ServerProcess.start(c.server(), ternHandler, pinning.serverPrefix())) {
      System.err.printf("%sserver %s, pid %d, port %d%n", label, c.server().name().toLowerCase(Locale.ROOT),
          server.pid(), server.port());
      Thread.ofVirtual().start(() -> tellClient(server, client));
      BufferedReader stdout = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
      CompletableFuture<String> line = CompletableFuture.supplyAsync(
          () -> ChildJvm.lineStartingWith(stdout, Measurement.PREFIX));
      long limit = warmup.plus(measured).toSeconds() + 90;
      String result = line.get(limit, TimeUnit.SECONDS);
      if (!client.waitFor(30, TimeUnit.SECONDS)) client.destroyForcibly();
      if (result == null) throw new IOException("the load client exited with " + client.exitValue() + " and no result");
      return Measurement.parse(result);
    } finally {
      if (client.isAlive()) client.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }
  }

  /** Tells the client where the server is, then its JIT time four times a second, until the client exits. */
  private static void tellClient(ServerProcess server, Process client) {
    try (var in = client.getOutputStream()) {
      in.write((EchoClient.SERVER_PREFIX + server.port() + " " + server.pid() + "\n").getBytes(StandardCharsets.US_ASCII));
      in.flush();
      while (client.isAlive()) {
        long ms = server.jitMillis();
        if (ms >= 0) {
          in.write((ChildJvm.JIT_PREFIX + ms + "\n").getBytes(StandardCharsets.US_ASCII));
          in.flush();
        }
        Thread.sleep(250);
      }
    } catch (IOException e) {
      // the client exited
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Server in a JVM, wrk as the client: a warm-up run (discarded), then the measured run. */
  private Measurement runWrk(Contestant c, String label, Path wrk, Pinning pinning, Duration warmup,
                             Duration measured) throws Exception {
    Wrk.Workload workload = c.client().workload(payloadBytes);
    int threads = Math.max(1, pinning.clientCpuCount());
    try (ServerProcess server = ServerProcess.start(c.server(), ternHandler, pinning.serverPrefix())) {
      System.err.printf("%sserver %s, pid %d, port %d; wrk %s %s, %d connections, %d thread(s)%n", label,
          c.server().name().toLowerCase(Locale.ROOT), server.pid(), server.port(), workload.method(),
          workload.path(), concurrency, threads);
      // Warm-up in one-second wrk runs, so that it can end once the rate is steady and the server's JIT quiet.
      Warmup steady = new Warmup(warmup.toSeconds());
      long warm0 = System.nanoTime();
      for (int second = 1; second <= warmup.toSeconds(); second++) {
        Measurement w = Wrk.run(wrk, server.port(), workload, concurrency, threads, Duration.ofSeconds(1),
            pinning.clientPrefix(), null);
        steady.add(w.seconds(), w.qps(), server.jitMillis());
        System.err.printf(Locale.ROOT, "%swarm-up %3d s %,10.0f calls/s  p99 %7.2f ms%s%n", label, second, w.qps(),
            w.p99Micros() / 1e3, w.errors() == 0 ? "" : "  " + w.errors() + " errors");
        if (steady.done((System.nanoTime() - warm0) / 1e9)) break;
      }
      double warmupSeconds = (System.nanoTime() - warm0) / 1e9;
      System.err.printf("%smeasure %d s ...%n", label, measured.toSeconds());
      return Wrk.run(wrk, server.port(), workload, concurrency, threads, measured, pinning.clientPrefix(),
          server.handle()).withWarmup(warmupSeconds);
    }
  }
}
