package dev.tern.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.cli.GrpcInteropServerCommand;
import dev.tern.cli.grpcinterop.InteropCase;
import dev.tern.grpc.GrpcServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import picocli.CommandLine;

/**
 * grpc-java's interop client ({@code bin/test-client} of its distribution) runs each core case
 * against Tern's interop server, started in process as {@code ./tern grpc-interop-server} starts it.
 */
class GrpcJavaClientToTernServerTest {
  private static GrpcServer server;

  @BeforeAll
  static void startTernServer() {
    GrpcInteropServerCommand command = new GrpcInteropServerCommand();
    CommandLine cli = new CommandLine(command).setOut(new PrintWriter(new StringWriter()));
    cli.parseArgs("--port=0", "--use_tls=false");
    server = command.start();
  }

  @AfterAll
  static void stopTernServer() {
    if (server != null) {
      server.close();
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(InteropCase.class)
  void grpcJavaClientPasses(InteropCase testCase) throws Exception {
    GrpcJava.Result result = GrpcJava.run("test-client", "test-client-" + testCase.caseName(), Duration.ofSeconds(60),
        "--server_host=127.0.0.1", "--server_port=" + server.port(), "--use_tls=false",
        "--test_case=" + testCase.caseName());
    assertThat(result.exitCode()).as("grpc-java test-client --test_case=%s:%n%s", testCase.caseName(), result.output())
        .isZero();
  }
}
