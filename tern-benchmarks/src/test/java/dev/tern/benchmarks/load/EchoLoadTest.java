package dev.tern.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Each contestant's client against its server, in-process and briefly; then one child server. */
class EchoLoadTest {

  private static final byte[] PAYLOAD = "0123456789abcdef".repeat(8).getBytes();

  @ParameterizedTest
  @EnumSource(Contestant.class)
  void closedLoopCallsWithoutErrors(Contestant contestant) throws Exception {
    try (EchoServer.Running server = EchoServer.start(contestant.server, EchoServer.HandlerMode.BLOCKING, 0);
         ClosedLoop load = contestant.load(server.port(), 4, PAYLOAD)) {
      load.start();
      ClosedLoop.Interval made = collect(load, 50);
      assertThat(made.errors()).as("errors, first: %s", load.firstError()).isZero();
      assertThat(made.latencies().getTotalCount()).isGreaterThanOrEqualTo(50);
      assertThat(made.latencies().getMinValue()).isPositive();
    }
  }

  @Test
  void asyncTernHandlerEchoes() throws Exception {
    try (EchoServer.Running server = EchoServer.start(EchoServer.Impl.TERN, EchoServer.HandlerMode.ASYNC, 0);
         ClosedLoop load = Contestant.TERN_TTHEADER.load(server.port(), 2, PAYLOAD)) {
      load.start();
      assertThat(collect(load, 20).latencies().getTotalCount()).isGreaterThanOrEqualTo(20);
      assertThat(load.firstError()).isNull();
    }
  }

  @Test
  void serverProcessRunsInItsOwnJvmAndStopsWhenTold() throws Exception {
    ProcessHandle child;
    try (ServerProcess server = ServerProcess.start(EchoServer.Impl.LIBTHRIFT, EchoServer.HandlerMode.BLOCKING);
         ClosedLoop load = Contestant.LIBTHRIFT.load(server.port(), 2, PAYLOAD)) {
      child = ProcessHandle.of(server.pid()).orElseThrow();
      assertThat(server.pid()).isNotEqualTo(ProcessHandle.current().pid());
      load.start();
      assertThat(collect(load, 20).latencies().getTotalCount()).isGreaterThanOrEqualTo(20);
      assertThat(load.firstError()).isNull();
      assertThat(server.cpuTime()).isPositive();
    }
    assertThat(child.isAlive()).isFalse();
  }

  /** The calls {@code load} makes until it has made {@code calls} (or failed, or 5 s passed). */
  private static ClosedLoop.Interval collect(ClosedLoop load, long calls) throws InterruptedException {
    Histogram all = new Histogram(3);
    long errors = 0;
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (all.getTotalCount() < calls && errors == 0 && System.nanoTime() < deadline) {
      Thread.sleep(20);
      ClosedLoop.Interval interval = load.interval();
      all.add(interval.latencies());
      errors += interval.errors();
    }
    return new ClosedLoop.Interval(all, errors);
  }
}
