package dev.tern.grpc;

import static dev.tern.grpc.Echo.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.StringValue;
import dev.tern.core.CallContext;
import dev.tern.core.RpcTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Deadlines and cancellation, in both directions. */
class DeadlineAndCancelTest {

  private GrpcServer server;
  private GrpcClient client;
  private final CountDownLatch entered = new CountDownLatch(1);
  private final CountDownLatch never = new CountDownLatch(1);
  private final CompletableFuture<Object> handlerSaw = new CompletableFuture<>();
  private final AtomicLong downstreamRemainingMs = new AtomicLong();

  @BeforeEach
  void start() {
    GrpcServiceDefinition svc = Echo.blocking()
        .unary(Echo.method("Sleep", MethodType.UNARY), r -> {
          entered.countDown();
          never.await();
          return r;
        })
        .bidiStreaming(Echo.method("Wait", MethodType.BIDI_STREAMING), (in, out) -> {
          entered.countDown();
          try {
            in.receive();
            handlerSaw.complete("ended");
          } catch (GrpcStatusException e) {
            handlerSaw.complete(e.code());
          }
        })
        .serverStreaming(Echo.method("Endless", MethodType.SERVER_STREAMING), (r, out) -> {
          try {
            for (int i = 0; ; i++) {
              out.send(s(Integer.toString(i)));
              if (i == 2) entered.countDown();
            }
          } catch (GrpcStatusException e) {
            handlerSaw.complete(e.code());
          }
        })
        .unary(Echo.method("Remaining", MethodType.UNARY), r -> {
          downstreamRemainingMs.set(TimeUnit.NANOSECONDS.toMillis(CallContext.current().remainingNanos()));
          return r;
        })
        .unary(Echo.method("Relay", MethodType.UNARY), r -> {
          // a downstream call made while handling this one keeps within this call's deadline
          return client.unary(Echo.method("Remaining", MethodType.UNARY), r);
        })
        .build();
    server = GrpcServer.builder().port(0).addService(svc).gracePeriod(Duration.ZERO).build().start();
    client = GrpcClient.builder().address("127.0.0.1:" + server.port()).build();
  }

  @AfterEach
  void stop() {
    never.countDown();
    client.close();
    server.close();
  }

  @Test
  void clientDeadlineFailsTheCallLocallyAndCancelsTheHandler() throws Exception {
    GrpcClient timed = client.with(GrpcCallOptions.defaults().withTimeout(Duration.ofMillis(200)));
    long start = System.nanoTime();
    assertThatThrownBy(() -> timed.unary(Echo.method("Sleep", MethodType.UNARY), s("")))
        .isInstanceOfSatisfying(RpcTimeoutException.class,
            e -> assertThat(e.phase()).isEqualTo(RpcTimeoutException.Phase.RPC));
    assertThat(System.nanoTime() - start).isBetween(TimeUnit.MILLISECONDS.toNanos(190), TimeUnit.SECONDS.toNanos(5));

    BidiStreamingCall<StringValue, StringValue> call = timed.bidiStreaming(Echo.method("Wait", MethodType.BIDI_STREAMING));
    assertThatThrownBy(call::receive).isInstanceOf(RpcTimeoutException.class);
    // the server's own timer and the client's RST_STREAM race: either way the handler is told
    assertThat(handlerSaw.get(5, TimeUnit.SECONDS)).isIn(GrpcStatus.Code.DEADLINE_EXCEEDED, GrpcStatus.Code.CANCELLED);
    assertThatThrownBy(() -> call.send(s("late"))).isInstanceOf(RpcTimeoutException.class);
  }

  @Test
  void deadlinePropagatesToDownstreamCalls() {
    client.with(GrpcCallOptions.defaults().withTimeout(Duration.ofSeconds(3)))
        .unary(Echo.method("Relay", MethodType.UNARY), s(""));
    assertThat(downstreamRemainingMs.get()).isBetween(1L, 3000L);
  }

  @Test
  void clientCancelWakesBothSides() throws Exception {
    ResponseStream<StringValue> stream = client.serverStreaming(Echo.method("Endless", MethodType.SERVER_STREAMING), s(""));
    assertThat(stream.receive().getValue()).isEqualTo("0");
    assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(stream.headers()).isNotNull();
    stream.cancel("enough");
    assertThatThrownBy(() -> {
      while (true) stream.receive(); // nothing buffered is handed out after a cancel
    }).isInstanceOfSatisfying(GrpcStatusException.class, e -> {
      assertThat(e.code()).isEqualTo(GrpcStatus.Code.CANCELLED);
      assertThat(e.description()).isEqualTo("enough");
    });
    assertThat(handlerSaw.get(5, TimeUnit.SECONDS)).isEqualTo(GrpcStatus.Code.CANCELLED);
    assertThat(stream.trailers()).isNotNull();
  }

  @Test
  void interruptingABlockedReaderCancelsTheCall() throws Exception {
    BidiStreamingCall<StringValue, StringValue> call = client.bidiStreaming(Echo.method("Wait", MethodType.BIDI_STREAMING));
    assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
    CompletableFuture<String> outcome = new CompletableFuture<>();
    Thread reader = Thread.ofVirtual().start(() -> {
      try {
        call.receive();
        outcome.complete("returned");
      } catch (GrpcStatusException e) {
        outcome.complete(e.code() + " interrupted=" + Thread.currentThread().isInterrupted());
      }
    });
    awaitState(reader, Thread.State.WAITING);
    reader.interrupt();
    assertThat(outcome.get(5, TimeUnit.SECONDS)).isEqualTo("CANCELLED interrupted=true");
    assertThat(handlerSaw.get(5, TimeUnit.SECONDS)).isEqualTo(GrpcStatus.Code.CANCELLED);
  }

  @Test
  void cancellingTheFutureOfAnAsyncUnaryCallCancelsItOnTheServer() throws Exception {
    CompletableFuture<StringValue> f = client.unaryAsync(Echo.method("Sleep", MethodType.UNARY), s(""));
    assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
    f.cancel(true);
    // the server's unary handler cannot be told, but its stream is gone: a new call still works
    assertThat(client.unary(Echo.UNARY, s("next")).getValue()).isEqualTo("echo:next");
  }

  @Test
  void asyncObserversHearAboutDeadlines() throws Exception {
    CompletableFuture<Throwable> error = new CompletableFuture<>();
    client.with(GrpcCallOptions.defaults().withTimeout(Duration.ofMillis(100)))
        .bidiStreamingAsync(Echo.method("Wait", MethodType.BIDI_STREAMING), new StreamObserver<>() {
          @Override public void onNext(StringValue value) {}
          @Override public void onError(Throwable t) { error.complete(t); }
          @Override public void onCompleted() { error.complete(null); }
        });
    assertThat(error.get(5, TimeUnit.SECONDS)).isInstanceOf(RpcTimeoutException.class);
  }

  static void awaitState(Thread t, Thread.State state) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (t.getState() != state) {
      if (System.nanoTime() > end) throw new AssertionError(t + " never reached " + state);
      Thread.sleep(5);
    }
  }
}
