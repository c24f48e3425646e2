package dev.tern.benchmarks.load;

import dev.tern.benchmarks.gen.Echo;
import dev.tern.rpc.ThriftServer;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.apache.thrift.server.TServer;
import org.apache.thrift.server.TThreadedSelectorServer;
import org.apache.thrift.transport.TNonblockingServerSocket;

/** The Thrift-over-TCP echo servers: Tern's and libthrift's. */
final class ThriftEchoServers {
  private ThriftEchoServers() {}

  /** Tern's {@link ThriftServer}: every framing on one port, the handler per {@code handler}. */
  static EchoServer.Running startTern(int port, EchoServer.HandlerMode handler) {
    ThriftServer server = ThriftServer.builder()
        .address("127.0.0.1:" + port)
        .addService(switch (handler) {
          case BLOCKING -> Echo.service(payload -> payload);
          case ASYNC -> Echo.serviceAsync(CompletableFuture::completedFuture);
        })
        .gracePeriod(Duration.ofSeconds(1))
        .build()
        .start();
    return new EchoServer.Running() {
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

  /** libthrift's {@link TThreadedSelectorServer} with its default threads, framed binary. */
  static EchoServer.Running startLibthrift(int port) throws Exception {
    TNonblockingServerSocket socket = new TNonblockingServerSocket(new InetSocketAddress("127.0.0.1", port));
    dev.tern.benchmarks.libthrift.Echo.Iface echo = payload -> payload;
    TServer server = new TThreadedSelectorServer(new TThreadedSelectorServer.Args(socket)
        .processor(new dev.tern.benchmarks.libthrift.Echo.Processor<>(echo)));
    Thread serving = Thread.ofPlatform().name("libthrift-serve").start(server::serve);
    while (!server.isServing()) {
      if (!serving.isAlive()) throw new IllegalStateException("libthrift server failed to start");
      Thread.sleep(5);
    }
    return new EchoServer.Running() {
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
