package dev.tern.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MeasurementTest {

  @Test
  void lineRoundTripsWithAnErrorTextThatHasSpacesAndEquals() {
    Measurement m = new Measurement(7.5, 5.001, 250_000, 3, 1800.5, 2500, 4000.25, 9000, 12000, 1900.125, 4.2, 4.9,
        "java.io.IOException: Connection reset\n  by peer (a=b)");
    Measurement back = Measurement.parse(m.toLine());
    assertThat(back.warmupSeconds()).isEqualTo(7.5);
    assertThat(back.calls()).isEqualTo(250_000);
    assertThat(back.errors()).isEqualTo(3);
    assertThat(back.p99Micros()).isEqualTo(4000.25);
    assertThat(back.serverCpuSeconds()).isEqualTo(4.9);
    assertThat(back.firstError()).isEqualTo("java.io.IOException: Connection reset by peer (a=b)");
    assertThat(back.qps()).isCloseTo(250_000 / 5.001, org.assertj.core.data.Offset.offset(1e-6));
    assertThat(back.cpuMicrosPerCall()).isCloseTo(9.1 * 1e6 / 250_000, org.assertj.core.data.Offset.offset(1e-6));
  }

  @Test
  void missingCpuIsUnknownAndOtherLinesAreRefused() {
    Measurement wrk = Measurement.parse("RESULT seconds=5.0 calls=100 errors=0 p50=10 p90=20 p99=30 p999=40 max=50 mean=12.5");
    assertThat(wrk.clientCpuSeconds()).isNegative();
    assertThat(wrk.cpuMicrosPerCall()).isNegative();
    assertThat(wrk.firstError()).isNull();
    assertThat(wrk.withCpu(1, 2).cpuMicrosPerCall()).isEqualTo(30_000);
    assertThatThrownBy(() -> Measurement.parse("READY 1234")).isInstanceOf(IllegalArgumentException.class);
  }
}
