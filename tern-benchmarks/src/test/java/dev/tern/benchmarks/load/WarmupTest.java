package dev.tern.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WarmupTest {

  @Test
  void endsOnceTheRateIsSteadyAndBothJitsAreQuiet() {
    Warmup w = new Warmup(30);
    w.add(1, 100, 900, 800);
    w.add(1, 9_800, 1_700, 1_500);
    w.add(1, 10_000, 2_400, 2_100);
    w.add(1, 10_300, 3_000, 2_600);
    assertThat(w.steadyRate()).isTrue();
    assertThat(w.quietJit()).as("a plateau while the JITs are still busy").isFalse();
    assertThat(w.done(4)).isFalse();
    w.add(1, 10_100, 3_020, 2_700);
    w.add(1, 10_200, 3_030, 2_710);
    assertThat(w.quietJit()).as("the server compiled 110 ms in 3 s").isFalse();
    w.add(1, 10_150, 3_040, 2_720);
    assertThat(w.quietJit()).isTrue();
    assertThat(w.done(7)).isTrue();
  }

  @Test
  void aClimbingRateUsesTheWholeBudget() {
    Warmup w = new Warmup(8);
    double rate = 1_000;
    for (int s = 1; s < 8; s++) {
      w.add(1, rate *= 1.3, 0, 0);
      assertThat(w.done(s)).isFalse();
    }
    assertThat(w.done(8)).isTrue();
  }

  @Test
  void unknownJitTimesLeaveTheRateToDecide() {
    Warmup w = new Warmup(30);
    for (int s = 0; s < 4; s++) w.add(1, 5_000, -1);
    assertThat(w.done(4)).isTrue();
  }

  @Test
  void nothingDoneIsNotSteady() {
    Warmup w = new Warmup(6);
    for (int s = 0; s < 4; s++) w.add(1, 0, 0);
    assertThat(w.steadyRate()).isFalse();
    assertThat(w.done(4)).isFalse();
    assertThat(new Warmup(0).done(0)).as("no warm-up asked for").isTrue();
  }
}
