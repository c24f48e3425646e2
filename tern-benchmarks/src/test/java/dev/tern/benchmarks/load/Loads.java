package dev.tern.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.HdrHistogram.Histogram;

/** Tiny closed-loop runs for the tests: a client against a server in this JVM. */
final class Loads {
  private Loads() {}

  static final byte[] PAYLOAD = EchoClient.payload(128);

  /** Starts {@code server}, runs {@code client} with 4 callers until 50 calls came back, checks them. */
  static void echoes(ServerKind server, EchoServer.HandlerMode mode, ClientKind client) throws Exception {
    try (EchoServer.Running running = server.start(0, mode);
         ClosedLoop load = client.load(running.port(), 4, PAYLOAD)) {
      load.start();
      ClosedLoop.Interval made = collect(load, 50);
      assertThat(made.errors()).as("errors, first: %s", load.firstError()).isZero();
      assertThat(made.latencies().getTotalCount()).isGreaterThanOrEqualTo(50);
      assertThat(made.latencies().getMinValue()).isPositive();
    }
  }

  /** The calls {@code load} makes until it has made {@code calls} (or failed, or 10 s passed). */
  static ClosedLoop.Interval collect(ClosedLoop load, long calls) throws InterruptedException {
    Histogram all = new Histogram(3);
    long errors = 0;
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (all.getTotalCount() < calls && errors == 0 && System.nanoTime() < deadline) {
      Thread.sleep(20);
      ClosedLoop.Interval interval = load.interval();
      all.add(interval.latencies());
      errors += interval.errors();
    }
    return new ClosedLoop.Interval(all, errors);
  }
}
