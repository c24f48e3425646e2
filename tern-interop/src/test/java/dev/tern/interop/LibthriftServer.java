package dev.tern.interop;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.apache.thrift.TMultiplexedProcessor;
import org.apache.thrift.TProcessor;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.protocol.TCompactProtocol;
import org.apache.thrift.protocol.TProtocolFactory;
import org.apache.thrift.server.TNonblockingServer;
import org.apache.thrift.server.TServer;
import org.apache.thrift.server.TThreadPoolServer;
import org.apache.thrift.server.TThreadedSelectorServer;
import org.apache.thrift.transport.TNonblockingServerSocket;
import org.apache.thrift.transport.TServerSocket;
import org.apache.thrift.transport.TTransportException;
import org.apache.thrift.transport.TTransportFactory;
import org.apache.thrift.transport.layered.TFramedTransport;
import thrift.test.SecondService;
import thrift.test.ThriftTest;

/** A libthrift server on a free loopback port serving {@link LibthriftHandler}, as Apache's Java TestServer builds them. */
final class LibthriftServer implements AutoCloseable {

  /** libthrift's server kinds; the nonblocking ones read framed messages only. */
  enum Kind { THREAD_POOL, THREADED_SELECTOR, NONBLOCKING }

  private final TServer server;
  private final int port;
  private final Thread thread;

  private LibthriftServer(TServer server, int port) throws InterruptedException {
    this.server = server;
    this.port = port;
    this.thread = Thread.ofPlatform().daemon().name("libthrift-server-" + port).start(server::serve);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!server.isServing()) {
      if (System.nanoTime() > deadline) throw new IllegalStateException("libthrift server did not start");
      Thread.sleep(5);
    }
  }

  /**
   * Starts a server of {@code kind} speaking {@code protocol} ("binary" or "compact"), framed or
   * not; with {@code multiplexed}, a TMultiplexedProcessor hosts ThriftTest and SecondService.
   */
  static LibthriftServer start(Kind kind, boolean framed, String protocol, boolean multiplexed)
      throws TTransportException, InterruptedException {
    LibthriftHandler handler = new LibthriftHandler();
    TProcessor processor = new ThriftTest.Processor<>(handler);
    if (multiplexed) {
      TMultiplexedProcessor mux = new TMultiplexedProcessor();
      mux.registerProcessor("ThriftTest", processor);
      mux.registerProcessor("SecondService", new SecondService.Processor<>(handler));
      processor = mux;
    }
    TProtocolFactory protocols = protocol.equals("compact") ? new TCompactProtocol.Factory() : new TBinaryProtocol.Factory();
    TTransportFactory transports = framed ? new TFramedTransport.Factory() : new TTransportFactory();
    InetSocketAddress any = new InetSocketAddress("127.0.0.1", 0);
    return switch (kind) {
      case THREAD_POOL -> {
        TServerSocket socket = new TServerSocket(any);
        TServer s = new TThreadPoolServer(new TThreadPoolServer.Args(socket)
            .processor(processor).protocolFactory(protocols).transportFactory(transports)
            .stopTimeoutVal(1).stopTimeoutUnit(TimeUnit.SECONDS));
        yield new LibthriftServer(s, socket.getServerSocket().getLocalPort());
      }
      case THREADED_SELECTOR -> {
        requireFramed(kind, framed);
        TNonblockingServerSocket socket = new TNonblockingServerSocket(any);
        TServer s = new TThreadedSelectorServer(new TThreadedSelectorServer.Args(socket)
            .processor(processor).protocolFactory(protocols).transportFactory(transports));
        yield new LibthriftServer(s, socket.getPort());
      }
      case NONBLOCKING -> {
        requireFramed(kind, framed);
        TNonblockingServerSocket socket = new TNonblockingServerSocket(any);
        TServer s = new TNonblockingServer(new TNonblockingServer.Args(socket)
            .processor(processor).protocolFactory(protocols).transportFactory(transports));
        yield new LibthriftServer(s, socket.getPort());
      }
    };
  }

  private static void requireFramed(Kind kind, boolean framed) {
    if (!framed) throw new IllegalArgumentException(kind + " reads framed messages only");
  }

  int port() {
    return port;
  }

  @Override
  public void close() {
    server.stop();
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
