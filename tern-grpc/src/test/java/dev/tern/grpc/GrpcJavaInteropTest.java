package dev.tern.grpc;

import static dev.tern.grpc.Echo.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.StringValue;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** grpc-java as the real peer on the other end, both ways, over generic method descriptors. */
class GrpcJavaInteropTest {

  private static final io.grpc.MethodDescriptor.Marshaller<StringValue> M =
      ProtoUtils.marshaller(StringValue.getDefaultInstance());

  private static io.grpc.MethodDescriptor<StringValue, StringValue> peer(MethodDescriptor<?, ?> m) {
    io.grpc.MethodDescriptor.MethodType type = switch (m.type()) {
      case UNARY -> io.grpc.MethodDescriptor.MethodType.UNARY;
      case SERVER_STREAMING -> io.grpc.MethodDescriptor.MethodType.SERVER_STREAMING;
      case CLIENT_STREAMING -> io.grpc.MethodDescriptor.MethodType.CLIENT_STREAMING;
      case BIDI_STREAMING -> io.grpc.MethodDescriptor.MethodType.BIDI_STREAMING;
    };
    return io.grpc.MethodDescriptor.<StringValue, StringValue>newBuilder().setType(type)
        .setFullMethodName(m.fullMethodName()).setRequestMarshaller(M).setResponseMarshaller(M).build();
  }

  private static final io.grpc.Metadata.Key<String> USER = io.grpc.Metadata.Key.of("x-user", io.grpc.Metadata.ASCII_STRING_MARSHALLER);
  private static final io.grpc.Metadata.Key<byte[]> BLOB = io.grpc.Metadata.Key.of("x-blob-bin", io.grpc.Metadata.BINARY_BYTE_MARSHALLER);

  @Test
  void grpcJavaClientCallsTernServer() throws Exception {
    GrpcServiceDefinition service = Echo.blocking()
        .unary(Echo.method("Fail", MethodType.UNARY), r -> {
          throw GrpcStatus.of(GrpcStatus.Code.FAILED_PRECONDITION).withDescription("bad \t\n ünïcødé 🚀 100%")
              .asException(new Metadata().add("x-reason", "why").addBinary("x-blob-bin", new byte[] {0, 1, (byte) 0xff}));
        })
        .unary(Echo.method("Meta", MethodType.UNARY), r -> {
          GrpcContext.responseHeaders().add("x-head", "h");
          GrpcContext.responseTrailers().addBinary("x-blob-bin", GrpcContext.requestHeaders().getBinary("x-blob-bin"));
          return s(GrpcContext.requestHeaders().get("x-user"));
        })
        .unary(Echo.method("Slow", MethodType.UNARY), r -> {
          Thread.sleep(5_000);
          return r;
        })
        .build();
    try (GrpcServer server = GrpcServer.builder().port(0).addService(service).build().start()) {
      ManagedChannel ch = NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
      try {
        assertThat(ClientCalls.blockingUnaryCall(ch, peer(Echo.UNARY), CallOptions.DEFAULT, s("hi")).getValue())
            .isEqualTo("echo:hi");
        List<String> words = new ArrayList<>();
        Iterator<StringValue> it = ClientCalls.blockingServerStreamingCall(ch, peer(Echo.SPLIT), CallOptions.DEFAULT, s("a b c"));
        it.forEachRemaining(v -> words.add(v.getValue()));
        assertThat(words).containsExactly("a", "b", "c");

        CompletableFuture<String> joined = new CompletableFuture<>();
        StreamObserver<StringValue> join = ClientCalls.asyncClientStreamingCall(ch.newCall(peer(Echo.JOIN), CallOptions.DEFAULT),
            observer(v -> joined.complete(v.getValue()), joined));
        join.onNext(s("x"));
        join.onNext(s("y"));
        join.onCompleted();
        assertThat(joined.get(5, TimeUnit.SECONDS)).isEqualTo("x y");

        List<String> chat = new ArrayList<>();
        CompletableFuture<String> chatDone = new CompletableFuture<>();
        StreamObserver<StringValue> bidi = ClientCalls.asyncBidiStreamingCall(ch.newCall(peer(Echo.CHAT), CallOptions.DEFAULT),
            observer(v -> chat.add(v.getValue()), chatDone));
        for (int i = 0; i < 100; i++) bidi.onNext(s("m" + i));
        bidi.onCompleted();
        chatDone.get(5, TimeUnit.SECONDS);
        assertThat(chat).hasSize(100).startsWith("re:m0").endsWith("re:m99");

        assertThatThrownBy(() -> ClientCalls.blockingUnaryCall(ch, peer(Echo.method("Fail", MethodType.UNARY)),
            CallOptions.DEFAULT, s("x")))
            .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
              assertThat(e.getStatus().getDescription()).isEqualTo("bad \t\n ünïcødé 🚀 100%");
              assertThat(e.getTrailers().get(io.grpc.Metadata.Key.of("x-reason", io.grpc.Metadata.ASCII_STRING_MARSHALLER)))
                  .isEqualTo("why");
              assertThat(e.getTrailers().get(BLOB)).containsExactly(0, 1, 0xff);
            });

        io.grpc.Metadata md = new io.grpc.Metadata();
        md.put(USER, "ann");
        md.put(BLOB, new byte[] {9, 8, 7});
        AtomicReference<io.grpc.Metadata> headers = new AtomicReference<>();
        AtomicReference<io.grpc.Metadata> trailers = new AtomicReference<>();
        io.grpc.Channel intercepted = io.grpc.ClientInterceptors.intercept(ch,
            MetadataUtils.newAttachHeadersInterceptor(md), MetadataUtils.newCaptureMetadataInterceptor(headers, trailers));
        assertThat(ClientCalls.blockingUnaryCall(intercepted, peer(Echo.method("Meta", MethodType.UNARY)),
            CallOptions.DEFAULT, s("")).getValue()).isEqualTo("ann");
        assertThat(headers.get().get(io.grpc.Metadata.Key.of("x-head", io.grpc.Metadata.ASCII_STRING_MARSHALLER))).isEqualTo("h");
        assertThat(trailers.get().get(BLOB)).containsExactly(9, 8, 7);

        assertThatThrownBy(() -> ClientCalls.blockingUnaryCall(ch, peer(Echo.method("Slow", MethodType.UNARY)),
            CallOptions.DEFAULT.withDeadlineAfter(100, TimeUnit.MILLISECONDS), s("x")))
            .isInstanceOfSatisfying(StatusRuntimeException.class,
                e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED));

        assertThatThrownBy(() -> ClientCalls.blockingUnaryCall(ch, peer(Echo.method("Nope", MethodType.UNARY)),
            CallOptions.DEFAULT, s("x")))
            .isInstanceOfSatisfying(StatusRuntimeException.class,
                e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNIMPLEMENTED));

        StringValue big = s("z".repeat(100_000));
        assertThat(ClientCalls.blockingUnaryCall(ch, peer(Echo.UNARY), CallOptions.DEFAULT.withCompression("gzip"), big)
            .getValue()).hasSize(100_005);
      } finally {
        ch.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void ternClientCallsGrpcJavaServer() throws Exception {
    ServerServiceDefinition service = ServerServiceDefinition.builder(Echo.SERVICE)
        .addMethod(peer(Echo.UNARY), ServerCalls.asyncUnaryCall((StringValue r, StreamObserver<StringValue> o) -> {
          if (r.getValue().equals("fail")) {
            io.grpc.Metadata t = new io.grpc.Metadata();
            t.put(BLOB, new byte[] {1, 2, 3});
            o.onError(Status.ABORTED.withDescription("nö 🚀 %").asRuntimeException(t));
            return;
          }
          o.onNext(s("echo:" + r.getValue()));
          o.onCompleted();
        }))
        .addMethod(peer(Echo.SPLIT), ServerCalls.asyncServerStreamingCall((StringValue r, StreamObserver<StringValue> o) -> {
          for (String w : r.getValue().split(" ")) o.onNext(s(w));
          o.onCompleted();
        }))
        .addMethod(peer(Echo.JOIN), ServerCalls.asyncClientStreamingCall((StreamObserver<StringValue> o) -> {
          List<String> words = new ArrayList<>();
          return observer(v -> words.add(v.getValue()), () -> {
            o.onNext(s(String.join(" ", words)));
            o.onCompleted();
          });
        }))
        .addMethod(peer(Echo.CHAT), ServerCalls.asyncBidiStreamingCall((StreamObserver<StringValue> o) ->
            observer(v -> o.onNext(s("re:" + v.getValue())), o::onCompleted)))
        .build();
    Server server = NettyServerBuilder.forPort(0).addService(service).build().start();
    try (GrpcClient client = GrpcClient.builder().address("127.0.0.1:" + server.getPort())
        .rpcTimeout(Duration.ofSeconds(5)).build()) {
      assertThat(client.unary(Echo.UNARY, s("hi")).getValue()).isEqualTo("echo:hi");
      assertThat(Echo.values(client.serverStreaming(Echo.SPLIT, s("a b c")))).containsExactly("a", "b", "c");
      ClientStreamingCall<StringValue, StringValue> join = client.clientStreaming(Echo.JOIN);
      join.send(s("x"));
      join.send(s("y"));
      assertThat(join.completeAndReceive().getValue()).isEqualTo("x y");
      BidiStreamingCall<StringValue, StringValue> chat = client.bidiStreaming(Echo.CHAT);
      for (int i = 0; i < 3; i++) {
        chat.send(s("p" + i));
        assertThat(chat.receive().getValue()).isEqualTo("re:p" + i);
      }
      chat.complete();
      assertThat(chat.receive()).isNull();
      assertThatThrownBy(() -> client.unary(Echo.UNARY, s("fail")))
          .isInstanceOfSatisfying(GrpcStatusException.class, e -> {
            assertThat(e.code()).isEqualTo(GrpcStatus.Code.ABORTED);
            assertThat(e.description()).isEqualTo("nö 🚀 %");
            assertThat(e.trailers().getBinary("x-blob-bin")).containsExactly(1, 2, 3);
          });
      GrpcClient gzip = client.with(GrpcCallOptions.defaults().withCompression("gzip"));
      assertThat(gzip.unary(Echo.UNARY, s("y".repeat(50_000))).getValue()).hasSize(50_005);
    } finally {
      server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  private static <T> StreamObserver<T> observer(java.util.function.Consumer<T> onNext, CompletableFuture<?> done) {
    return new StreamObserver<>() {
      @Override public void onNext(T value) { onNext.accept(value); }
      @Override public void onError(Throwable t) { done.completeExceptionally(t); }
      @Override public void onCompleted() { done.complete(null); }
    };
  }

  private static <T> StreamObserver<T> observer(java.util.function.Consumer<T> onNext, Runnable onCompleted) {
    return new StreamObserver<>() {
      @Override public void onNext(T value) { onNext.accept(value); }
      @Override public void onError(Throwable t) {}
      @Override public void onCompleted() { onCompleted.run(); }
    };
  }
}
