package dev.tern.benchmarks.load;

import java.io.InputStream;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The server side of {@link EchoBench}, run in its own JVM so that it does not share a heap, a
 * garbage collector, JIT threads or CPUs with the load. Serves one {@link ServerKind} on loopback,
 * prints {@code READY <port>} on stdout once listening and then, twice a second, {@code JIT <ms>}
 * (its total compilation time, so the warm-up can tell when it is done compiling), and shuts down
 * when stdin closes (so it also goes away with the process that started it).
 */
@Command(name = "echo-server", mixinStandardHelpOptions = true,
    description = "Serve one kind of echo server on 127.0.0.1 until stdin closes.")
public final class EchoServer implements Callable<Integer> {

  /** Where Tern runs the echo handler. */
  enum HandlerMode {
    /** A blocking handler on a virtual thread per call: Tern's default. */
    BLOCKING,
    /** An async (non-blocking) handler on the event loop: no thread hop. */
    ASYNC
  }

  private static void reportJit() {
    try {
      while (!System.out.checkError()) {
        System.out.println(ChildJvm.JIT_PREFIX + ChildJvm.ownJitMillis());
        System.out.flush();
        Thread.sleep(500);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** A started echo server. */
  interface Running extends AutoCloseable {
    int port();

    @Override
    void close();
  }

  @Option(names = "--server", required = true, description = "Which server: ${COMPLETION-CANDIDATES}.")
  ServerKind server;

  @Option(names = "--port", description = "TCP port on 127.0.0.1 (default: any free port).")
  int port;

  @Option(names = "--handler", description = "Tern only: blocking (default) or async.")
  HandlerMode handler = HandlerMode.BLOCKING;

  /** Runs the server until stdin closes. */
  public static void main(String[] args) {
    System.exit(new CommandLine(new EchoServer()).setCaseInsensitiveEnumValuesAllowed(true).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    try (Running running = server.start(port, handler)) {
      System.out.println("READY " + running.port());
      System.out.flush();
      Thread.ofPlatform().daemon().name("jit-reporter").start(EchoServer::reportJit);
      InputStream in = System.in;
      while (in.read() != -1) {
        // Nothing is sent on stdin; its end is the signal.
      }
    }
    return 0;
  }
}
