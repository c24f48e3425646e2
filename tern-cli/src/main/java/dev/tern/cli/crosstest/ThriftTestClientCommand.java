package dev.tern.cli.crosstest;

import dev.tern.cli.crosstest.thrifttest.SecondService;
import dev.tern.cli.crosstest.thrifttest.ThriftTest;
import dev.tern.rpc.ThriftClient;
import dev.tern.thrift.ThriftCaller;
import dev.tern.transport.Address;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tern thrift-test-client}: Apache Thrift's cross-test client (the "Test executable
 * specification" of Apache's test/README.md) on Tern's {@link ThriftClient}. Runs the
 * {@link ThriftTestSuite} checks against a {@code ThriftTest} server of any language and exits
 * with the cross-test code: 0, or the OR of 1 (base types), 2 (structs), 4 (containers),
 * 8 (exceptions), 16 (multiplexing), 64 (environment: no server, bad arguments).
 */
@Command(
    name = "thrift-test-client",
    mixinStandardHelpOptions = true,
    exitCodeOnInvalidInput = ThriftTestSuite.UNKNOWN,
    exitCodeOnExecutionException = ThriftTestSuite.UNKNOWN,
    description = {
        "Apache Thrift cross-test client: calls every ThriftTest method and checks the answers.",
        "Exit code: 0, or the OR of 1 base types, 2 structs, 4 containers, 8 exceptions,"
            + " 16 multiplexing, 64 environment."})
public final class ThriftTestClientCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = "--host", defaultValue = "localhost", description = "Host to connect to (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(names = "--port", defaultValue = "9090", description = "Port to connect to (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--domain-socket", paramLabel = "PATH", description = "Connect to this Unix domain socket instead.")
  Path domainSocket;

  @Option(names = "--transport", defaultValue = "buffered",
      description = "Transport: " + CrossTestWire.TRANSPORTS + " (default: ${DEFAULT-VALUE}).")
  String transport;

  @Option(names = "--protocol", defaultValue = "binary",
      description = "Protocol: " + CrossTestWire.PROTOCOLS + " (header: Apache THeader; default: ${DEFAULT-VALUE}).")
  String protocol;

  @Option(names = "--multiplex",
      description = "Name services as TMultiplexedProtocol does (\"ThriftTest:testVoid\") and call SecondService too.")
  boolean multiplex;

  @Option(names = {"-n", "--testloops"}, defaultValue = "1", description = "Times to run the checks (default: ${DEFAULT-VALUE}).")
  int testloops;

  @Option(names = {"-t", "--threads"}, defaultValue = "1", description = "Threads running the checks at once (default: ${DEFAULT-VALUE}).")
  int threads;

  @Option(names = "--timeout", defaultValue = "5000", paramLabel = "MS",
      description = "Timeout of each call in milliseconds (default: ${DEFAULT-VALUE}).")
  long timeoutMillis;

  @Option(names = "--skip", split = ",", paramLabel = "METHOD",
      description = "Methods not to call, e.g. testUuid for servers built with Thrift before 0.19.")
  Set<String> skip = new LinkedHashSet<>();

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    CrossTestWire wire;
    try {
      wire = CrossTestWire.parse(transport, protocol);
      if (testloops < 1 || threads < 1 || timeoutMillis < 1) {
        throw new IllegalArgumentException("--testloops, --threads and --timeout must be positive");
      }
    } catch (IllegalArgumentException e) {
      err.println("thrift-test-client: " + e.getMessage());
      return ThriftTestSuite.UNKNOWN;
    }
    Address address = domainSocket != null ? Address.unix(domainSocket) : Address.tcp(host, port);

    ThriftClient.Builder builder = ThriftClient.builder()
        .address(address)
        .framing(wire.framing())
        .protocol(wire.protocol())
        .rpcTimeout(Duration.ofMillis(timeoutMillis));
    if (multiplex) builder.multiplexed();
    try (ThriftClient client = builder.build()) {
      if (threads == 1) {
        return runLoops(client, address, wire, out);
      }
      // Each thread prints into its own buffer; the buffers are printed in order at the end.
      List<StringWriter> outputs = new ArrayList<>();
      List<Future<Integer>> results = new ArrayList<>();
      try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
        for (int t = 0; t < threads; t++) {
          StringWriter buffer = new StringWriter();
          outputs.add(buffer);
          results.add(pool.submit(() -> runLoops(client, address, wire, new PrintWriter(buffer))));
        }
      }
      int code = 0;
      for (int t = 0; t < threads; t++) {
        out.println("=== thread " + (t + 1));
        out.print(outputs.get(t));
        code |= results.get(t).get();
      }
      out.flush();
      return code;
    }
  }

  private int runLoops(ThriftCaller client, Address address, CrossTestWire wire, PrintWriter out) {
    ThriftTestSuite suite = new ThriftTestSuite(ThriftTest.client(client),
        multiplex ? SecondService.client(client) : null, skip, out);
    int code = 0;
    long min = Long.MAX_VALUE;
    long max = 0;
    long total = 0;
    for (int loop = 1; loop <= testloops; loop++) {
      out.println("Test #" + loop + ", connect " + address + " (" + wire + (multiplex ? ", multiplexed" : "") + ")");
      long start = System.nanoTime();
      int result = suite.run();
      long micros = (System.nanoTime() - start) / 1_000;
      out.println("Total time: " + micros + " us" + (result == 0 ? "" : ", exit code " + result));
      code |= result;
      min = Math.min(min, micros);
      max = Math.max(max, micros);
      total += micros;
      if ((result & ThriftTestSuite.UNKNOWN) != 0) {
        break; // the server is unreachable or the connection broke: more loops say nothing new
      }
    }
    out.println("Min time: " + min + " us, max time: " + max + " us, avg time: " + total / testloops + " us");
    out.flush();
    return code;
  }
}
