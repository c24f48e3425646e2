package dev.tern.gen.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Empty;
import dev.tern.gen.proto.greet.Envelope;
import dev.tern.gen.proto.greet.GreeterRpc;
import dev.tern.gen.proto.greet.HelloReply;
import dev.tern.gen.proto.greet.HelloRequest;
import dev.tern.gen.proto.shapes.ShapeProtos;
import dev.tern.gen.proto.tricky.NothingRpc;
import dev.tern.gen.proto.tricky.TrickyRpc;
import dev.tern.grpc.BidiStreamingCall;
import dev.tern.grpc.ClientStreamingCall;
import dev.tern.grpc.FlowControlledObserver;
import dev.tern.grpc.GrpcCallOptions;
import dev.tern.grpc.GrpcClient;
import dev.tern.grpc.GrpcServer;
import dev.tern.grpc.GrpcServiceDefinition;
import dev.tern.grpc.GrpcStatus;
import dev.tern.grpc.GrpcStatusException;
import dev.tern.grpc.MethodDescriptor;
import dev.tern.grpc.MethodType;
import dev.tern.grpc.StreamObserver;
import dev.tern.grpc.StreamReader;
import dev.tern.grpc.StreamWriter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import tern.test.common.CommonOuterClass;

/**
 * The generated gRPC stubs used as an application would: descriptors, handlers, bindings, and
 * calls of every kind through Tern's gRPC runtime over loopback.
 */
public final class GrpcStubScenarios {
  private GrpcStubScenarios() {}

  public static void descriptorsNameEveryMethodWithItsKind() {
    assertThat(GreeterRpc.SERVICE_NAME).isEqualTo("tern.test.greet.Greeter");
    assertThat(GreeterRpc.SAY_HELLO.path()).isEqualTo("/tern.test.greet.Greeter/SayHello");
    assertThat(GreeterRpc.SAY_HELLO.type()).isEqualTo(MethodType.UNARY);
    assertThat(GreeterRpc.LOTS_OF_REPLIES.type()).isEqualTo(MethodType.SERVER_STREAMING);
    assertThat(GreeterRpc.LOTS_OF_GREETINGS.type()).isEqualTo(MethodType.CLIENT_STREAMING);
    assertThat(GreeterRpc.BIDI_HELLO.type()).isEqualTo(MethodType.BIDI_STREAMING);
    assertThat(GreeterRpc.PING.fullMethodName()).isEqualTo("tern.test.greet.Greeter/Ping");
  }

  public static void marshallersEncodeTheMessageTypesOfOtherFilesAndNestedOnes() throws Exception {
    CommonOuterClass.Common.Status status = CommonOuterClass.Common.Status.newBuilder().setCode(7).build();
    assertThat(roundTrip(GreeterRpc.PING, status)).isEqualTo(status);
    Envelope.Header header = Envelope.Header.newBuilder().setId(42).build();
    assertThat(roundTripRequest(GreeterRpc.MEASURE, header)).isEqualTo(header);
    ShapeProtos.Square square = ShapeProtos.Square.newBuilder().setSide(2.5).build();
    assertThat(roundTrip(GreeterRpc.MEASURE, square)).isEqualTo(square);
    assertThat(roundTripRequest(GreeterRpc.PING, Empty.getDefaultInstance())).isEqualTo(Empty.getDefaultInstance());
  }

  private static <Req, Resp> Resp roundTrip(MethodDescriptor<Req, Resp> m, Resp value) throws Exception {
    ByteBuf buf = Unpooled.buffer();
    try {
      m.responseMarshaller().encode(value, buf);
      return m.responseMarshaller().decode(buf);
    } finally {
      buf.release();
    }
  }

  private static <Req, Resp> Req roundTripRequest(MethodDescriptor<Req, Resp> m, Req value) throws Exception {
    ByteBuf buf = Unpooled.buffer();
    try {
      m.requestMarshaller().encode(value, buf);
      return m.requestMarshaller().decode(buf);
    } finally {
      buf.release();
    }
  }

  public static void handlerMethodsDefaultToUnimplemented() {
    GreeterRpc.Handler handler = new GreeterRpc.Handler() {
      @Override
      public HelloReply sayHello(HelloRequest request) {
        return HelloReply.newBuilder().setMessage("hello " + request.getName()).build();
      }
    };
    assertThatThrownBy(() -> handler.ping(Empty.getDefaultInstance()))
        .isInstanceOfSatisfying(GrpcStatusException.class, e -> {
          assertThat(e.code()).isEqualTo(GrpcStatus.Code.UNIMPLEMENTED);
          assertThat(e.description()).isEqualTo("Method tern.test.greet.Greeter/Ping is unimplemented");
        });
    assertThatThrownBy(() -> handler.lotsOfReplies(HelloRequest.getDefaultInstance(), null))
        .isInstanceOf(GrpcStatusException.class);
    assertThatThrownBy(() -> handler.lotsOfGreetings(null)).isInstanceOf(GrpcStatusException.class);
    assertThatThrownBy(() -> handler.bidiHello(null, null)).isInstanceOf(GrpcStatusException.class);
  }

  public static void asyncHandlerMethodsDefaultToUnimplemented() {
    GreeterRpc.AsyncHandler handler = new GreeterRpc.AsyncHandler() {};
    CompletableFuture<HelloReply> reply = handler.sayHello(HelloRequest.getDefaultInstance());
    assertThatThrownBy(reply::join).isInstanceOf(CompletionException.class)
        .cause().isInstanceOfSatisfying(GrpcStatusException.class,
            e -> assertThat(e.code()).isEqualTo(GrpcStatus.Code.UNIMPLEMENTED));
    RecordingObserver<HelloReply> responses = new RecordingObserver<>();
    handler.lotsOfReplies(HelloRequest.getDefaultInstance(), responses);
    assertThat(responses.error).isInstanceOfSatisfying(GrpcStatusException.class,
        e -> assertThat(e.description()).contains("Greeter/LotsOfReplies"));
    assertThatThrownBy(() -> handler.bidiHello(new RecordingObserver<>()))
        .isInstanceOfSatisfying(GrpcStatusException.class,
            e -> assertThat(e.code()).isEqualTo(GrpcStatus.Code.UNIMPLEMENTED));
  }

  public static void serviceBindsEveryMethodOfTheService() {
    GrpcServiceDefinition blocking = GreeterRpc.service(new GreeterRpc.Handler() {});
    assertThat(blocking.service()).isEqualTo("tern.test.greet.Greeter");
    assertThat(blocking.methods()).containsExactly(GreeterRpc.SAY_HELLO, GreeterRpc.LOTS_OF_REPLIES,
        GreeterRpc.LOTS_OF_GREETINGS, GreeterRpc.BIDI_HELLO, GreeterRpc.PING, GreeterRpc.MEASURE);
    GrpcServiceDefinition async = GreeterRpc.serviceAsync(new GreeterRpc.AsyncHandler() {});
    assertThat(async.methods()).containsExactlyElementsOf(blocking.methods());
    assertThat(NothingRpc.service(new NothingRpc.Handler() {}).methods()).isEmpty();
    assertThatThrownBy(() -> GreeterRpc.service(null)).isInstanceOf(NullPointerException.class);
  }

  public static void namesThatClashWithTheGeneratedCodeAreEscaped() throws Exception {
    assertThat(TrickyRpc.SERVICE_NAME).isEqualTo("tern.test.tricky.Tricky");
    assertThat(TrickyRpc.SERVICE_NAME_.method()).isEqualTo("ServiceName");
    assertThat(TrickyRpc.GET_USER.method()).isEqualTo("get_user");
    assertThat(TrickyRpc.UNIMPLEMENTED.type()).isEqualTo(MethodType.CLIENT_STREAMING);
    assertThat(Arrays.stream(TrickyRpc.Handler.class.getDeclaredMethods()).map(Method::getName))
        .containsExactlyInAnyOrder("new_", "getClass_", "with_", "serviceName", "getUser", "unimplemented_", "old");
    assertThat(TrickyRpc.Client.class.getMethod("with_", dev.tern.gen.proto.tricky.Objects.class).getReturnType())
        .isEqualTo(dev.tern.gen.proto.tricky.Objects.class);
    // The message class named Client, not the stub class, is the request type.
    assertThat(TrickyRpc.NEW.requestMarshaller().decode(Unpooled.EMPTY_BUFFER))
        .isInstanceOf(dev.tern.gen.proto.tricky.Client.class);
  }

  @SuppressWarnings("deprecation")
  public static void deprecatedMethodsAreDeprecatedEverywhere() throws Exception {
    assertThat(TrickyRpc.class.getField("OLD").isAnnotationPresent(Deprecated.class)).isTrue();
    for (Class<?> type : new Class<?>[] {TrickyRpc.Handler.class, TrickyRpc.AsyncHandler.class,
        TrickyRpc.Client.class, TrickyRpc.AsyncClient.class}) {
      Method old = Arrays.stream(type.getDeclaredMethods()).filter(m -> m.getName().equals("old")).findFirst()
          .orElseThrow();
      assertThat(old.isAnnotationPresent(Deprecated.class)).as(type.getSimpleName()).isTrue();
    }
    assertThat(TrickyRpc.class.getField("NEW").isAnnotationPresent(Deprecated.class)).isFalse();
  }

  /** A blocking Greeter: greets each name, in the shape of each method. */
  static final class BlockingGreeter implements GreeterRpc.Handler {
    @Override
    public HelloReply sayHello(HelloRequest request) {
      return reply("hello " + request.getName());
    }

    @Override
    public void lotsOfReplies(HelloRequest request, StreamWriter<HelloReply> responses) {
      for (int i = 1; i <= 3; i++) {
        responses.send(reply("hello " + request.getName() + " #" + i));
      }
    }

    @Override
    public HelloReply lotsOfGreetings(StreamReader<HelloRequest> requests) {
      List<String> names = new ArrayList<>();
      requests.forEach(r -> names.add(r.getName()));
      return reply("hello " + String.join(" and ", names));
    }

    @Override
    public void bidiHello(StreamReader<HelloRequest> requests, StreamWriter<HelloReply> responses) {
      for (HelloRequest r : requests) {
        responses.send(reply("hello " + r.getName()));
      }
    }
  }

  static HelloRequest hello(String name) {
    return HelloRequest.newBuilder().setName(name).build();
  }

  static HelloReply reply(String message) {
    return HelloReply.newBuilder().setMessage(message).build();
  }

  public static void blockingStubsCallBlockingHandlersOverTheRuntime() {
    try (GrpcServer server = GrpcServer.builder().port(0).addService(GreeterRpc.service(new BlockingGreeter()))
            .build().start();
        GrpcClient channel = GrpcClient.builder().address("127.0.0.1:" + server.port()).build()) {
      GreeterRpc.Client greeter = GreeterRpc.client(channel)
          .with(GrpcCallOptions.defaults().withTimeout(Duration.ofSeconds(30)));
      assertThat(greeter.sayHello(hello("ada")).getMessage()).isEqualTo("hello ada");

      List<String> replies = new ArrayList<>();
      greeter.lotsOfReplies(hello("bob")).forEach(r -> replies.add(r.getMessage()));
      assertThat(replies).containsExactly("hello bob #1", "hello bob #2", "hello bob #3");

      ClientStreamingCall<HelloRequest, HelloReply> greetings = greeter.lotsOfGreetings();
      greetings.send(hello("cy"));
      greetings.send(hello("di"));
      assertThat(greetings.completeAndReceive().getMessage()).isEqualTo("hello cy and di");

      BidiStreamingCall<HelloRequest, HelloReply> bidi = greeter.bidiHello();
      bidi.send(hello("eve"));
      assertThat(bidi.receive().getMessage()).isEqualTo("hello eve");
      bidi.send(hello("fay"));
      assertThat(bidi.receive().getMessage()).isEqualTo("hello fay");
      bidi.complete();
      assertThat(bidi.receive()).isNull();

      assertThatThrownBy(() -> greeter.ping(Empty.getDefaultInstance()))
          .isInstanceOfSatisfying(GrpcStatusException.class,
              e -> assertThat(e.code()).isEqualTo(GrpcStatus.Code.UNIMPLEMENTED));
    }
  }

  public static void asyncStubsCallAsyncHandlersOverTheRuntime() throws Exception {
    GreeterRpc.AsyncHandler handler = new GreeterRpc.AsyncHandler() {
      @Override
      public CompletableFuture<HelloReply> sayHello(HelloRequest request) {
        return CompletableFuture.completedFuture(reply("hi " + request.getName()));
      }

      @Override
      public void lotsOfReplies(HelloRequest request, FlowControlledObserver<HelloReply> responses) {
        responses.onNext(reply("hi " + request.getName() + " #1"));
        responses.onNext(reply("hi " + request.getName() + " #2"));
        responses.onCompleted();
      }

      @Override
      public StreamObserver<HelloRequest> lotsOfGreetings(FlowControlledObserver<HelloReply> responses) {
        List<String> names = new ArrayList<>();
        return new StreamObserver<>() {
          @Override
          public void onNext(HelloRequest value) {
            names.add(value.getName());
          }

          @Override
          public void onError(Throwable error) {}

          @Override
          public void onCompleted() {
            responses.onNext(reply("hi " + String.join(" and ", names)));
            responses.onCompleted();
          }
        };
      }
    };
    try (GrpcServer server = GrpcServer.builder().port(0).addService(GreeterRpc.serviceAsync(handler)).build().start();
        GrpcClient channel = GrpcClient.builder().address("127.0.0.1:" + server.port()).build()) {
      GreeterRpc.AsyncClient greeter = GreeterRpc.asyncClient(channel);
      assertThat(greeter.sayHello(hello("ada")).get(30, TimeUnit.SECONDS).getMessage()).isEqualTo("hi ada");

      Collecting replies = new Collecting();
      greeter.lotsOfReplies(hello("bob"), replies);
      assertThat(replies.done.get(30, TimeUnit.SECONDS)).containsExactly("hi bob #1", "hi bob #2");

      Collecting greeting = new Collecting();
      FlowControlledObserver<HelloRequest> names = greeter.lotsOfGreetings(greeting);
      names.onNext(hello("cy"));
      names.onNext(hello("di"));
      names.onCompleted();
      assertThat(greeting.done.get(30, TimeUnit.SECONDS)).containsExactly("hi cy and di");

      // Not overridden: the default's exception becomes the call's status.
      Collecting unimplemented = new Collecting();
      greeter.bidiHello(unimplemented).onCompleted();
      assertThatThrownBy(() -> unimplemented.done.get(30, TimeUnit.SECONDS)).cause()
          .isInstanceOfSatisfying(GrpcStatusException.class,
              e -> assertThat(e.code()).isEqualTo(GrpcStatus.Code.UNIMPLEMENTED));
    }
  }

  /** Collects the messages of a response stream; {@code done} completes at its end. */
  static final class Collecting implements StreamObserver<HelloReply> {
    final List<String> messages = new ArrayList<>();
    final CompletableFuture<List<String>> done = new CompletableFuture<>();

    @Override
    public void onNext(HelloReply value) {
      messages.add(value.getMessage());
    }

    @Override
    public void onError(Throwable error) {
      done.completeExceptionally(error);
    }

    @Override
    public void onCompleted() {
      done.complete(messages);
    }
  }

  /** Records what an async default does to the response observer. */
  static final class RecordingObserver<T> implements FlowControlledObserver<T> {
    Throwable error;

    @Override
    public void onNext(T value) {}

    @Override
    public void onError(Throwable t) {
      error = t;
    }

    @Override
    public void onCompleted() {}

    @Override
    public boolean isReady() {
      return true;
    }

    @Override
    public void setOnReadyHandler(Runnable onReady) {}

    @Override
    public void disableAutoRequest() {}

    @Override
    public void request(int count) {}
  }
}
