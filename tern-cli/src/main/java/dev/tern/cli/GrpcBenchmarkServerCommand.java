package dev.tern.cli;

import dev.tern.cli.grpcinterop.BenchmarkService;
import dev.tern.grpc.GrpcServer;
import io.grpc.benchmarks.proto.BenchmarkServiceRpc;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tern grpc-benchmark-server}: {@code grpc.testing.BenchmarkService} (see
 * {@link BenchmarkService}) on Tern's {@link GrpcServer}, plaintext HTTP/2, for gRPC's own load
 * tools such as grpc-java's {@code qps_client}. Runs until the process is stopped, then ends the
 * unbounded streams and shuts down gracefully.
 */
@Command(
    name = "grpc-benchmark-server",
    mixinStandardHelpOptions = true,
    description = "gRPC benchmark server: serves grpc.testing.BenchmarkService (for qps_client) until stopped.")
public final class GrpcBenchmarkServerCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = "--port", defaultValue = "0", description = "Port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  int port;

  private final BenchmarkService service = new BenchmarkService();

  /** Binds and starts the server and prints where it listens. The caller closes the returned server. */
  public GrpcServer start() {
    GrpcServer server = GrpcServer.builder()
        .port(port)
        .addService(BenchmarkServiceRpc.service(service))
        .build()
        .start();
    PrintWriter out = spec.commandLine().getOut();
    out.println("Tern gRPC benchmark server (grpc.testing.BenchmarkService, plaintext) listening on port "
        + server.port());
    out.flush();
    return server;
  }

  @Override
  public Integer call() throws InterruptedException {
    GrpcServer server = start();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      service.shutdown(); // unbounded streams end now rather than at the end of the grace period
      server.close();
    }, "grpc-benchmark-server-shutdown"));
    new CountDownLatch(1).await(); // until the process is stopped; the hook then closes the server
    return 0;
  }
}
