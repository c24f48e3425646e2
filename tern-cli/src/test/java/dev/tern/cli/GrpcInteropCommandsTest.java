package dev.tern.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tern.cli.grpcinterop.InteropCase;
import dev.tern.grpc.GrpcServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * Tern's gRPC interop client against Tern's interop server, in process over loopback, through the
 * command objects {@code ./tern grpc-interop-server} and {@code grpc-interop-client} run. The
 * same cases against grpc-java run in tern-interop.
 */
@Timeout(60)
class GrpcInteropCommandsTest {
  private static GrpcServer server;

  @BeforeAll
  static void startServer() {
    GrpcInteropServerCommand command = new GrpcInteropServerCommand();
    new CommandLine(command).setOut(new PrintWriter(new StringWriter())).parseArgs("--port=0");
    server = command.start();
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  private record Run(int exit, String output) {}

  private static Run client(String... args) {
    StringWriter out = new StringWriter();
    int exit = new CommandLine(new GrpcInteropClientCommand())
        .setOut(new PrintWriter(out, true))
        .setErr(new PrintWriter(out, true))
        .execute(args);
    return new Run(exit, out.toString());
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(InteropCase.class)
  void everyCasePassesTernToTern(InteropCase testCase) {
    Run run = client("--server_host=127.0.0.1", "--server_port=" + server.port(), "--use_tls=false",
        "--test_case=" + testCase.caseName());
    assertThat(run.exit()).as(run.output()).isZero();
    assertThat(run.output()).contains("Test " + testCase.caseName() + " passed");
  }

  @Test
  void failuresAreReportedPerCaseAndExitWithOne() throws Exception {
    // Nothing listens on a port that was just free: every case fails, and each says so.
    int closed;
    try (var socket = new java.net.ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    Run run = client("--server_port=" + closed, "--test_case=empty_unary,unimplemented_service");
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.output()).contains("Test empty_unary FAILED", "Test unimplemented_service FAILED",
        "2 of 2 test cases FAILED");
  }

  @Test
  void badArgumentsExitWithTwo() {
    Run unknown = client("--server_port=" + server.port(), "--test_case=no_such_case");
    assertThat(unknown.exit()).isEqualTo(2);
    assertThat(unknown.output()).contains("unknown test case 'no_such_case'");
    Run tls = client("--server_port=" + server.port(), "--use_tls=true");
    assertThat(tls.exit()).isEqualTo(2);
    assertThat(tls.output()).contains("--use_tls=true is not supported");

    GrpcInteropServerCommand command = new GrpcInteropServerCommand();
    new CommandLine(command).parseArgs("--port=0", "--use_tls");
    assertThatThrownBy(command::start).isInstanceOf(ParameterException.class).hasMessageContaining("plaintext");
  }
}
