package dev.tern.grpc;

import static dev.tern.grpc.Echo.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.StringValue;
import dev.tern.core.RpcException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** close(): GOAWAY, streams in flight finish within the grace period, new streams go elsewhere. */
class GracefulShutdownTest {

  private final CountDownLatch entered = new CountDownLatch(2);
  private final CountDownLatch release = new CountDownLatch(1);

  private GrpcServiceDefinition service() {
    return Echo.blocking()
        .unary(Echo.method("Hold", MethodType.UNARY), r -> {
          entered.countDown();
          release.await();
          return r;
        })
        .serverStreaming(Echo.method("HoldStream", MethodType.SERVER_STREAMING), (r, out) -> {
          out.send(s("before"));
          entered.countDown();
          release.await();
          out.send(s("after"));
        })
        .build();
  }

  @Test
  void inFlightCallsFinishWhileNewOnesAreRefused() throws Exception {
    GrpcServer server = GrpcServer.builder().port(0).addService(service()).gracePeriod(Duration.ofSeconds(10))
        .build().start();
    try (GrpcClient client = GrpcClient.builder().address("127.0.0.1:" + server.port())
        .rpcTimeout(Duration.ofSeconds(10)).build()) {
      CompletableFuture<StringValue> unary = client.unaryAsync(Echo.method("Hold", MethodType.UNARY), s("held"));
      ResponseStream<StringValue> stream = client.serverStreaming(Echo.method("HoldStream", MethodType.SERVER_STREAMING), s(""));
      assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
      CompletableFuture<Void> closing = CompletableFuture.runAsync(server::close);
      awaitRefused(client);
      assertThat(closing).isNotDone();
      release.countDown();
      assertThat(unary.get(5, TimeUnit.SECONDS).getValue()).isEqualTo("held");
      assertThat(Echo.values(stream)).containsExactly("before", "after");
      closing.get(5, TimeUnit.SECONDS);
    }
  }

  /** New calls fail once the GOAWAY arrived and the listening socket is closed. */
  private static void awaitRefused(GrpcClient client) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (System.nanoTime() < end) {
      try {
        client.unary(Echo.UNARY, s("new"));
      } catch (RpcException e) {
        assertThat(e.isRetryable()).as("refused calls are safe to retry elsewhere: " + e).isTrue();
        return;
      }
      Thread.sleep(10);
    }
    throw new AssertionError("new calls were still accepted during shutdown");
  }

  @Test
  void callsStillRunningAfterTheGracePeriodAreCut() throws Exception {
    GrpcServer server = GrpcServer.builder().port(0).addService(service()).gracePeriod(Duration.ofMillis(200))
        .build().start();
    try (GrpcClient client = GrpcClient.builder().address("127.0.0.1:" + server.port())
        .rpcTimeout(Duration.ofSeconds(10)).build()) {
      CompletableFuture<StringValue> unary = client.unaryAsync(Echo.method("Hold", MethodType.UNARY), s("held"));
      client.serverStreaming(Echo.method("HoldStream", MethodType.SERVER_STREAMING), s("")).receive();
      assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
      long start = System.nanoTime();
      server.close();
      assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(3));
      assertThatThrownBy(() -> unary.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(RpcException.class);
    } finally {
      release.countDown();
    }
  }
}
