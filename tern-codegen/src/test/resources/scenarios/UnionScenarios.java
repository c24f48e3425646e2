package dev.tern.gen.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tern.codegen.Wire;
import dev.tern.core.ProtocolException;
import dev.tern.gen.test.Color;
import dev.tern.gen.test.Point;
import dev.tern.gen.test.Shape;
import dev.tern.thrift.TType;
import dev.tern.thrift.ThriftProtocol;
import java.util.List;

/** Unions: one field, factories, checked accessors, exactly-one on the wire. */
public final class UnionScenarios {
  private UnionScenarios() {}

  public static void factoriesAndAccessors() {
    Shape circle = Shape.radius(2.5);
    assertThat(circle.which()).isEqualTo(Shape.Field.RADIUS);
    assertThat(circle.radius()).isEqualTo(2.5);
    assertThatThrownBy(circle::point).isInstanceOf(IllegalStateException.class).hasMessageContaining("RADIUS");
    assertThat(Shape.polygon(List.of(Point.builder().build())).polygon()).hasSize(1);
    assertThatThrownBy(() -> Shape.point(null)).isInstanceOf(NullPointerException.class);
    assertThat(Shape.blob(new byte[] {1, 2})).isEqualTo(Shape.blob(new byte[] {1, 2}))
        .hasSameHashCodeAs(Shape.blob(new byte[] {1, 2})).isNotEqualTo(Shape.blob(new byte[] {1}));
    assertThat(Shape.color(Color.RED)).isNotEqualTo(Shape.radius(1));
    assertThat(Shape.chunks(List.of(new byte[] {1}))).isEqualTo(Shape.chunks(List.of(new byte[] {1})))
        .hasSameHashCodeAs(Shape.chunks(List.of(new byte[] {1}))).isNotEqualTo(Shape.chunks(List.of(new byte[] {2})));
    assertThat(Shape.blob(new byte[] {10}).toString()).isEqualTo("Shape(blob=0x0a)");
  }

  public static void roundTripsEveryMember() {
    List<Shape> shapes = List.of(Shape.point(Point.builder().x(1).y(2).build()), Shape.radius(-1.0),
        Shape.polygon(List.of(Point.builder().x(1).build(), Point.builder().y(1).build())), Shape.blob(new byte[3]),
        Shape.color(Color.BLUE), Shape.chunks(List.of(new byte[] {4, 5}, new byte[0])));
    for (ThriftProtocol p : ThriftProtocol.THRIFT) {
      for (Shape s : shapes) {
        assertThat(Wire.roundTrip(Shape.CODEC, s, p)).isEqualTo(s);
        assertThat(Wire.fieldIds(Wire.bytes(s, p), p)).hasSize(1);
      }
    }
  }

  public static void readingRequiresExactlyOneField() {
    byte[] none = Wire.write(ThriftProtocol.BINARY, out -> {
      out.writeStructBegin("Shape");
      out.writeFieldStop();
      out.writeStructEnd();
    });
    assertThatThrownBy(() -> Wire.read(Shape.CODEC, none, ThriftProtocol.BINARY))
        .isInstanceOf(ProtocolException.class).hasMessageContaining("no field");
    byte[] two = Wire.write(ThriftProtocol.BINARY, out -> {
      out.writeStructBegin("Shape");
      out.writeFieldBegin(TType.DOUBLE, (short) 2);
      out.writeDouble(1);
      out.writeFieldEnd();
      out.writeFieldBegin(TType.I32, (short) 5);
      out.writeI32(1);
      out.writeFieldEnd();
      out.writeFieldStop();
      out.writeStructEnd();
    });
    assertThatThrownBy(() -> Wire.read(Shape.CODEC, two, ThriftProtocol.BINARY))
        .isInstanceOf(ProtocolException.class).hasMessageContaining("more than one");
    byte[] unknownThenKnown = Wire.write(ThriftProtocol.COMPACT, out -> {
      out.writeStructBegin("Shape");
      out.writeFieldBegin(TType.STRING, (short) 9);
      out.writeString("from a newer IDL");
      out.writeFieldEnd();
      out.writeFieldBegin(TType.DOUBLE, (short) 2);
      out.writeDouble(3);
      out.writeFieldEnd();
      out.writeFieldStop();
      out.writeStructEnd();
    });
    assertThat(Wire.read(Shape.CODEC, unknownThenKnown, ThriftProtocol.COMPACT)).isEqualTo(Shape.radius(3));
  }
}
