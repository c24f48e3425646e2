package dev.tern.cli;

import dev.tern.cli.grpcinterop.InteropCase;
import dev.tern.cli.grpcinterop.InteropClient;
import dev.tern.cli.grpcinterop.InteropTestService;
import dev.tern.grpc.GrpcClient;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code tern grpc-interop-client}: gRPC's interop test client on Tern's {@link GrpcClient} and
 * generated stubs ({@link InteropClient}), with the flags of grpc-java's {@code test-client}.
 * Runs the named cases against a {@code grpc.testing.TestService} server of any language, prints
 * one line per case and exits with 0 when all passed, 1 when any failed, 2 on bad arguments.
 */
@Command(
    name = "grpc-interop-client",
    mixinStandardHelpOptions = true,
    exitCodeOnInvalidInput = 2,
    description = {
        "gRPC interop test client: runs interop test cases against a grpc.testing.TestService server.",
        "Exit code: 0 when every case passed, 1 when one failed, 2 on bad arguments."})
public final class GrpcInteropClientCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = "--server_host", defaultValue = "localhost", description = "Server host (default: ${DEFAULT-VALUE}).")
  String serverHost;

  @Option(names = "--server_host_override", description = "The :authority to send instead of host:port.")
  String serverHostOverride;

  @Option(names = "--server_port", defaultValue = "8080", description = "Server port (default: ${DEFAULT-VALUE}).")
  int serverPort;

  @Option(names = "--use_tls", arity = "0..1", defaultValue = "false", fallbackValue = "true",
      description = "Connect with TLS; Tern's interop client speaks plaintext HTTP/2 only, so this must be false.")
  boolean useTls;

  @Option(names = "--use_test_ca", arity = "0..1", defaultValue = "false", fallbackValue = "true",
      description = "Accepted for compatibility; only meaningful with TLS.")
  boolean useTestCa;

  @Option(names = "--test_case", defaultValue = "large_unary", split = ",", paramLabel = "CASE",
      description = "Cases to run, comma-separated, or 'all' (default: ${DEFAULT-VALUE}). One of: all, ${COMPLETION-CANDIDATES}.",
      completionCandidates = CaseNames.class)
  List<String> testCases;

  /** The case names, for the help text. */
  static final class CaseNames extends ArrayList<String> {
    CaseNames() {
      Arrays.stream(InteropCase.values()).map(InteropCase::caseName).forEach(this::add);
    }
  }

  @Override
  public Integer call() {
    if (useTls) {
      throw new ParameterException(spec.commandLine(),
          "--use_tls=true is not supported: Tern's gRPC interop client speaks plaintext HTTP/2 (h2c)");
    }
    Set<InteropCase> cases = new LinkedHashSet<>();
    for (String name : testCases) {
      if (name.equals("all")) {
        cases.addAll(List.of(InteropCase.values()));
      } else {
        try {
          cases.add(InteropCase.of(name));
        } catch (IllegalArgumentException e) {
          throw new ParameterException(spec.commandLine(), e.getMessage());
        }
      }
    }
    PrintWriter out = spec.commandLine().getOut();
    GrpcClient.Builder builder = GrpcClient.builder()
        .address(serverHost + ":" + serverPort)
        .maxInboundMessageSize(InteropTestService.MAX_MESSAGE_SIZE)
        .connectTimeout(Duration.ofSeconds(5));
    if (serverHostOverride != null) {
      builder.authority(serverHostOverride + ":" + serverPort);
    }
    int failed = 0;
    try (GrpcClient client = builder.build()) {
      InteropClient interop = new InteropClient(client);
      for (InteropCase c : cases) {
        out.println("Running test " + c.caseName());
        out.flush();
        long start = System.nanoTime();
        try {
          interop.run(c);
          out.printf("Test %s passed (%d ms)%n", c.caseName(), (System.nanoTime() - start) / 1_000_000);
        } catch (Exception | AssertionError t) { // reported; the next case still runs
          failed++;
          out.println("Test " + c.caseName() + " FAILED: " + t);
          for (Throwable cause = t.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            out.println("  caused by " + cause);
          }
        }
        out.flush();
      }
    }
    out.println(failed == 0 ? "All " + cases.size() + " test cases passed" : failed + " of " + cases.size()
        + " test cases FAILED");
    out.flush();
    return failed == 0 ? 0 : 1;
  }
}
