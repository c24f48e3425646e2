package dev.tern.cli;

import dev.tern.cli.crosstest.ThriftTestClientCommand;
import dev.tern.cli.crosstest.ThriftTestServerCommand;
import dev.tern.codegen.GenMain;
import dev.tern.codegen.proto.ProtocPlugin;
import java.io.IOException;
import java.util.Arrays;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code ./tern} launcher. */
@Command(
    name = "tern",
    mixinStandardHelpOptions = true,
    version = "Tern 0.1.0-SNAPSHOT",
    description = "Tern: CloudWeGo-style RPC for the JVM.",
    subcommands = {DemoCommand.class, ThriftTestServerCommand.class, ThriftTestClientCommand.class,
        GrpcInteropServerCommand.class, GrpcInteropClientCommand.class, GrpcBenchmarkServerCommand.class,
        HttpEchoServerCommand.class})
public final class Main implements Runnable {

  public static void main(String[] args) throws IOException {
    // `gen` keeps the generator's own argument syntax (-I, -o, --opt) and exit codes.
    if (args.length > 0 && args[0].equals("gen")) {
      System.exit(GenMain.run(Arrays.copyOfRange(args, 1, args.length), System.out, System.err));
    }
    // protoc runs `protoc-gen-tern` with a request on stdin and reads the response from stdout.
    if (args.length > 0 && args[0].equals("protoc-gen-tern")) {
      ProtocPlugin.main(Arrays.copyOfRange(args, 1, args.length));
      return;
    }
    System.exit(new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true).execute(args));
  }

  @Override
  public void run() {
    CommandLine.usage(this, System.out);
    System.out.println("  gen                  Generate Java from Thrift IDL and .proto files (./tern gen --help).");
    System.out.println("  protoc-gen-tern      protoc plugin generating Tern gRPC stubs (see docs/codegen.md).");
  }
}
