package dev.tern.cli.crosstest;

import dev.tern.cli.crosstest.thrifttest.SecondService;
import dev.tern.cli.crosstest.thrifttest.ThriftTest;
import dev.tern.rpc.ThriftServer;
import dev.tern.transport.Address;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code tern thrift-test-server}: Apache Thrift's cross-test server (the "Test executable
 * specification" of Apache's test/README.md) on Tern's {@link ThriftServer}, serving
 * {@link ThriftTestHandler} and, for multiplexed clients, {@link SecondServiceHandler}.
 *
 * <p>Tern's server detects the framing (buffered, framed, THeader, TTHeader) and the protocol
 * (binary, compact) of each connection from its first bytes, and always hosts both services,
 * answering plain and {@code TMultiplexedProtocol} method names alike. So {@code --transport},
 * {@code --protocol}, {@code --multiplex}, {@code --server-type} and {@code --workers} are
 * checked and echoed, as cross-test runners pass them, but one server answers every
 * combination. It runs until the process is stopped, then closes gracefully.
 */
@Command(
    name = "thrift-test-server",
    mixinStandardHelpOptions = true,
    description = {
        "Apache Thrift cross-test server: serves ThriftTest (and SecondService) until stopped.",
        "Every connection may use any transport and protocol Tern speaks; the flags state intent."})
public final class ThriftTestServerCommand implements Callable<Integer> {

  private static final Set<String> SERVER_TYPES = Set.of("simple", "thread-pool", "threaded", "nonblocking", "threaded-selector");

  @Spec
  CommandSpec spec;

  @Option(names = "--port", defaultValue = "9090", description = "Port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--domain-socket", paramLabel = "PATH", description = "Listen on this Unix domain socket instead.")
  Path domainSocket;

  @Option(names = "--server-type", defaultValue = "simple",
      description = "Accepted for compatibility (simple, thread-pool, threaded, nonblocking, threaded-selector);"
          + " Tern has one server: event loops plus a virtual thread per call.")
  String serverType;

  @Option(names = "--transport", defaultValue = "buffered",
      description = "Transport the clients are expected to use: " + CrossTestWire.TRANSPORTS + " (default: ${DEFAULT-VALUE}).")
  String transport;

  @Option(names = "--protocol", defaultValue = "binary",
      description = "Protocol the clients are expected to use: " + CrossTestWire.PROTOCOLS + " (default: ${DEFAULT-VALUE}).")
  String protocol;

  @Option(names = "--multiplex", description = "Clients will use TMultiplexedProtocol (always served).")
  boolean multiplex;

  @Option(names = {"-n", "--workers"}, defaultValue = "4", description = "Accepted for compatibility; handlers run on virtual threads.")
  int workers;

  @Option(names = {"-q", "--quiet"}, description = "Do not print each call.")
  boolean quiet;

  /**
   * Validates the options, binds and starts the server, and prints where it listens. The caller
   * closes the returned server.
   *
   * @throws ParameterException for unsupported option values
   */
  public ThriftServer start() {
    CrossTestWire wire;
    try {
      wire = CrossTestWire.parse(transport, protocol);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    if (!SERVER_TYPES.contains(serverType)) {
      throw new ParameterException(spec.commandLine(), "unknown server type '" + serverType + "'");
    }
    Address address = domainSocket != null ? Address.unix(domainSocket) : Address.tcp("0.0.0.0", port);
    if (domainSocket != null) {
      removeStaleSocket(domainSocket);
    }
    PrintStream calls = quiet ? null : System.out;
    ThriftServer server = ThriftServer.builder()
        .address(address)
        .addService(ThriftTest.service(new ThriftTestHandler(calls)))
        .addService(SecondService.service(new SecondServiceHandler()))
        .build()
        .start();
    PrintWriter out = spec.commandLine().getOut();
    out.println("Starting the Tern server [" + wire + (multiplex ? ", multiplexed" : "") + "] on "
        + (domainSocket != null ? "unix socket " + domainSocket : "port " + server.port())
        + " (every connection may use buffered, framed, THeader or TTHeader with binary or compact)");
    out.flush();
    return server;
  }

  @Override
  public Integer call() throws InterruptedException {
    ThriftServer server = start();
    CountDownLatch forever = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "thrift-test-server-shutdown"));
    forever.await(); // until the process is stopped; the hook then closes the server
    return 0;
  }

  /** A socket file left by an earlier run would make the bind fail; Apache's servers unlink it too. */
  private static void removeStaleSocket(Path path) {
    try {
      BasicFileAttributes attrs = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      if (attrs.isOther()) {
        Files.delete(path);
      }
    } catch (java.nio.file.NoSuchFileException e) {
      // nothing to remove
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove the old socket " + path, e);
    }
  }
}
