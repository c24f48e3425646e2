package dev.tern.cli.crosstest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tern.cli.crosstest.thrifttest.SecondService;
import dev.tern.cli.crosstest.thrifttest.ThriftTest;
import dev.tern.cli.crosstest.thrifttest.Xtruct;
import dev.tern.cli.crosstest.thrifttest.Xtruct2;
import dev.tern.rpc.ThriftServer;
import dev.tern.transport.Address;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * Tern's cross-test client against Tern's cross-test server, in process over loopback, through
 * the same command objects {@code ./tern thrift-test-server} and {@code thrift-test-client} run.
 */
@Timeout(60)
class CrossTestCommandsTest {

  private static ThriftServer server;

  @BeforeAll
  static void startServer() {
    server = startServer("--port=0", "--quiet");
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  static Stream<Arguments> wires() {
    List<Arguments> wires = new ArrayList<>();
    for (String transport : List.of("buffered", "framed", "ttheader", "header")) {
      for (String protocol : List.of("binary", "compact")) {
        wires.add(Arguments.of(transport, protocol));
      }
    }
    wires.add(Arguments.of("buffered", "header")); // Apache's spelling of THeader
    return wires.stream();
  }

  @ParameterizedTest(name = "{0}/{1}")
  @MethodSource("wires")
  void everyCheckPassesOverEachTransportAndProtocol(String transport, String protocol) {
    Run run = client("--port=" + server.port(), "--transport=" + transport, "--protocol=" + protocol);

    assertThat(run.code).as(run.output).isZero();
    assertThat(run.output)
        .contains("testVoid() = void", "testOneway(1) = returned after", "testMultiException(\"success\", \"test 3\")")
        .doesNotContain("FAILURE");
  }

  @Test
  void loopsAndThreadsShareOneClient() {
    Run run = client("--port=" + server.port(), "--transport=framed", "-n", "2", "--threads=2");

    assertThat(run.code).as(run.output).isZero();
    assertThat(run.output).contains("=== thread 1", "=== thread 2", "Test #2, connect");
  }

  @Test
  void unixDomainSocket(@TempDir Path dir) {
    Path socket = dir.resolve("ThriftTest.sock");
    try (ThriftServer unix = startServer("--domain-socket=" + socket, "--quiet")) {
      assertThat(unix.address()).isEqualTo(Address.unix(socket));

      Run run = client("--domain-socket=" + socket, "--transport=framed", "--protocol=compact");

      assertThat(run.code).as(run.output).isZero();
    }
  }

  @Test
  void multiplexedNamesReachBothServices() {
    Run run = client("--port=" + server.port(), "--multiplex");

    assertThat(run.code).as(run.output).isZero();
    assertThat(run.output).contains("secondtestString(\"Test2\") = \"testString(\\\"Test2\\\")\"");
  }

  @Test
  void unreachableServerIsAnEnvironmentFailure() throws IOException {
    int freePort;
    try (ServerSocket probe = new ServerSocket(0)) {
      freePort = probe.getLocalPort();
    }

    Run run = client("--port=" + freePort, "--timeout=2000");

    assertThat(run.code).as(run.output).isEqualTo(ThriftTestSuite.UNKNOWN);
    assertThat(run.output).contains("testVoid() *** FAILURE ***");
  }

  @Test
  void unsupportedTransportOrProtocolIsAnEnvironmentFailure() {
    assertThat(client("--transport=http").code).isEqualTo(ThriftTestSuite.UNKNOWN);
    assertThat(client("--protocol=json").code).isEqualTo(ThriftTestSuite.UNKNOWN);
    assertThat(client("--ssl").code).isEqualTo(ThriftTestSuite.UNKNOWN);
  }

  @Test
  void serverRejectsWhatTernDoesNotSpeak() {
    assertThatThrownBy(() -> startServer("--port=0", "--protocol=json"))
        .isInstanceOf(ParameterException.class)
        .hasMessageContaining("json");
    assertThatThrownBy(() -> startServer("--port=0", "--server-type=forking"))
        .isInstanceOf(ParameterException.class)
        .hasMessageContaining("forking");
  }

  /**
   * A server that gets one call of each category wrong: the client must notice each and report
   * exactly those categories, and skipping a method must not count as a failure.
   */
  @Test
  void eachWrongAnswerSetsItsCategoryBit() {
    ThriftTest.Iface correct = new ThriftTestHandler();
    Set<String> corruptedCalls = ConcurrentHashMap.newKeySet();
    ThriftTest.Iface wrong = (ThriftTest.Iface) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {ThriftTest.Iface.class}, (proxy, method, args) -> {
          Object answer = switch (method.getName()) {
            case "testI64" -> (Long) args[0] + 1;
            case "testNest" -> ((Xtruct2) args[0]).toBuilder().i32_thing(0).build();
            case "testSet" -> Set.of();
            case "testMultiException" -> Xtruct.builder().string_thing((String) args[1]).build(); // never throws
            default -> null;
          };
          if (answer != null) {
            corruptedCalls.add(method.getName());
            return answer;
          }
          try {
            return method.invoke(correct, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
    try (ThriftServer broken = ThriftServer.builder()
        .address(Address.tcp("127.0.0.1", 0))
        .addService(ThriftTest.service(wrong))
        .addService(SecondService.service(new SecondServiceHandler()))
        .gracePeriod(Duration.ZERO)
        .build()
        .start()) {
      Run run = client("--port=" + broken.port(), "--skip=testUuid,testBinary");

      assertThat(run.code).as(run.output).isEqualTo(
          ThriftTestSuite.BASETYPES | ThriftTestSuite.STRUCTS | ThriftTestSuite.CONTAINERS | ThriftTestSuite.EXCEPTIONS);
      assertThat(corruptedCalls).containsExactlyInAnyOrder("testI64", "testNest", "testSet", "testMultiException");
      assertThat(run.output)
          .contains("testUuid(00112233-4455-6677-8899-aabbccddeeff) skipped")
          .contains("testI64(-34359738368) = -34359738367", "*** FAILURE *** expected -34359738368");
    }
  }

  private static ThriftServer startServer(String... args) {
    ThriftTestServerCommand command = new ThriftTestServerCommand();
    CommandLine cl = new CommandLine(command);
    cl.setOut(new PrintWriter(new StringWriter()));
    cl.parseArgs(args);
    return command.start();
  }

  private record Run(int code, String output) {}

  private static Run client(String... args) {
    StringWriter output = new StringWriter();
    PrintWriter out = new PrintWriter(output, true);
    int code = new CommandLine(new ThriftTestClientCommand()).setOut(out).setErr(out).execute(args);
    return new Run(code, output.toString());
  }
}
