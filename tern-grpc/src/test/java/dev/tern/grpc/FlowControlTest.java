package dev.tern.grpc;

import static dev.tern.grpc.Echo.s;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.StringValue;
import dev.tern.grpc.internal.ClientCallImpl;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A slow reader holds the writer back on either side: HTTP/2 windows open only as messages are
 * consumed, and writers block (or see isReady() false) above a high-water mark.
 */
class FlowControlTest {

  private static final int CHUNK = 64 * 1024;
  private static final int COUNT = 200; // 12.5 MiB: ten times every window and buffer on the way
  /** The client's 1 MiB stream window, the 32 KiB high-water mark, a message in hand, and slack. */
  private static final int BOUND = (1024 * 1024 + 32 * 1024) / CHUNK + 4;

  private GrpcServer server;
  private GrpcClient client;
  private final AtomicInteger produced = new AtomicInteger();
  private final AtomicReference<Thread> producer = new AtomicReference<>();
  private final CountDownLatch serverMayRead = new CountDownLatch(1);
  private final AtomicInteger consumed = new AtomicInteger();
  private final CompletableFuture<String> otherReader = new CompletableFuture<>();

  @BeforeEach
  void start() {
    StringValue chunk = s("c".repeat(CHUNK));
    GrpcServiceDefinition svc = GrpcServiceDefinition.builder(Echo.SERVICE)
        .serverStreaming(Echo.SPLIT, (r, out) -> {
          producer.set(Thread.currentThread());
          for (int i = 0; i < COUNT; i++) {
            out.send(chunk);
            produced.incrementAndGet();
          }
        })
        .serverStreamingAsync(Echo.method("SplitAsync", MethodType.SERVER_STREAMING), (r, out) -> {
          AtomicBoolean done = new AtomicBoolean();
          out.setOnReadyHandler(() -> {
            while (out.isReady() && produced.get() < COUNT) {
              out.onNext(chunk);
              produced.incrementAndGet();
            }
            if (produced.get() == COUNT && done.compareAndSet(false, true)) out.onCompleted();
          });
        })
        .bidiStreaming(Echo.method("ReadElsewhere", MethodType.BIDI_STREAMING), (in, out) -> {
          Thread.ofVirtual().start(() -> { // a second thread reads; the handler ends first
            try {
              while (in.receive() != null) { /* drop */ }
              otherReader.complete("ended");
            } catch (RuntimeException e) {
              otherReader.complete("failed: " + e);
            }
          });
          out.send(s("done"));
        })
        .bidiStreamingAsync(Echo.method("Flood", MethodType.BIDI_STREAMING), out -> {
          // everything at once, past the client's window, then OK while the client is still sending
          for (int i = 0; i < 40; i++) out.onNext(chunk);
          out.onCompleted();
          return new StreamObserver<>() {
            @Override public void onNext(StringValue v) {}
            @Override public void onError(Throwable t) {}
            @Override public void onCompleted() {}
          };
        })
        .clientStreaming(Echo.JOIN, in -> {
          serverMayRead.await();
          int n = 0;
          while (in.receive() != null) n++;
          consumed.set(n);
          return s(Integer.toString(n));
        })
        .build();
    server = GrpcServer.builder().port(0).addService(svc).build().start();
    client = GrpcClient.builder().address("127.0.0.1:" + server.port()).rpcTimeout(Duration.ofSeconds(30)).build();
  }

  @AfterEach
  void stop() {
    client.close();
    server.close();
  }

  @Test
  void aClientThatStopsReadingStopsABlockingServerWriter() throws Exception {
    ResponseStream<StringValue> stream = client.serverStreaming(Echo.SPLIT, s(""));
    assertThat(stream.receive().getValue()).hasSize(CHUNK);
    awaitParked(producer, produced);
    assertThat(produced.get()).isLessThanOrEqualTo(BOUND);
    int read = 1;
    while (stream.receive() != null) read++;
    assertThat(read).isEqualTo(COUNT);
  }

  @Test
  void aReaderOnAnotherThreadWakesWhenTheHandlerEndsTheCall() throws Exception {
    BidiStreamingCall<StringValue, StringValue> call = client.bidiStreaming(Echo.method("ReadElsewhere", MethodType.BIDI_STREAMING));
    call.send(s("one"));
    assertThat(call.receive().getValue()).isEqualTo("done");
    assertThat(call.receive()).isNull(); // OK, while our half is still open
    assertThat(otherReader.get(5, TimeUnit.SECONDS)).isEqualTo("ended");
  }

  @Test
  void messagesHeldBackByFlowControlAndTheStatusArriveAfterTheServerFinishedFirst() throws Exception {
    BidiStreamingCall<StringValue, StringValue> call = client.bidiStreaming(Echo.method("Flood", MethodType.BIDI_STREAMING));
    call.send(s("go")); // and keep our half open: the server ends while we could still send
    int read = 0;
    while (call.receive() != null) read++; // no reset may overtake the queued messages or the trailers
    assertThat(read).isEqualTo(40);
    assertThat(call.trailers()).isNotNull();
  }

  @Test
  void anAsyncServerWriterSeesIsReadyFalseAndResumesOnReady() throws Exception {
    ResponseStream<StringValue> stream = client.serverStreaming(Echo.method("SplitAsync", MethodType.SERVER_STREAMING), s(""));
    assertThat(stream.receive()).isNotNull();
    // the producer stops by itself once not ready; give the pipeline time to fill, then check the bound
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    int last = -1;
    while (System.nanoTime() < end) {
      int now = produced.get();
      if (now == last && now > 1) break;
      last = now;
      Thread.sleep(50);
    }
    assertThat(produced.get()).isLessThanOrEqualTo(BOUND);
    int read = 1;
    while (stream.receive() != null) read++;
    assertThat(read).isEqualTo(COUNT);
  }

  @Test
  void aServerThatDoesNotReadStopsABlockingClientWriter() throws Exception {
    ClientStreamingCall<StringValue, StringValue> call = client.clientStreaming(Echo.JOIN);
    StringValue chunk = s("c".repeat(CHUNK));
    AtomicInteger sent = new AtomicInteger();
    AtomicReference<Thread> writer = new AtomicReference<>();
    CompletableFuture<Void> wrote = CompletableFuture.runAsync(() -> {
      writer.set(Thread.currentThread());
      for (int i = 0; i < COUNT; i++) {
        call.send(chunk);
        sent.incrementAndGet();
      }
    });
    awaitParked(writer, sent);
    assertThat(sent.get()).isLessThanOrEqualTo(BOUND);
    assertThat(((ClientCallImpl<?, ?>) call).queuedOutboundBytes()).isLessThanOrEqualTo(32 * 1024 + CHUNK + 5);
    serverMayRead.countDown();
    wrote.get(20, TimeUnit.SECONDS);
    assertThat(call.completeAndReceive().getValue()).isEqualTo(Integer.toString(COUNT));
  }

  @Test
  void anAsyncClientWriterSeesIsReadyFalse() throws Exception {
    CompletableFuture<String> response = new CompletableFuture<>();
    FlowControlledObserver<StringValue> requests = client.clientStreamingAsync(Echo.JOIN, new StreamObserver<>() {
      @Override public void onNext(StringValue v) { response.complete(v.getValue()); }
      @Override public void onError(Throwable t) { response.completeExceptionally(t); }
      @Override public void onCompleted() {}
    });
    StringValue chunk = s("c".repeat(CHUNK));
    AtomicInteger sent = new AtomicInteger();
    CountDownLatch stalled = new CountDownLatch(1);
    AtomicBoolean finished = new AtomicBoolean();
    Runnable pump = () -> {
      while (requests.isReady() && sent.get() < COUNT) {
        requests.onNext(chunk);
        sent.incrementAndGet();
      }
      if (sent.get() < COUNT) stalled.countDown();
      else if (finished.compareAndSet(false, true)) requests.onCompleted();
    };
    requests.setOnReadyHandler(pump);
    pump.run();
    assertThat(stalled.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(sent.get()).isLessThanOrEqualTo(BOUND);
    serverMayRead.countDown();
    assertThat(response.get(20, TimeUnit.SECONDS)).isEqualTo(Integer.toString(COUNT));
  }

  /** Waits until {@code thread} is parked and {@code counter} stops moving. */
  static void awaitParked(AtomicReference<Thread> thread, AtomicInteger counter) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < end) {
      Thread t = thread.get();
      if (t != null && counter.get() > 0 && t.getState() == Thread.State.WAITING) {
        int before = counter.get();
        Thread.sleep(50);
        if (counter.get() == before && t.getState() == Thread.State.WAITING) return;
      }
      Thread.sleep(10);
    }
    throw new AssertionError("the writer never blocked; it wrote " + counter.get());
  }
}
