package dev.tern.benchmarks.load;

import com.linecorp.armeria.client.ClientFactory;
import com.linecorp.armeria.client.thrift.ThriftClients;
import com.linecorp.armeria.server.Server;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.grpc.GrpcService;
import com.linecorp.armeria.server.thrift.THttpService;
import dev.tern.benchmarks.libthrift.Echo;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.thrift.TException;
import org.apache.thrift.async.AsyncMethodCallback;

/**
 * Armeria's contestants: its Thrift service (Thrift over HTTP, with libthrift's generated code
 * from the same bench.thrift) and its gRPC service (hosting {@link GrpcEcho.Service}), and the
 * Armeria Thrift client, since no TCP Thrift client speaks Thrift over HTTP.
 */
final class ArmeriaEcho {
  private ArmeriaEcho() {}

  private static final int MAX_MESSAGE = 16 * 1024 * 1024;
  static final String THRIFT_PATH = "/echo";

  static EchoServer.Running startThrift(int port) {
    Echo.AsyncIface echo = (payload, reply) -> reply.onComplete(payload);
    return start(port, Server.builder().service(THRIFT_PATH, THttpService.of(echo)));
  }

  static EchoServer.Running startGrpc(int port) {
    return start(port, Server.builder().service(GrpcService.builder()
        .addService(new GrpcEcho.Service())
        .maxRequestMessageLength(MAX_MESSAGE)
        .maxResponseMessageLength(MAX_MESSAGE)
        .build()));
  }

  private static EchoServer.Running start(int port, ServerBuilder builder) {
    Server server = builder.http(new InetSocketAddress("127.0.0.1", port))
        .maxRequestLength(MAX_MESSAGE)
        .gracefulShutdownTimeout(Duration.ZERO, Duration.ZERO)
        .build();
    server.start().join();
    return new EchoServer.Running() {
      @Override
      public int port() {
        return server.activeLocalPort();
      }

      /**
       * Stops without waiting for the end: Armeria lets its boss event loop sit out Netty's 2 s
       * quiet period, which a benchmark (and its tests) need not wait for.
       */
      @Override
      public void close() {
        server.stop();
      }
    };
  }

  /** Closed-loop echo calls with Armeria's async Thrift client (binary, HTTP/2 cleartext). */
  static final class ThriftLoad extends ClosedLoop {
    private final ClientFactory factory;
    private final Echo.AsyncIface echo;
    private final int concurrency;
    private final byte[] payload;
    private final CountDownLatch stopped;

    ThriftLoad(int port, int concurrency, byte[] payload) {
      this.factory = ClientFactory.builder().build();
      this.echo = ThriftClients.builder("h2c://127.0.0.1:" + port)
          .path(THRIFT_PATH)
          .factory(factory)
          .responseTimeoutMillis(10_000)
          .maxResponseLength(MAX_MESSAGE)
          .build(Echo.AsyncIface.class);
      this.concurrency = concurrency;
      this.payload = payload;
      this.stopped = new CountDownLatch(concurrency);
    }

    @Override
    void start() {
      for (int i = 0; i < concurrency; i++) next();
    }

    private void next() {
      if (stopping) {
        stopped.countDown();
        return;
      }
      long start = System.nanoTime();
      try {
        echo.echo(ByteBuffer.wrap(payload), new AsyncMethodCallback<>() {
          @Override
          public void onComplete(ByteBuffer reply) {
            if (reply.remaining() == payload.length) recordSuccess(System.nanoTime() - start);
            else recordError(new IllegalStateException("reply of " + reply.remaining() + " bytes"));
            next();
          }

          @Override
          public void onError(Exception e) {
            recordError(e);
            AFTER_ERROR.execute(ThriftLoad.this::next);
          }
        });
      } catch (TException e) {
        recordError(e);
        AFTER_ERROR.execute(this::next);
      }
    }

    @Override
    public void close() {
      stopping = true;
      try {
        stopped.await(15, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      factory.close();
    }
  }
}
