package dev.tern.benchmarks.load;

import dev.tern.benchmarks.gen.Echo;
import dev.tern.rpc.ThriftClient;
import dev.tern.thrift.ThriftProtocol;
import dev.tern.thrift.transport.Framing;
import dev.tern.transport.PoolOptions;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Closed-loop echo calls with one Tern {@link ThriftClient} and its async stub: each caller is a
 * chain of callbacks, not a thread. The pool keeps a connection per caller, since a Tern
 * connection carries one call at a time.
 */
final class TernEchoLoad extends ClosedLoop {

  private final ThriftClient client;
  private final Echo.AsyncIface echo;
  private final int concurrency;
  private final byte[] payload;
  private final CountDownLatch stopped;

  TernEchoLoad(String address, Framing framing, int concurrency, byte[] payload) {
    this.client = ThriftClient.builder()
        .address(address)
        .framing(framing)
        .protocol(ThriftProtocol.BINARY)
        .pool(PoolOptions.DEFAULT.withMaxIdle(concurrency))
        // Generous: the first calls open all connections at once in a cold JVM.
        .connectTimeout(Duration.ofSeconds(5))
        .rpcTimeout(Duration.ofSeconds(10))
        .build();
    this.echo = Echo.asyncClient(client);
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
    echo.echo(payload).whenComplete((reply, error) -> {
      if (error == null && reply.length == payload.length) {
        recordSuccess(System.nanoTime() - start);
        next();
      } else {
        recordError(error != null ? error : new IllegalStateException("reply of " + reply.length + " bytes"));
        AFTER_ERROR.execute(this::next);
      }
    });
  }

  @Override
  public void close() {
    stopping = true;
    try {
      stopped.await(15, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    client.close();
  }
}
