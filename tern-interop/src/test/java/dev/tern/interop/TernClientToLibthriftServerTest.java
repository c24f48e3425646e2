package dev.tern.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.cli.crosstest.ThriftTestClientCommand;
import dev.tern.interop.LibthriftServer.Kind;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/**
 * Tern's cross-test client (the {@code ./tern thrift-test-client} command, in process) against
 * libthrift servers built as Apache's Java TestServer builds them. Each run must exit 0: every
 * check of every category passed.
 *
 * <p>{@code testUuid} is skipped: the server's code comes from Debian's Thrift 0.17 compiler,
 * which predates the uuid type. libthrift for Java has no THeader, so there is no header case.
 */
@Timeout(60)
class TernClientToLibthriftServerTest {

  @ParameterizedTest(name = "{0} {1}/{2}")
  @CsvSource({
      "THREAD_POOL, buffered, binary",
      "THREAD_POOL, buffered, compact",
      "THREAD_POOL, framed, binary",
      "THREAD_POOL, framed, compact",
      "THREADED_SELECTOR, framed, binary",
      "THREADED_SELECTOR, framed, compact",
      "NONBLOCKING, framed, binary",
      "NONBLOCKING, framed, compact",
  })
  @Timeout(30)
  void ternClientPassesEveryCheck(Kind kind, String transport, String protocol) throws Exception {
    try (LibthriftServer server = LibthriftServer.start(kind, transport.equals("framed"), protocol, false)) {
      Run run = ternClient("--port=" + server.port(), "--transport=" + transport, "--protocol=" + protocol);

      assertThat(run.code).as(run.output).isZero();
      assertThat(run.output).contains("testUuid(").contains("skipped").doesNotContain("FAILURE");
    }
  }

  @Test
  @Timeout(30)
  void multiplexedServer() throws Exception {
    try (LibthriftServer server = LibthriftServer.start(Kind.THREAD_POOL, true, "binary", true)) {
      Run run = ternClient("--port=" + server.port(), "--transport=framed", "--multiplex");

      assertThat(run.code).as(run.output).isZero();
    }
  }

  private record Run(int code, String output) {}

  private static Run ternClient(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--host=127.0.0.1");
    all.add("--skip=testUuid");
    StringWriter output = new StringWriter();
    PrintWriter out = new PrintWriter(output, true);
    int code = new CommandLine(new ThriftTestClientCommand()).setOut(out).setErr(out).execute(all.toArray(String[]::new));
    return new Run(code, output.toString());
  }
}
