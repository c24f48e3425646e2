package dev.tern.cli;

import dev.tern.cli.crosstest.ThriftTestClientCommand;
import dev.tern.cli.crosstest.ThriftTestServerCommand;
import dev.tern.codegen.GenMain;
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
        HttpEchoServerCommand.class})
public final class Main implements Runnable {

  public static void main(String[] args) {
    // `gen` keeps the generator's own argument syntax (-I, -o, --opt) and exit codes.
    if (args.length > 0 && args[0].equals("gen")) {
      System.exit(GenMain.run(Arrays.copyOfRange(args, 1, args.length), System.out, System.err));
    }
    System.exit(new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true).execute(args));
  }

  @Override
  public void run() {
    CommandLine.usage(this, System.out);
    System.out.println("  gen                  Generate Java from Thrift IDL (./tern gen --help).");
  }
}
