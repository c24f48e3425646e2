package dev.tern.cli;

import dev.tern.cli.grpcinterop.BenchmarkService;
import dev.tern.cli.grpcinterop.InteropTestService;
import dev.tern.grpc.GrpcServer;
import io.grpc.benchmarks.proto.BenchmarkServiceRpc;
import io.grpc.testing.integration.TestServiceRpc;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code tern grpc-interop-server}: gRPC's interop test server ({@code grpc.testing.TestService},
 * see {@link InteropTestService}) on Tern's {@link GrpcServer}, with the flags of grpc-java's
 * {@code test-server}. The same server also serves {@code grpc.testing.BenchmarkService} (see
 * {@link BenchmarkService}), so gRPC's load tools can drive it too. Runs until the process is
 * stopped, then shuts down gracefully.
 */
@Command(
    name = "grpc-interop-server",
    mixinStandardHelpOptions = true,
    description = "gRPC interop test server: serves grpc.testing.TestService (and BenchmarkService) until stopped.")
public final class GrpcInteropServerCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = "--port", defaultValue = "8080", description = "Port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--use_tls", arity = "0..1", defaultValue = "false", fallbackValue = "true",
      description = "Serve TLS; Tern's interop server speaks plaintext HTTP/2 only, so this must be false.")
  boolean useTls;

  private final BenchmarkService benchmark = new BenchmarkService();

  /**
   * Validates the options, binds and starts the server, and prints where it listens. The caller
   * closes the returned server.
   *
   * @throws ParameterException for unsupported option values
   */
  public GrpcServer start() {
    if (useTls) {
      throw new ParameterException(spec.commandLine(), "--use_tls=true is not supported: Tern's gRPC interop"
          + " server speaks plaintext HTTP/2 (h2c); run it with --use_tls=false");
    }
    GrpcServer server = GrpcServer.builder()
        .port(port)
        .maxInboundMessageSize(InteropTestService.MAX_MESSAGE_SIZE)
        .addService(TestServiceRpc.service(new InteropTestService()))
        .addService(BenchmarkServiceRpc.service(benchmark))
        .build()
        .start();
    PrintWriter out = spec.commandLine().getOut();
    out.println("Tern gRPC interop server (grpc.testing.TestService and BenchmarkService, plaintext) listening on port "
        + server.port());
    out.flush();
    return server;
  }

  @Override
  public Integer call() throws InterruptedException {
    GrpcServer server = start();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      benchmark.shutdown(); // unbounded benchmark streams end now rather than at the end of the grace period
      server.close();
    }, "grpc-interop-server-shutdown"));
    new CountDownLatch(1).await(); // until the process is stopped; the hook then closes the server
    return 0;
  }
}
