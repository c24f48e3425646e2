package dev.tern.governance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.core.CallContext;
import dev.tern.core.Service;
import dev.tern.core.TransportException;
import dev.tern.governance.circuitbreak.CircuitBreaker;
import dev.tern.governance.circuitbreak.CircuitBreaker.State;
import dev.tern.governance.circuitbreak.CircuitBreakerConfig;
import dev.tern.governance.circuitbreak.CircuitBreakerMiddleware;
import dev.tern.governance.circuitbreak.CircuitOpenException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class CircuitBreakerTest {

  private final AtomicLong now = new AtomicLong(1_000_000_000L);

  /** 10 s window of 10 buckets, open 5 s, 2 probes; only the trip condition under test enabled. */
  private CircuitBreaker breaker(double errorRate, int minSamples, int consecutive, int errorCount) {
    CircuitBreakerConfig config = CircuitBreakerConfig.DEFAULT
        .withWindow(Duration.ofSeconds(10), 10)
        .withErrorRate(errorRate, minSamples)
        .withConsecutiveFailures(consecutive)
        .withErrorCount(errorCount)
        .withOpenDuration(Duration.ofSeconds(5))
        .withHalfOpenProbes(2);
    return new CircuitBreaker(config, now::get);
  }

  private void advance(Duration d) {
    now.addAndGet(d.toNanos());
  }

  private static void fail(CircuitBreaker b, int n) {
    for (int i = 0; i < n; i++) {
      assertThat(b.tryAcquire()).isTrue();
      b.onFailure();
    }
  }

  private static void succeed(CircuitBreaker b, int n) {
    for (int i = 0; i < n; i++) {
      assertThat(b.tryAcquire()).isTrue();
      b.onSuccess();
    }
  }

  @Test
  void tripsOnConsecutiveFailuresAndASuccessResetsTheRun() {
    CircuitBreaker b = breaker(2, 1, 3, 0);
    fail(b, 2);
    succeed(b, 1);
    fail(b, 2);
    assertThat(b.state()).isEqualTo(State.CLOSED);
    fail(b, 1);
    assertThat(b.state()).isEqualTo(State.OPEN);
    assertThat(b.tryAcquire()).isFalse();
  }

  @Test
  void tripsOnErrorRateOnlyOnceTheMinimumSampleIsReached() {
    CircuitBreaker b = breaker(0.5, 10, 0, 0);
    succeed(b, 4);
    fail(b, 4); // 50% of 8 calls: below the minimum sample
    assertThat(b.state()).isEqualTo(State.CLOSED);
    succeed(b, 1);
    fail(b, 1); // 5 of 10
    assertThat(b.state()).isEqualTo(State.OPEN);
  }

  @Test
  void tripsOnErrorCountWithinTheWindowAndForgetsOldBuckets() {
    CircuitBreaker b = breaker(2, 1, 0, 5);
    fail(b, 4);
    advance(Duration.ofSeconds(11)); // those failures slide out of the window
    succeed(b, 1);
    fail(b, 4);
    assertThat(b.windowCounts()).containsExactly(1, 4);
    assertThat(b.state()).isEqualTo(State.CLOSED);
    advance(Duration.ofSeconds(3));
    fail(b, 1);
    assertThat(b.state()).isEqualTo(State.OPEN);
  }

  @Test
  void halfOpenLetsProbesThroughAndClosesWhenTheyAllSucceed() {
    CircuitBreaker b = breaker(2, 1, 1, 0);
    fail(b, 1);
    assertThat(b.state()).isEqualTo(State.OPEN);
    advance(Duration.ofSeconds(4));
    assertThat(b.tryAcquire()).isFalse();
    advance(Duration.ofSeconds(1));
    assertThat(b.state()).isEqualTo(State.HALF_OPEN);
    assertThat(b.tryAcquire()).isTrue();
    assertThat(b.tryAcquire()).isTrue();
    assertThat(b.tryAcquire()).isFalse(); // only two probes at a time
    assertThat(b.onSuccess()).isEqualTo(State.HALF_OPEN);
    assertThat(b.tryAcquire()).isFalse(); // one probe still out, one succeeded
    assertThat(b.onSuccess()).isEqualTo(State.CLOSED);
    assertThat(b.windowCounts()).containsExactly(0, 0);
    succeed(b, 3);
  }

  @Test
  void theServiceLevelMiddlewareRejectsWithCircuitOpenExceptionOnceTripped() {
    CircuitBreakerMiddleware m = CircuitBreakerMiddleware.serviceLevel(CircuitBreakerConfig.DEFAULT.withConsecutiveFailures(2));
    AtomicInteger calls = new AtomicInteger();
    Service<Object, Object> refusing = m.wrap((ctx, req) -> {
      calls.incrementAndGet();
      return CompletableFuture.failedFuture(new TransportException(TransportException.Kind.CONNECT_FAILED, "refused"));
    });
    CallContext ctx = new CallContext(CallContext.Role.CLIENT, "Bank", "deposit").callerService("shop");
    for (int i = 0; i < 2; i++) {
      assertThat(refusing.call(ctx, "req")).failsWithin(Duration.ofSeconds(1))
          .withThrowableOfType(ExecutionException.class).havingCause().isInstanceOf(TransportException.class);
    }
    assertThat(refusing.call(ctx, "req")).failsWithin(Duration.ofSeconds(1))
        .withThrowableOfType(ExecutionException.class).havingCause().isInstanceOf(CircuitOpenException.class)
        .satisfies(e -> assertThat(((CircuitOpenException) e).isRetryable()).isTrue());
    assertThat(calls).hasValue(2);
    assertThat(m.state("shop/Bank/deposit")).isEqualTo(State.OPEN);
    assertThat(GovernanceEvents.of(ctx).list())
        .containsExactly("breaker OPEN for method shop/Bank/deposit", "rejected: breaker OPEN for method shop/Bank/deposit");
  }

  @Test
  void aFailedProbeOpensTheBreakerAgainForAFullPeriod() {
    CircuitBreaker b = breaker(2, 1, 1, 0);
    fail(b, 1);
    advance(Duration.ofSeconds(5));
    assertThat(b.tryAcquire()).isTrue();
    assertThat(b.onFailure()).isEqualTo(State.OPEN);
    advance(Duration.ofSeconds(4));
    assertThat(b.isCallPermitted()).isFalse();
    advance(Duration.ofSeconds(1));
    assertThat(b.isCallPermitted()).isTrue();
  }
}
