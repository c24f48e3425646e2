package dev.tern.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.cli.GrpcInteropClientCommand;
import dev.tern.cli.grpcinterop.InteropCase;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import picocli.CommandLine;

/**
 * Tern's interop client runs each core case, as {@code ./tern grpc-interop-client} does, against
 * grpc-java's interop server ({@code bin/test-server} of its distribution) in its own process.
 */
class TernClientToGrpcJavaServerTest {
  private static Process server;
  private static int port;

  @BeforeAll
  static void startGrpcJavaServer() throws Exception {
    Path log = GrpcJava.log("test-server");
    // The free port may be taken by the time the server binds it: then try another.
    for (int attempt = 1; ; attempt++) {
      port = GrpcJava.freePort();
      server = GrpcJava.start("test-server", log, "--port=" + port, "--use_tls=false");
      try {
        GrpcJava.awaitPort(port, server, log, Duration.ofSeconds(60));
        return;
      } catch (IllegalStateException e) {
        GrpcJava.stop(server);
        if (attempt == 3) {
          throw e;
        }
      }
    }
  }

  @AfterAll
  static void stopGrpcJavaServer() throws InterruptedException {
    if (server != null) {
      GrpcJava.stop(server);
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(InteropCase.class)
  @Timeout(60)
  void ternClientPasses(InteropCase testCase) {
    StringWriter out = new StringWriter();
    int exit = new CommandLine(new GrpcInteropClientCommand())
        .setOut(new PrintWriter(out, true))
        .setErr(new PrintWriter(out, true))
        .execute("--server_host=127.0.0.1", "--server_port=" + port, "--use_tls=false",
            "--test_case=" + testCase.caseName());
    assertThat(exit).as("tern grpc-interop-client --test_case=%s:%n%s", testCase.caseName(), out).isZero();
    assertThat(out.toString()).contains("Test " + testCase.caseName() + " passed");
  }
}
