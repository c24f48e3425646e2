package dev.tern.governance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.governance.discovery.Instance;
import dev.tern.governance.discovery.StaticResolver;
import dev.tern.governance.limit.AdaptiveLimit;
import dev.tern.governance.limit.LimitMiddleware;
import dev.tern.governance.limit.OverloadedException;
import dev.tern.governance.loadbalance.LoadBalancingMiddleware;
import dev.tern.governance.retry.RetryMiddleware;
import dev.tern.rpc.ThriftClient;
import dev.tern.rpc.ThriftServer;
import dev.tern.thrift.ThriftServiceDefinition;
import dev.tern.transport.Address;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Servers past their capacity, on loopback: limits shed the excess at once and keep the latency
 * of the calls they admit near the service time; backup requests cut the tail a slow instance
 * causes. Latency is judged by counting slow completions, never by ratios of wall-clock times.
 */
@Timeout(60)
class OverloadTest {

  /** What the server can really do: 4 calls at once, 15 ms each; more calls queue for a slot. */
  private static final int SLOTS = 4;
  private static final int SERVICE_MS = 15; // long next to scheduling noise on a busy 2-core machine
  /** An admitted call this slow waited in a queue for several service times. */
  private static final long SLOW_NANOS = TimeUnit.MILLISECONDS.toNanos(6 * SERVICE_MS);
  private static final int CALLERS = 32;
  private static final int ADMITTED_PER_CALLER = 15;

  /** The outcome of one overload run. */
  record Run(int admitted, int slow, int rejected, int handled, List<Throwable> otherFailures) {
    double slowShare() {
      return (double) slow / admitted;
    }
  }

  private static Run overload(LimitMiddleware limit) throws Exception {
    Semaphore slots = new Semaphore(SLOTS);
    AtomicInteger handled = new AtomicInteger();
    ThriftServiceDefinition service = ThriftServiceDefinition.builder("Hello").blocking(Hello.HELLO, name -> {
      handled.incrementAndGet();
      slots.acquire();
      try {
        Thread.sleep(SERVICE_MS);
      } finally {
        slots.release();
      }
      return name;
    }).build();
    ThriftServer.Builder sb = ThriftServer.builder().address(Address.tcp("127.0.0.1", 0)).addService(service)
        .gracePeriod(Duration.ofSeconds(1));
    if (limit != null) sb.middleware(limit);
    AtomicInteger admitted = new AtomicInteger();
    AtomicInteger slow = new AtomicInteger();
    AtomicInteger rejected = new AtomicInteger();
    Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
    try (ThriftServer server = sb.build().start();
         ThriftClient client = ThriftClient.builder().address(server.address()).rpcTimeout(Duration.ofSeconds(10))
             .middleware(OverloadedException.clientMapping()).build()) {
      List<Thread> callers = new ArrayList<>();
      for (int c = 0; c < CALLERS; c++) {
        callers.add(Thread.ofVirtual().start(() -> {
          int mine = 0;
          for (int attempt = 0; mine < ADMITTED_PER_CALLER && attempt < 2_000; attempt++) {
            long start = System.nanoTime();
            try {
              client.call(Hello.HELLO, "x");
              mine++;
              admitted.incrementAndGet();
              if (System.nanoTime() - start > SLOW_NANOS) slow.incrementAndGet();
            } catch (OverloadedException e) {
              rejected.incrementAndGet();
              try {
                Thread.sleep(2); // a rejected client backs off a little before it tries again
              } catch (InterruptedException ie) {
                return;
              }
            } catch (Throwable t) {
              failures.add(t);
              return;
            }
          }
        }));
      }
      for (Thread t : callers) t.join();
    }
    return new Run(admitted.get(), slow.get(), rejected.get(), handled.get(), List.copyOf(failures));
  }

  @Test
  void limitsShedTheExcessAtOnceAndKeepAdmittedCallsFast() throws Exception {
    Run unlimited = overload(null);
    Run fixed = overload(LimitMiddleware.create(0, SLOTS));
    AdaptiveLimit adaptive = AdaptiveLimit.gradient().initialLimit(SLOTS).maxLimit(4 * CALLERS).build();
    Run adaptiveRun = overload(LimitMiddleware.adaptive(adaptive));

    for (Run r : List.of(unlimited, fixed, adaptiveRun)) {
      assertThat(r.otherFailures()).isEmpty();
      assertThat(r.admitted()).isEqualTo(CALLERS * ADMITTED_PER_CALLER);
      assertThat(r.handled()).isEqualTo(r.admitted()); // a rejected call never reached the handler
    }
    // Without a limit every caller queues: most calls wait several service times.
    assertThat(unlimited.rejected()).isZero();
    assertThat(unlimited.slowShare()).isGreaterThan(0.5);
    // A fixed limit at capacity: rejections instead of queueing.
    assertThat(fixed.rejected()).isPositive();
    assertThat(fixed.slowShare()).isLessThan(unlimited.slowShare() / 3);
    // The adaptive limit finds the capacity from latency alone, well below the 32 callers.
    assertThat(adaptiveRun.rejected()).isPositive();
    assertThat(adaptive.limit()).isLessThan(CALLERS * 3 / 4);
    assertThat(adaptiveRun.slowShare()).isLessThan(unlimited.slowShare() / 2);
  }

  @Test
  void backupRequestsCutTheTailASlowInstanceCauses() throws Exception {
    Hello.Handler slowHandler = new Hello.Handler("slow");
    slowHandler.delayMillis.set(400);
    Hello.Handler fastHandler = new Hello.Handler("fast");
    try (ThriftServer slow = ThriftServer.builder().address(Address.tcp("127.0.0.1", 0))
             .addService(slowHandler.definition()).gracePeriod(Duration.ofMillis(100)).build().start();
         ThriftServer fast = ThriftServer.builder().address(Address.tcp("127.0.0.1", 0))
             .addService(fastHandler.definition()).gracePeriod(Duration.ofMillis(100)).build().start()) {
      StaticResolver resolver = StaticResolver.of(List.of(Instance.of(slow.address()), Instance.of(fast.address())));
      long threshold = TimeUnit.MILLISECONDS.toNanos(200);
      int calls = 8;
      int slowWithout = slowCompletions(resolver, null, calls, threshold);
      int slowWith = slowCompletions(resolver, RetryMiddleware.backupRequest(Duration.ofMillis(20)).build(), calls, threshold);
      assertThat(slowWithout).isEqualTo(calls / 2); // round robin: every other call waits for the slow one
      assertThat(slowWith).isZero();
    }
  }

  private static int slowCompletions(StaticResolver resolver, RetryMiddleware backup, int calls, long thresholdNanos)
      throws Exception {
    ThriftClient.Builder b = ThriftClient.builder().rpcTimeout(Duration.ofSeconds(5));
    if (backup != null) b.middleware(backup);
    int slow = 0;
    try (LoadBalancingMiddleware lb = LoadBalancingMiddleware.builder(resolver, "hello").build();
         ThriftClient client = b.middleware(lb).build()) {
      // connections and first-call class loading are not what is measured
      client.warmUp(resolver.resolve("hello").stream().map(Instance::address).toList()).get(5, TimeUnit.SECONDS);
      for (int i = 0; i < 2; i++) client.call(Hello.HELLO, "warm-up");
      for (int i = 0; i < calls; i++) {
        long start = System.nanoTime();
        client.call(Hello.HELLO, "n" + i);
        if (System.nanoTime() - start > thresholdNanos) slow++;
      }
    }
    return slow;
  }
}
