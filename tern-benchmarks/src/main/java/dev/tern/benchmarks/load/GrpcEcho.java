package dev.tern.benchmarks.load;

import com.google.protobuf.ByteString;
import dev.tern.benchmarks.grpcjava.EchoReply;
import dev.tern.benchmarks.grpcjava.EchoRequest;
import dev.tern.benchmarks.grpcjava.EchoServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.StreamObserver;
import java.net.InetSocketAddress;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * echo.proto's {@code EchoService} for the gRPC contestants: the service every gRPC server here
 * hosts, grpc-java's server, and the one load client all gRPC servers get, grpc-java's.
 */
final class GrpcEcho {
  private GrpcEcho() {}

  private static final int MAX_MESSAGE = 16 * 1024 * 1024;

  /** The echo, written against grpc-java's generated base class (Armeria hosts the same class). */
  static final class Service extends EchoServiceGrpc.EchoServiceImplBase {
    @Override
    public void echo(EchoRequest request, StreamObserver<EchoReply> reply) {
      reply.onNext(EchoReply.newBuilder().setPayload(request.getPayload()).build());
      reply.onCompleted();
    }

    @Override
    public StreamObserver<EchoRequest> echoStream(StreamObserver<EchoReply> replies) {
      return new StreamObserver<>() {
        @Override
        public void onNext(EchoRequest request) {
          replies.onNext(EchoReply.newBuilder().setPayload(request.getPayload()).build());
        }

        @Override
        public void onError(Throwable t) {
          // The caller went away; there is no one left to answer.
        }

        @Override
        public void onCompleted() {
          replies.onCompleted();
        }
      };
    }
  }

  /**
   * Tern's gRPC server hosting the same echo.proto service through the stubs Tern generates
   * ({@code EchoServiceRpc}); blocking handlers by default (a virtual thread per call, what users
   * get), or async ones on the event loop.
   */
  static EchoServer.Running startTern(int port, EchoServer.HandlerMode mode) {
    dev.tern.grpc.GrpcServiceDefinition service = mode == EchoServer.HandlerMode.BLOCKING
        ? dev.tern.benchmarks.proto.EchoServiceRpc.service(new dev.tern.benchmarks.proto.EchoServiceRpc.Handler() {
            @Override
            public dev.tern.benchmarks.proto.EchoReply echo(dev.tern.benchmarks.proto.EchoRequest request) {
              return dev.tern.benchmarks.proto.EchoReply.newBuilder().setPayload(request.getPayload()).build();
            }

            @Override
            public void echoStream(dev.tern.grpc.StreamReader<dev.tern.benchmarks.proto.EchoRequest> requests,
                dev.tern.grpc.StreamWriter<dev.tern.benchmarks.proto.EchoReply> replies) {
              for (dev.tern.benchmarks.proto.EchoRequest r : requests) {
                replies.send(dev.tern.benchmarks.proto.EchoReply.newBuilder().setPayload(r.getPayload()).build());
              }
            }
          })
        : dev.tern.benchmarks.proto.EchoServiceRpc.serviceAsync(new dev.tern.benchmarks.proto.EchoServiceRpc.AsyncHandler() {
            @Override
            public java.util.concurrent.CompletableFuture<dev.tern.benchmarks.proto.EchoReply> echo(
                dev.tern.benchmarks.proto.EchoRequest request) {
              return java.util.concurrent.CompletableFuture.completedFuture(
                  dev.tern.benchmarks.proto.EchoReply.newBuilder().setPayload(request.getPayload()).build());
            }

            @Override
            public dev.tern.grpc.StreamObserver<dev.tern.benchmarks.proto.EchoRequest> echoStream(
                dev.tern.grpc.FlowControlledObserver<dev.tern.benchmarks.proto.EchoReply> replies) {
              return new dev.tern.grpc.StreamObserver<>() {
                @Override
                public void onNext(dev.tern.benchmarks.proto.EchoRequest r) {
                  replies.onNext(dev.tern.benchmarks.proto.EchoReply.newBuilder().setPayload(r.getPayload()).build());
                }

                @Override
                public void onError(Throwable t) {}

                @Override
                public void onCompleted() {
                  replies.onCompleted();
                }
              };
            }
          });
    dev.tern.grpc.GrpcServer server = dev.tern.grpc.GrpcServer.builder()
        .address(dev.tern.transport.Address.tcp("127.0.0.1", port))
        .maxInboundMessageSize(MAX_MESSAGE)
        .addService(service)
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

  /**
   * grpc-java's Netty server. The echo never blocks, so it runs on the transport thread
   * ({@code directExecutor()}, grpc-java's advice for such handlers), as Armeria runs it by
   * default; grpc-java's default executor, a cached thread pool, would add a thread hop per call.
   */
  static EchoServer.Running startGrpcJava(int port) throws Exception {
    Server server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", port))
        .directExecutor()
        .maxInboundMessageSize(MAX_MESSAGE)
        .addService(new Service())
        .build()
        .start();
    return new EchoServer.Running() {
      @Override
      public int port() {
        return server.getPort();
      }

      @Override
      public void close() {
        server.shutdown();
        try {
          if (!server.awaitTermination(5, TimeUnit.SECONDS)) server.shutdownNow();
        } catch (InterruptedException e) {
          server.shutdownNow();
          Thread.currentThread().interrupt();
        }
      }
    };
  }

  /**
   * Closed-loop echo calls with grpc-java's async stub over one channel (one HTTP/2 connection),
   * callbacks on the transport threads. Unary: a call per echo, with a deadline as a caller would
   * set one. Streaming: each caller keeps a bidi stream open and sends its next message when the
   * previous reply arrives.
   */
  static final class Load extends ClosedLoop {
    private final ManagedChannel channel;
    private final EchoServiceGrpc.EchoServiceStub stub;
    private final int concurrency;
    private final EchoRequest request;
    private final int payloadBytes;
    private final boolean streaming;
    private final CountDownLatch stopped;

    Load(int port, int concurrency, byte[] payload, boolean streaming) {
      this.channel = NettyChannelBuilder.forAddress("127.0.0.1", port)
          .usePlaintext()
          .directExecutor()
          .maxInboundMessageSize(MAX_MESSAGE)
          .build();
      this.stub = EchoServiceGrpc.newStub(channel);
      this.concurrency = concurrency;
      this.request = EchoRequest.newBuilder().setPayload(ByteString.copyFrom(payload)).build();
      this.payloadBytes = payload.length;
      this.streaming = streaming;
      this.stopped = new CountDownLatch(concurrency);
    }

    @Override
    void start() {
      for (int i = 0; i < concurrency; i++) {
        if (streaming) new Streamer().open();
        else unary();
      }
    }

    private void unary() {
      if (stopping) {
        stopped.countDown();
        return;
      }
      long start = System.nanoTime();
      stub.withDeadlineAfter(10, TimeUnit.SECONDS).echo(request, new StreamObserver<>() {
        private boolean ok;

        @Override
        public void onNext(EchoReply reply) {
          ok = reply.getPayload().size() == payloadBytes;
          if (ok) recordSuccess(System.nanoTime() - start);
          else recordError(new IllegalStateException("reply of " + reply.getPayload().size() + " bytes"));
        }

        @Override
        public void onError(Throwable t) {
          recordError(t);
          AFTER_ERROR.execute(GrpcEcho.Load.this::unary);
        }

        @Override
        public void onCompleted() {
          unary();
        }
      });
    }

    /** One caller's stream: a message out whenever the last reply is in. */
    private final class Streamer implements ClientResponseObserver<EchoRequest, EchoReply> {
      private ClientCallStreamObserver<EchoRequest> out;
      private long sentAt;

      void open() {
        stub.echoStream(this);
        send();
      }

      @Override
      public void beforeStart(ClientCallStreamObserver<EchoRequest> requestStream) {
        this.out = requestStream;
      }

      private void send() {
        sentAt = System.nanoTime();
        out.onNext(request);
      }

      @Override
      public void onNext(EchoReply reply) {
        if (reply.getPayload().size() == payloadBytes) recordSuccess(System.nanoTime() - sentAt);
        else recordError(new IllegalStateException("reply of " + reply.getPayload().size() + " bytes"));
        if (stopping) out.onCompleted();
        else send();
      }

      @Override
      public void onError(Throwable t) {
        recordError(t);
        stopped.countDown();
      }

      @Override
      public void onCompleted() {
        stopped.countDown();
      }
    }

    @Override
    public void close() {
      stopping = true;
      try {
        stopped.await(15, TimeUnit.SECONDS);
        channel.shutdown();
        if (!channel.awaitTermination(5, TimeUnit.SECONDS)) channel.shutdownNow();
      } catch (InterruptedException e) {
        channel.shutdownNow();
        Thread.currentThread().interrupt();
      }
    }
  }
}
