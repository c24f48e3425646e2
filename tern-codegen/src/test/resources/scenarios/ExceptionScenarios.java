package dev.tern.gen.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.codegen.Wire;
import dev.tern.core.DeclaredException;
import dev.tern.gen.test.Invalid;
import dev.tern.gen.test.NotFound;
import dev.tern.gen.test.Point;
import dev.tern.thrift.ThriftProtocol;
import dev.tern.thrift.ThriftStruct;

/** IDL exceptions: checked DeclaredExceptions that are also structs. */
public final class ExceptionScenarios {
  private ExceptionScenarios() {}

  public static void exceptionsAreDeclaredExceptionsAndStructs() {
    NotFound nf = NotFound.builder().message("no such user").code(404).build();
    assertThat(nf).isInstanceOf(DeclaredException.class).isInstanceOf(ThriftStruct.class);
    assertThat(nf.getMessage()).isEqualTo("no such user");
    assertThat(nf.message()).isEqualTo("no such user");
    assertThat(nf.getStackTrace()).isEmpty();
    Invalid invalid = Invalid.builder().code(3).where(Point.builder().x(1).build()).build();
    assertThat(invalid.getMessage()).isEqualTo("code=3, where=Point(x=1, y=0)");
    assertThat(invalid.toString()).endsWith("Invalid: code=3, where=Point(x=1, y=0)");
    assertThat(invalid).isEqualTo(Invalid.builder().code(3).where(Point.builder().x(1).build()).build());
  }

  public static void exceptionsRoundTrip() {
    Invalid invalid = Invalid.builder().code(3).detail("d").build();
    for (ThriftProtocol p : ThriftProtocol.THRIFT) {
      assertThat(Wire.roundTrip(Invalid.CODEC, invalid, p)).isEqualTo(invalid);
      NotFound nf = Wire.roundTrip(NotFound.CODEC, NotFound.builder().message("m").build(), p);
      assertThat(nf.getMessage()).isEqualTo("m");
    }
  }
}
