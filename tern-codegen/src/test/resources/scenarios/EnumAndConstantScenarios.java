package dev.tern.gen.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tern.codegen.Wire;
import dev.tern.gen.shared.Level;
import dev.tern.gen.shared.SharedConstants;
import dev.tern.gen.test.Color;
import dev.tern.gen.test.EverythingConstants;
import dev.tern.gen.test.Point;
import dev.tern.thrift.ThriftProtocol;
import java.util.List;
import java.util.UUID;

/** Enums and constants. */
public final class EnumAndConstantScenarios {
  private EnumAndConstantScenarios() {}

  public static void enumValues() {
    assertThat(Color.RED.value()).isEqualTo(1);
    assertThat(Color.GREEN.value()).isEqualTo(2);
    assertThat(Color.value_.value()).isEqualTo(11);
    assertThat(Color.findByValue(10)).isEqualTo(Color.BLUE);
    assertThat(Color.findByValue(3)).isNull();
    assertThat(Level.LOW.value()).isZero();
    assertThat(Level.findByValue(5)).isEqualTo(Level.HIGH);
    for (ThriftProtocol p : ThriftProtocol.THRIFT) {
      byte[] bytes = Wire.write(p, out -> Color.CODEC.write(Color.BLUE, out));
      assertThat(Wire.read(Color.CODEC, bytes, p)).isEqualTo(Color.BLUE);
    }
  }

  public static void constants() {
    assertThat(EverythingConstants.TINY).isEqualTo((byte) -8);
    assertThat(EverythingConstants.SMALL).isEqualTo((short) 300);
    assertThat(EverythingConstants.ANSWER).isEqualTo(42);
    assertThat(EverythingConstants.BIG).isEqualTo(Long.MAX_VALUE);
    assertThat(EverythingConstants.PI).isEqualTo(3.14159);
    assertThat(EverythingConstants.WHOLE).isEqualTo(2.0);
    assertThat(EverythingConstants.YES).isTrue();
    assertThat(EverythingConstants.GREETING).isEqualTo("hello \"world\"\n\ttab \\ back");
    assertThat(EverythingConstants.DEFAULT_COLOR).isEqualTo(Color.GREEN);
    assertThat(EverythingConstants.WORDS).containsExactly("a", "b", "c");
    assertThat(EverythingConstants.PRIMES).containsExactlyInAnyOrder(2, 3, 5, 7);
    assertThat(EverythingConstants.COUNTS).containsEntry("one", 1).hasSize(2);
    assertThat(EverythingConstants.BY_COLOR.get(Color.RED)).containsExactly(1L, 2L);
    assertThat(EverythingConstants.ORIGIN).isEqualTo(Point.builder().build());
    assertThat(EverythingConstants.UNIT.y()).isEqualTo(42);
    assertThat(EverythingConstants.NIL_ID).isEqualTo(new UUID(0, 0));
    assertThat(EverythingConstants.ROOT_USER).isEqualTo(1L);
    assertThat(SharedConstants.FIRST_KEY).isEqualTo(1);
    assertThatThrownBy(() -> EverythingConstants.WORDS.add("d")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> EverythingConstants.COUNTS.put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
    assertThat(List.copyOf(EverythingConstants.PRIMES)).hasSize(4);
  }
}
