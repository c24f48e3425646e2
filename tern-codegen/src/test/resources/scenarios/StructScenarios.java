package dev.tern.gen.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tern.codegen.Wire;
import dev.tern.core.ProtocolException;
import dev.tern.gen.shared.Level;
import dev.tern.gen.shared.SharedStruct;
import dev.tern.gen.test.AllTypes;
import dev.tern.gen.test.Color;
import dev.tern.gen.test.Containers;
import dev.tern.gen.test.Empty;
import dev.tern.gen.test.Keywords;
import dev.tern.gen.test.Point;
import dev.tern.gen.test.Requiredness;
import dev.tern.gen.test.Tree;
import dev.tern.thrift.TType;
import dev.tern.thrift.ThriftProtocol;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** Structs: builders, defaults, requiredness, value semantics and the wire. Run by GeneratedCodeTest. */
public final class StructScenarios {
  private StructScenarios() {}

  static AllTypes allSet() {
    return AllTypes.builder()
        .aBool(false).aByte((byte) -1).anI16((short) 12345).anI32(-7).anI64(1L << 40).aDouble(-0.25)
        .aString("héllo ✓").aBinary(new byte[] {0, 1, (byte) 0xff})
        .aUuid(UUID.fromString("0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"))
        .aColor(Color.GREEN).aPoint(Point.builder().x(3).y(4).build()).anI8((byte) 8).user(1234567890123L)
        .build();
  }

  public static void defaultsFromTheIdlApplyInTheBuilder() {
    AllTypes t = AllTypes.builder().build();
    assertThat(t.aBool()).isTrue();
    assertThat(t.aByte()).isEqualTo((byte) 7);
    assertThat(t.anI16()).isEqualTo((short) -300);
    assertThat(t.anI32()).isZero();
    assertThat(t.anI64()).isEqualTo(Long.MAX_VALUE);
    assertThat(t.aDouble()).isEqualTo(1.5);
    assertThat(t.aString()).isEqualTo("dflt");
    assertThat(t.aColor()).isEqualTo(Color.BLUE);
    assertThat(t.user()).isEqualTo(99L);
    assertThat(t.aBinary()).isNull();
    assertThat(t.hasABinary()).isFalse();
    assertThat(t.hasAString()).isTrue();
    assertThat(Containers.builder().build().names()).containsExactly("x", "y");
  }

  public static void buildChecksRequiredFields() {
    assertThatThrownBy(() -> Requiredness.builder().id(1).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("'name'");
    assertThatThrownBy(() -> Requiredness.builder().name("n").build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("'id'");
    assertThatThrownBy(() -> Requiredness.builder().name("n").id(1).color(null).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("'color'");
    Requiredness r = Requiredness.builder().name("n").id(0).build();
    assertThat(r.color()).isEqualTo(Color.RED); // required with a default counts as set
  }

  public static void optionalPrimitivesTrackPresence() {
    Requiredness r = Requiredness.builder().name("n").id(1).build();
    assertThat(r.hasCount()).isFalse();
    assertThat(r.count()).isZero();
    assertThat(r.hasWithDefault()).isFalse();
    assertThat(r.withDefault()).isEqualTo(5);
    Requiredness set = r.toBuilder().count(0).withDefault(9).build();
    assertThat(set.hasCount()).isTrue();
    assertThat(set.count()).isZero();
    assertThat(set).isNotEqualTo(r);
    Requiredness cleared = set.toBuilder().clearCount().clearWithDefault().build();
    assertThat(cleared).isEqualTo(r);
    assertThat(cleared.withDefault()).isEqualTo(5);
  }

  public static void valueSemantics() {
    assertThat(allSet()).isEqualTo(allSet()).hasSameHashCodeAs(allSet());
    AllTypes other = allSet().toBuilder().aBinary(new byte[] {0, 1, (byte) 0xfe}).build();
    assertThat(other).isNotEqualTo(allSet());
    AllTypes nan = allSet().toBuilder().aDouble(Double.NaN).build();
    assertThat(nan).isEqualTo(allSet().toBuilder().aDouble(Double.NaN).build());
    assertThat(allSet().toBuilder().build()).isEqualTo(allSet());
    // binary inside lists and map values compares by content too
    assertThat(containers()).isEqualTo(containers()).hasSameHashCodeAs(containers());
    assertThat(containers().toBuilder().blobs(List.of(new byte[] {2})).build()).isNotEqualTo(containers());
    assertThat(containers().toBuilder().attachments(Map.of("a", new byte[] {1, 2})).build()).isNotEqualTo(containers());
    assertThat(Empty.builder().build()).isEqualTo(Empty.builder().build()).hasSameHashCodeAs(Empty.builder().build());
  }

  public static void collectionsAreCopiedAndUnmodifiable() {
    List<String> tags = new ArrayList<>(List.of("a"));
    Requiredness r = Requiredness.builder().name("n").id(1).tags(tags).build();
    tags.add("b");
    assertThat(r.tags()).containsExactly("a");
    assertThatThrownBy(() -> r.tags().add("c")).isInstanceOf(UnsupportedOperationException.class);
    Containers read = Wire.roundTrip(Containers.CODEC, containers(), ThriftProtocol.BINARY);
    assertThatThrownBy(() -> read.matrix().add(List.of())).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> read.matrix().get(0).add(1)).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> read.palette().clear()).isInstanceOf(UnsupportedOperationException.class);
  }

  public static void toStringShowsFieldsAndBinaryAsHex() {
    assertThat(allSet().toString())
        .startsWith("AllTypes(aBool=false, aByte=-1")
        .contains("aBinary=0x0001ff", "aColor=GREEN", "aPoint=Point(x=3, y=4)");
    Requiredness r = Requiredness.builder().name("n").id(1).build();
    assertThat(r.toString()).isEqualTo("Requiredness(name=n, id=1, plain=0, color=RED)");
    assertThat(AllTypes.builder().aBinary(new byte[100]).build().toString()).contains("aBinary=<100 bytes>");
  }

  static Containers containers() {
    return Containers.builder()
        .matrix(List.of(List.of(1, 2), List.of(), List.of(3)))
        .palette(Map.of("warm", List.of(Color.RED), "cold", List.of(Color.BLUE, Color.GREEN)))
        .ids(Set.of(1L, -1L, Long.MIN_VALUE))
        .points(Map.of(Color.RED, Point.builder().x(1).y(2).build()))
        .blobs(List.of(new byte[] {1}, new byte[0]))
        .nested(Map.of(1, Map.of("a", 1.0), 2, Map.of()))
        .names(List.of("n"))
        .colors(Set.of(Color.value_))
        .shared(List.of(SharedStruct.builder().key(1).value("v").build()))
        .levels(Map.of(Level.HIGH, "high"))
        .uuids(List.of(new UUID(1, 2)))
        .attachments(Map.of("a", new byte[] {1, 2}, "b", new byte[0]))
        .build();
  }

  public static void roundTripsInBothProtocols() {
    Tree tree = Tree.builder().label("root").children(List.of(
        Tree.builder().label("a").build(),
        Tree.builder().label("b").children(List.of(Tree.builder().label("c").children(List.of()).build())).build()))
        .build();
    Keywords keywords = Keywords.builder().class_("c").default_(1).type("t").in("i").out("o").builder_("b")
        .other("x").hashCode_("h").result("r").header("hd").build();
    for (ThriftProtocol p : ThriftProtocol.THRIFT) {
      assertThat(Wire.roundTrip(AllTypes.CODEC, allSet(), p)).isEqualTo(allSet());
      assertThat(Wire.roundTrip(AllTypes.CODEC, AllTypes.builder().build(), p)).isEqualTo(AllTypes.builder().build());
      Containers c = Wire.roundTrip(Containers.CODEC, containers(), p);
      assertThat(c.matrix()).isEqualTo(containers().matrix());
      assertThat(c.palette()).isEqualTo(containers().palette());
      assertThat(c.blobs()).hasSize(2);
      assertThat(c.blobs().get(0)).containsExactly(1);
      assertThat(c).isEqualTo(containers()).hasSameHashCodeAs(containers());
      assertThat(Wire.roundTrip(Tree.CODEC, tree, p)).isEqualTo(tree);
      assertThat(Wire.roundTrip(Keywords.CODEC, keywords, p)).isEqualTo(keywords);
      Requiredness r = Requiredness.builder().name("n").id(-1).count(0).maybeColor(Color.BLUE).build();
      assertThat(Wire.roundTrip(Requiredness.CODEC, r, p)).isEqualTo(r);
      assertThat(Wire.roundTrip(Empty.CODEC, Empty.builder().build(), p)).isEqualTo(Empty.builder().build());
    }
  }

  public static void writesFieldsByRequiredness() {
    Requiredness minimal = Requiredness.builder().name("n").id(1).build();
    // required always; default-requiredness primitives always; optional and null objects only when set
    assertThat(Wire.fieldIds(Wire.bytes(minimal, ThriftProtocol.BINARY), ThriftProtocol.BINARY))
        .containsExactly(1, 2, 5, 8);
    Requiredness full = minimal.toBuilder().count(1).note("x").tags(List.of()).withDefault(5).maybeColor(Color.RED)
        .build();
    assertThat(Wire.fieldIds(Wire.bytes(full, ThriftProtocol.COMPACT), ThriftProtocol.COMPACT))
        .containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9);
    AllTypes unset = AllTypes.builder().aString(null).aColor(null).build();
    assertThat(Wire.fieldIds(Wire.bytes(unset, ThriftProtocol.BINARY), ThriftProtocol.BINARY))
        .containsExactly(1, 2, 3, 4, 5, 6, 12, 13);
  }

  public static void exactBinaryEncoding() {
    Point p = Point.builder().x(1).y(-1).build();
    assertThat(Wire.hex(Wire.bytes(p, ThriftProtocol.BINARY)))
        .isEqualTo("08" + "0001" + "00000001" + "08" + "0002" + "ffffffff" + "00");
    assertThat(Wire.hex(Wire.bytes(p, ThriftProtocol.COMPACT))).isEqualTo("15" + "02" + "15" + "01" + "00");
  }

  public static void readingVerifiesRequiredFields() {
    byte[] noName = Wire.write(ThriftProtocol.BINARY, out -> {
      out.writeStructBegin("Requiredness");
      out.writeFieldBegin(TType.I32, (short) 2);
      out.writeI32(7);
      out.writeFieldEnd();
      out.writeFieldStop();
      out.writeStructEnd();
    });
    assertThatThrownBy(() -> Wire.read(Requiredness.CODEC, noName, ThriftProtocol.BINARY))
        .isInstanceOfSatisfying(ProtocolException.class,
            e -> assertThat(e.kind()).isEqualTo(ProtocolException.Kind.INVALID_DATA))
        .hasMessageContaining("'name'").hasMessageContaining("Requiredness");
  }

  public static void wrongTypesAndUnknownFieldsAreSkipped() {
    for (ThriftProtocol protocol : ThriftProtocol.THRIFT) {
      byte[] bytes = Wire.write(protocol, out -> {
        out.writeStructBegin("Point");
        out.writeFieldBegin(TType.STRING, (short) 1); // x with the wrong type
        out.writeString("oops");
        out.writeFieldEnd();
        out.writeFieldBegin(TType.LIST, (short) 77); // unknown
        out.writeListBegin(TType.STRING, 2);
        out.writeString("a");
        out.writeString("b");
        out.writeListEnd();
        out.writeFieldEnd();
        out.writeFieldBegin(TType.I32, (short) 2);
        out.writeI32(5);
        out.writeFieldEnd();
        out.writeFieldStop();
        out.writeStructEnd();
      });
      assertThat(Wire.read(Point.CODEC, bytes, protocol)).isEqualTo(Point.builder().x(0).y(5).build());
    }
  }

  public static void unknownEnumValuesLeaveFieldsUnset() {
    byte[] bytes = Wire.write(ThriftProtocol.COMPACT, out -> {
      out.writeStructBegin("AllTypes");
      out.writeFieldBegin(TType.I32, (short) 10);
      out.writeI32(999);
      out.writeFieldEnd();
      out.writeFieldBegin(TType.SET, (short) 8);
      out.writeSetBegin(TType.I32, 0);
      out.writeSetEnd();
      out.writeFieldEnd();
      out.writeFieldStop();
      out.writeStructEnd();
    });
    assertThat(Wire.read(AllTypes.CODEC, bytes, ThriftProtocol.COMPACT).aColor()).isNull();
    byte[] colors = Wire.write(ThriftProtocol.BINARY, out -> {
      out.writeStructBegin("Containers");
      out.writeFieldBegin(TType.SET, (short) 8);
      out.writeSetBegin(TType.I32, 3);
      out.writeI32(1);
      out.writeI32(999);
      out.writeI32(10);
      out.writeSetEnd();
      out.writeFieldEnd();
      out.writeFieldStop();
      out.writeStructEnd();
    });
    assertThat(Wire.read(Containers.CODEC, colors, ThriftProtocol.BINARY).colors())
        .containsExactly(Color.RED, Color.BLUE);
  }

  public static void containerElementTypesAreChecked() {
    byte[] bytes = Wire.write(ThriftProtocol.BINARY, out -> {
      out.writeStructBegin("Containers");
      out.writeFieldBegin(TType.SET, (short) 3); // set<i64> holding strings
      out.writeSetBegin(TType.STRING, 1);
      out.writeString("x");
      out.writeSetEnd();
      out.writeFieldEnd();
      out.writeFieldStop();
      out.writeStructEnd();
    });
    assertThatThrownBy(() -> Wire.read(Containers.CODEC, bytes, ThriftProtocol.BINARY))
        .isInstanceOf(ProtocolException.class).hasMessageContaining("set<i64>").hasMessageContaining("string");
  }
}
