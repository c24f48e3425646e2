package dev.tern.codegen;

import dev.tern.codegen.proto.ProtoCodegen;
import dev.tern.codegen.proto.Protoc;
import dev.tern.idl.IdlError;
import dev.tern.idl.IdlException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The {@code gen} command line: {@code gen [-I dir]... [-o outDir] [--plugin name]...
 * [--opt key=value]... [--no-recursive] [--protoc path] file.thrift|file.proto...}. Thrift files go
 * through {@link Codegen}, .proto files through {@link ProtoCodegen}. Prints each generated file;
 * IDL errors are printed as {@code file:line:col: message}. Exit status: 0 on success, 1 on IDL,
 * generation or I/O errors, 2 on bad arguments.
 */
public final class GenMain {
  private GenMain() {}

  static final String USAGE = """
      Usage: tern gen [options] file.thrift|file.proto...
      Generates Java (or what --plugin selects) from Thrift IDL, and Java message classes
      plus Tern gRPC stubs (<Service>Rpc) from .proto files.

        -I, --include DIR    search DIR for included files (repeatable); the including
                             file's own directory is always searched first
        -o, --out DIR        write generated files under DIR (default: current directory)
            --plugin NAME    run generator plugin NAME (repeatable; default: java)
            --opt KEY=VALUE  pass an option to the plugins (repeatable)
        -r, --recursive      also generate included files (the default: generated code
                             refers to their types, so it compiles only with them)
            --no-recursive   generate only the named files; use when the included files'
                             code comes from elsewhere, e.g. another jar
            --protoc PATH    the protoc to run for .proto files (default: protoc from the
                             local Maven repository, or $TERN_PROTOC); -I directories are
                             its import path, google/protobuf/*.proto are built in
        -h, --help           print this help
      """;

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** Runs the command; returns the exit status instead of exiting. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    GenOptions.Builder options = GenOptions.builder();
    List<Path> files = new ArrayList<>();
    List<Path> protoFiles = new ArrayList<>();
    Path protoc = null;
    Deque<String> rest = new ArrayDeque<>(List.of(args));
    try {
      while (!rest.isEmpty()) {
        String arg = rest.poll();
        String inline = null; // --out=dir
        int eq = arg.indexOf('=');
        if (arg.startsWith("--") && eq > 0) {
          inline = arg.substring(eq + 1);
          arg = arg.substring(0, eq);
        }
        switch (arg) {
          case "-h", "--help" -> {
            out.print(USAGE);
            return 0;
          }
          case "-I", "--include" -> options.includeDir(Path.of(value(arg, inline, rest)));
          case "-o", "--out", "-out" -> options.outputDir(Path.of(value(arg, inline, rest)));
          case "--plugin" -> options.plugin(value(arg, inline, rest));
          case "--opt" -> {
            String kv = value(arg, inline, rest);
            int sep = kv.indexOf('=');
            if (sep <= 0) {
              throw new IllegalArgumentException("--opt expects KEY=VALUE, got '" + kv + "'");
            }
            options.option(kv.substring(0, sep), kv.substring(sep + 1));
          }
          case "-r", "--recursive" -> options.recursive(flag(arg, inline));
          case "--no-recursive" -> options.recursive(!flag(arg, inline));
          case "--protoc" -> protoc = Path.of(value(arg, inline, rest));
          default -> {
            if (arg.startsWith("-I") && arg.length() > 2) {
              options.includeDir(Path.of(arg.substring(2)));
            } else if (arg.startsWith("-") && arg.length() > 1) {
              throw new IllegalArgumentException("unknown option " + arg);
            } else if (arg.endsWith(".proto")) {
              protoFiles.add(Path.of(arg));
            } else {
              files.add(Path.of(arg));
            }
          }
        }
      }
      if (files.isEmpty() && protoFiles.isEmpty()) {
        throw new IllegalArgumentException("no IDL files given");
      }
    } catch (IllegalArgumentException e) {
      err.println("tern gen: " + e.getMessage());
      err.print(USAGE);
      return 2;
    }

    try {
      GenOptions genOptions = options.build();
      if (!files.isEmpty()) {
        for (Path p : Codegen.generate(files, genOptions)) {
          out.println(p);
        }
      }
      if (!protoFiles.isEmpty()) {
        Protoc compiler = protoc != null ? Protoc.of(protoc) : Protoc.locate();
        for (Path p : ProtoCodegen.generate(protoFiles, genOptions, compiler)) {
          out.println(p);
        }
      }
      return 0;
    } catch (IdlException e) {
      for (IdlError error : e.errors()) {
        err.println(error);
      }
      return 1;
    } catch (CodegenException e) {
      err.println(e.getMessage());
      return 1;
    } catch (IOException | java.io.UncheckedIOException e) {
      err.println("tern gen: " + e);
      return 1;
    }
  }

  private static String value(String option, String inline, Deque<String> rest) {
    if (inline != null) {
      return inline;
    }
    if (rest.isEmpty()) {
      throw new IllegalArgumentException("option " + option + " needs a value");
    }
    return rest.poll();
  }

  private static boolean flag(String option, String inline) {
    if (inline != null) {
      throw new IllegalArgumentException("option " + option + " takes no value");
    }
    return true;
  }
}
