package dev.tern.benchmarks.load;

import dev.tern.benchmarks.gen.Echo;
import dev.tern.rpc.ThriftServer;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import org.apache.thrift.server.TServer;
import org.apache.thrift.server.TThreadedSelectorServer;
import org.apache.thrift.transport.TNonblockingServerSocket;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The server side of {@link EchoBench}, run in its own JVM so that it does not share a heap, a
 * garbage collector or JIT threads with the load generator. Serves {@code Echo} on loopback,
 * prints {@code READY <port>} on stdout once listening, and shuts down when stdin closes (so it
 * also goes away with the process that started it).
 */
@Command(name = "echo-server", mixinStandardHelpOptions = true,
    description = "Serve bench.thrift's Echo service until stdin closes.")
public final class EchoServer implements Callable<Integer> {

  /** Which server library answers. */
  enum Impl {
    /** Tern's {@link ThriftServer}: every framing on one port, handlers per {@link HandlerMode}. */
    TERN,
    /**
     * libthrift's {@link TThreadedSelectorServer} with its default threads (2 selectors, 5
     * workers), framed binary.
     */
    LIBTHRIFT,
    /** Bare Netty echoing length-prefixed frames: no RPC, the practical ceiling. */
    NETTY
  }

  /** Where Tern runs the echo handler. */
  enum HandlerMode {
    /** A blocking handler on a virtual thread per call: Tern's default. */
    BLOCKING,
    /** An async handler completing on the event loop: no thread hop. */
    ASYNC
  }

  @Option(names = "--impl", required = true, description = "tern or libthrift.")
  Impl impl;

  @Option(names = "--port", description = "TCP port on 127.0.0.1 (default: any free port).")
  int port;

  @Option(names = "--handler", description = "Tern only: blocking (default) or async.")
  HandlerMode handler = HandlerMode.BLOCKING;

  public static void main(String[] args) {
    System.exit(new CommandLine(new EchoServer()).setCaseInsensitiveEnumValuesAllowed(true).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    try (Running server = start(impl, handler, port)) {
      System.out.println("READY " + server.port());
      System.out.flush();
      InputStream in = System.in;
      while (in.read() != -1) {
        // Nothing is sent on stdin; its end is the signal.
      }
    }
    return 0;
  }

  /** A started echo server. */
  interface Running extends AutoCloseable {
    int port();

    @Override
    void close();
  }

  /** Starts an echo server on 127.0.0.1:{@code port} (0: any free port). */
  static Running start(Impl impl, HandlerMode handler, int port) throws Exception {
    return switch (impl) {
      case TERN -> startTern(handler, port);
      case LIBTHRIFT -> startLibthrift(port);
      case NETTY -> NettyEcho.startServer(port);
    };
  }

  private static Running startTern(HandlerMode handler, int port) {
    ThriftServer server = ThriftServer.builder()
        .address("127.0.0.1:" + port)
        .addService(switch (handler) {
          case BLOCKING -> Echo.service(payload -> payload);
          case ASYNC -> Echo.serviceAsync(CompletableFuture::completedFuture);
        })
        .gracePeriod(Duration.ofSeconds(1))
        .build()
        .start();
    return new Running() {
      @Override
      public int port() {
        return server.port();
      }

      @Override
      public void close() {
        server.close();
      }
    };
  }

  private static Running startLibthrift(int port) throws Exception {
    TNonblockingServerSocket socket = new TNonblockingServerSocket(new InetSocketAddress("127.0.0.1", port));
    dev.tern.benchmarks.libthrift.Echo.Iface echo = payload -> payload;
    TServer server = new TThreadedSelectorServer(new TThreadedSelectorServer.Args(socket)
        .processor(new dev.tern.benchmarks.libthrift.Echo.Processor<>(echo)));
    Thread serving = Thread.ofPlatform().name("libthrift-serve").start(server::serve);
    while (!server.isServing()) {
      if (!serving.isAlive()) throw new IllegalStateException("libthrift server failed to start");
      Thread.sleep(5);
    }
    return new Running() {
      @Override
      public int port() {
        return socket.getPort();
      }

      @Override
      public void close() {
        server.stop();
        try {
          serving.join(5_000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    };
  }
}
