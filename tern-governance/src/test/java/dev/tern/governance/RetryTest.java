package dev.tern.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tern.core.CallContext;
import dev.tern.core.Middleware;
import dev.tern.core.ProtocolException;
import dev.tern.core.Service;
import dev.tern.core.TransportException;
import dev.tern.governance.retry.Backoff;
import dev.tern.governance.retry.RetryBudget;
import dev.tern.governance.retry.RetryMiddleware;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Retry policies against in-process services that fail on cue. */
@Timeout(10)
class RetryTest {

  private static final TransportException REFUSED =
      new TransportException(TransportException.Kind.CONNECT_FAILED, "refused");

  private final AtomicInteger calls = new AtomicInteger();

  /** Fails the first {@code failures} calls with {@code error}, then answers "ok". */
  private Service<Object, Object> failing(int failures, RuntimeException error) {
    return (ctx, req) -> calls.incrementAndGet() <= failures
        ? CompletableFuture.failedFuture(error) : CompletableFuture.completedFuture("ok");
  }

  private static Object call(Middleware<Object, Object> m, Service<Object, Object> s, CallContext ctx) throws Exception {
    try {
      return m.wrap(s).call(ctx, "req").get();
    } catch (ExecutionException e) {
      throw (Exception) e.getCause();
    }
  }

  private static CallContext ctx() {
    return new CallContext(CallContext.Role.CLIENT, "S", "m");
  }

  @Test
  void retriesRetryableFailuresUpToMaxAttempts() throws Exception {
    RetryMiddleware retry = RetryMiddleware.failureRetry().maxAttempts(3).build();
    CallContext ctx = ctx();
    assertThat(call(retry, failing(2, REFUSED), ctx)).isEqualTo("ok");
    assertThat(calls).hasValue(3);
    assertThat(GovernanceEvents.of(ctx).list())
        .containsExactly("retried attempt 2 after TransportException", "retried attempt 3 after TransportException");

    calls.set(0);
    assertThatThrownBy(() -> call(retry, failing(5, REFUSED), ctx())).isSameAs(REFUSED);
    assertThat(calls).hasValue(3);
  }

  @Test
  void aPerCallPolicyReplacesTheClientsForThatCallOnly() throws Exception {
    RetryMiddleware retry = RetryMiddleware.failureRetry().maxAttempts(3).build();
    CallContext once = ctx().attr(RetryMiddleware.POLICY, RetryMiddleware.none());
    assertThatThrownBy(() -> call(retry, failing(1, REFUSED), once)).isSameAs(REFUSED);
    assertThat(calls).hasValue(1); // not repeated: the call said so

    calls.set(0);
    CallContext patient = ctx().attr(RetryMiddleware.POLICY, RetryMiddleware.failureRetry().maxAttempts(5).build());
    assertThat(call(retry, failing(4, REFUSED), patient)).isEqualTo("ok");
    assertThat(calls).hasValue(5);

    calls.set(0);
    assertThatThrownBy(() -> call(retry, failing(4, REFUSED), ctx())).isSameAs(REFUSED); // the client's own: 3
    assertThat(calls).hasValue(3);
  }

  @Test
  void doesNotRetryWhatIsNotRetryableUnlessThePredicateSaysSo() throws Exception {
    ProtocolException bad = new ProtocolException(ProtocolException.Kind.INVALID_DATA, "bad bytes");
    assertThatThrownBy(() -> call(RetryMiddleware.failureRetry().build(), failing(1, bad), ctx())).isSameAs(bad);
    assertThat(calls).hasValue(1);

    calls.set(0);
    RetryMiddleware lenient = RetryMiddleware.failureRetry()
        .retryOn(RetryMiddleware.RETRYABLE.or(t -> t instanceof ProtocolException)).build();
    assertThat(call(lenient, failing(1, bad), ctx())).isEqualTo("ok");
  }

  @Test
  void retriesResultsThePredicateRejects() throws Exception {
    List<String> answers = List.of("busy", "busy", "done");
    Service<Object, Object> s = (ctx, req) -> CompletableFuture.completedFuture(answers.get(calls.getAndIncrement()));
    RetryMiddleware retry = RetryMiddleware.failureRetry().maxAttempts(2).retryOnResult("busy"::equals).build();
    assertThat(call(retry, s, ctx())).isEqualTo("busy"); // attempts spent: the last answer stands
    calls.set(0);
    RetryMiddleware more = RetryMiddleware.failureRetry().maxAttempts(3).retryOnResult("busy"::equals).build();
    assertThat(call(more, s, ctx())).isEqualTo("done");
  }

  @Test
  void neverWaitsPastTheDeadlineOrTheMaxDuration() {
    RetryMiddleware slowBackoff = RetryMiddleware.failureRetry().maxAttempts(5)
        .backoff(Backoff.fixed(Duration.ofSeconds(1))).build();
    CallContext ctx = ctx().timeout(Duration.ofMillis(200));
    assertThatThrownBy(() -> call(slowBackoff, failing(5, REFUSED), ctx)).isSameAs(REFUSED);
    assertThat(calls).hasValue(1);
    assertThat(GovernanceEvents.of(ctx).list()).containsExactly("no attempt 2: deadline reached");

    calls.set(0);
    RetryMiddleware bounded = RetryMiddleware.failureRetry().maxAttempts(5)
        .backoff(Backoff.fixed(Duration.ofMillis(30))).maxDuration(Duration.ofMillis(50)).build();
    CallContext ctx2 = ctx();
    assertThatThrownBy(() -> call(bounded, failing(5, REFUSED), ctx2)).isSameAs(REFUSED);
    assertThat(calls).hasValue(2);
    assertThat(GovernanceEvents.of(ctx2).list()).last().isEqualTo("no attempt 3: max duration reached");
  }

  @Test
  void theBudgetCapsRetriesAtAShareOfCalls() throws Exception {
    RetryBudget budget = RetryBudget.of(0.1, 2);
    RetryMiddleware retry = RetryMiddleware.failureRetry().budget(budget).build();
    Service<Object, Object> alwaysRefused = (ctx, req) -> {
      calls.incrementAndGet();
      return CompletableFuture.failedFuture(REFUSED);
    };
    for (int i = 0; i < 10; i++) assertThatThrownBy(() -> call(retry, alwaysRefused, ctx())).isSameAs(REFUSED);
    assertThat(calls).hasValue(10 + 2); // the bucket starts with 2 tokens
    assertThatThrownBy(() -> call(retry, alwaysRefused, ctx())).isSameAs(REFUSED);
    assertThat(calls).hasValue(12 + 2); // 10 calls x 0.1 earned one more retry
    CallContext ctx = ctx();
    assertThatThrownBy(() -> call(retry, alwaysRefused, ctx)).isSameAs(REFUSED);
    assertThat(GovernanceEvents.of(ctx).list()).containsExactly("no attempt 2: retry budget spent");
  }

  @Test
  void aBackupRequestAnswersWhenTheFirstAttemptHangs() throws Exception {
    CompletableFuture<Object> hanging = new CompletableFuture<>();
    Service<Object, Object> s = (ctx, req) ->
        calls.incrementAndGet() == 1 ? hanging : CompletableFuture.completedFuture("backup");
    RetryMiddleware backup = RetryMiddleware.backupRequest(Duration.ofMillis(20)).maxAttempts(3).build();
    CallContext ctx = ctx();
    assertThat(call(backup, s, ctx)).isEqualTo("backup");
    assertThat(calls).hasValue(2);
    assertThat(GovernanceEvents.of(ctx).list()).containsExactly("backup attempt 2 after 20 ms without an answer");
    // the caller's view of the losing attempt, cancelled just after the winner completed the call
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!hanging.isCancelled() && System.nanoTime() < deadline) Thread.sleep(1);
    assertThat(hanging).isCancelled();
  }

  @Test
  void aBackupRequestRetriesAFastRetryableFailureAtOnceAndStopsAtMaxAttempts() throws Exception {
    RetryMiddleware backup = RetryMiddleware.backupRequest(Duration.ofSeconds(5)).maxAttempts(2).build();
    assertThat(call(backup, failing(1, REFUSED), ctx())).isEqualTo("ok");
    calls.set(0);
    assertThatThrownBy(() -> call(backup, failing(2, REFUSED), ctx())).isSameAs(REFUSED);
    assertThat(calls).hasValue(2);
  }

  @Test
  void exponentialBackoffDoublesUpToTheCapWithJitterBelow() {
    Backoff plain = Backoff.exponential(Duration.ofMillis(10), Duration.ofMillis(100), 0);
    assertThat(plain.delayNanos(2)).isEqualTo(10_000_000);
    assertThat(plain.delayNanos(3)).isEqualTo(20_000_000);
    assertThat(plain.delayNanos(5)).isEqualTo(80_000_000);
    assertThat(plain.delayNanos(6)).isEqualTo(100_000_000);
    assertThat(plain.delayNanos(200)).isEqualTo(100_000_000);
    Backoff jittered = Backoff.exponential(Duration.ofMillis(10), Duration.ofMillis(100), 0.5);
    for (int i = 0; i < 100; i++) assertThat(jittered.delayNanos(3)).isBetween(10_000_000L, 20_000_000L);
    Backoff random = Backoff.random(Duration.ofMillis(5), Duration.ofMillis(7));
    for (int i = 0; i < 100; i++) assertThat(random.delayNanos(2)).isBetween(5_000_000L, 7_000_000L);
  }
}
