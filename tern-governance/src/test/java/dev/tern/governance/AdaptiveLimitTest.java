package dev.tern.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tern.core.CallContext;
import dev.tern.core.Service;
import dev.tern.governance.limit.AdaptiveLimit;
import dev.tern.governance.limit.LimitMiddleware;
import dev.tern.governance.limit.OverloadedException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The gradient algorithm on synthetic latencies, and its place in the limit middleware. */
class AdaptiveLimitTest {

  private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

  /** {@code windows} windows of 10 calls, each taking {@code rtt} with the limit fully used. */
  private static void feed(AdaptiveLimit limit, int windows, long rtt) {
    for (int i = 0; i < windows * 10; i++) limit.onSample(rtt, limit.limit());
  }

  @Test
  void growsWhileLatencyHoldsAndShrinksAsSoonAsItClimbs() {
    AdaptiveLimit limit = AdaptiveLimit.gradient().initialLimit(10).maxLimit(200).build();
    List<Integer> seen = new ArrayList<>();
    for (int w = 0; w < 20; w++) {
      feed(limit, 1, 10 * MS);
      seen.add(limit.limit());
    }
    assertThat(seen).isSorted();
    assertThat(limit.limit()).isGreaterThan(20);

    int before = limit.limit();
    feed(limit, 1, 30 * MS); // three times slower: calls are queueing
    assertThat(limit.limit()).isLessThan(before);
    feed(limit, 20, 30 * MS);
    assertThat(limit.limit()).isLessThan(before / 2);
  }

  @Test
  void aSingleUpdateNeverCutsMoreThanHalfAndTheBoundsHold() {
    AdaptiveLimit limit = AdaptiveLimit.gradient().initialLimit(100).minLimit(5).maxLimit(120).smoothing(1).queueSize(1).build();
    feed(limit, 1, 10 * MS);
    int before = limit.limit();
    feed(limit, 1, 1_000 * MS); // a hundred times slower
    assertThat(limit.limit()).isGreaterThanOrEqualTo(before / 2);
    feed(limit, 50, 1_000 * MS); // halving stops at 2 x queueSize = 2, below the floor
    assertThat(limit.limit()).isEqualTo(5);

    AdaptiveLimit capped = AdaptiveLimit.gradient().initialLimit(100).maxLimit(120).build();
    feed(capped, 100, 10 * MS);
    assertThat(capped.limit()).isEqualTo(120);
  }

  @Test
  void doesNotGrowWhenTrafficNeverReachedTheLimit() {
    AdaptiveLimit limit = AdaptiveLimit.gradient().initialLimit(50).build();
    for (int i = 0; i < 500; i++) limit.onSample(10 * MS, 3);
    assertThat(limit.limit()).isEqualTo(50);
  }

  @Test
  void recoversOnceLatencyReturnsToNormal() {
    AdaptiveLimit limit = AdaptiveLimit.gradient().initialLimit(40).maxLimit(200).build();
    feed(limit, 5, 10 * MS);
    feed(limit, 20, 50 * MS); // an incident
    int low = limit.limit();
    feed(limit, 30, 10 * MS);
    assertThat(limit.limit()).isGreaterThan(low * 2);
  }

  @Test
  void rejectsCallsOverTheCurrentLimitWithOverloadedException() {
    AdaptiveLimit adaptive = AdaptiveLimit.gradient().initialLimit(2).maxLimit(2).build();
    LimitMiddleware limit = LimitMiddleware.adaptive(adaptive);
    List<CompletableFuture<Object>> held = new ArrayList<>();
    Service<Object, Object> svc = limit.wrap((ctx, req) -> {
      CompletableFuture<Object> f = new CompletableFuture<>();
      held.add(f);
      return f;
    });
    CallContext third = new CallContext(CallContext.Role.SERVER, "S", "m");
    svc.call(new CallContext(CallContext.Role.SERVER, "S", "m"), "a");
    svc.call(new CallContext(CallContext.Role.SERVER, "S", "m"), "b");
    assertThatThrownBy(() -> svc.call(third, "c").join()).cause().isInstanceOf(OverloadedException.class)
        .hasMessageContaining("adaptive concurrency limit 2");
    assertThat(GovernanceEvents.of(third).list()).containsExactly("rejected: adaptive concurrency limit 2");

    held.get(0).complete("done");
    assertThat(svc.call(new CallContext(CallContext.Role.SERVER, "S", "m"), "d")).isNotDone();
    assertThat(limit.inFlight()).isEqualTo(2);
    limit.adaptiveLimit(null); // switched off at run time
    assertThat(svc.call(new CallContext(CallContext.Role.SERVER, "S", "m"), "e")).isNotDone();
    assertThat(limit.inFlight()).isEqualTo(3);
  }
}
