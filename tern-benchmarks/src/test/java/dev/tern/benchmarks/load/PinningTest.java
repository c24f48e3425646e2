package dev.tern.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;

class PinningTest {

  @Test
  void cpuListsParseAsTasksetWritesThem() {
    assertThat(Pinning.parseList("0")).containsExactly(0);
    assertThat(Pinning.parseList("0-3,6, 8-9")).containsExactly(0, 1, 2, 3, 6, 8, 9);
    assertThatThrownBy(() -> Pinning.parseList("3-1")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Pinning.parseList("")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void turnedOffPinsNothingAndSaysWhy() {
    Pinning p = Pinning.decide(false, null, null);
    assertThat(p.serverPrefix()).isEmpty();
    assertThat(p.clientPrefix()).isEmpty();
    assertThat(p.description()).isEqualTo("not pinned: --no-pin");
  }

  @Test
  void explicitListsGoToTaskset() {
    assumeTrue(Pinning.findExecutable("taskset") != null, "taskset is not installed");
    Pinning p = Pinning.decide(true, "0", "1-3");
    assertThat(p.serverPrefix()).endsWith("-c", "0");
    assertThat(p.clientPrefix()).endsWith("-c", "1-3");
    assertThat(p.clientCpuCount()).isEqualTo(3);
    assertThat(p.description()).isEqualTo("server on CPU 0, client (JVM or wrk) on CPU 1-3, with taskset");
  }

  @Test
  void byDefaultTheAllowedCpusAreSplitServerFirst() {
    assumeTrue(Pinning.findExecutable("taskset") != null, "taskset is not installed");
    var cpus = Pinning.allowedCpus();
    Pinning p = Pinning.decide(true, null, null);
    if (cpus.size() < 2) {
      assertThat(p.serverPrefix()).isEmpty();
    } else {
      assertThat(p.serverPrefix().getLast()).isEqualTo(String.valueOf(cpus.getFirst()));
      assertThat(p.clientPrefix().getLast()).endsWith(String.valueOf(cpus.getLast()));
      assertThat(p.clientCpuCount()).isEqualTo(cpus.size() - cpus.size() / 2);
    }
  }
}
