package dev.tern.thrift.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.thrift.TType;
import dev.tern.thrift.ThriftMessage;
import dev.tern.thrift.ThriftReader;
import dev.tern.thrift.ThriftWriter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/**
 * A small model of Thrift values for tests: a value tree is written through any ThriftWriter and
 * read back through any ThriftReader guided by the expected tree (as generated code would be), so
 * one sample checks both bytes and values across implementations.
 */
public final class Values {
  private Values() {}

  public sealed interface V {
    byte type();
  }

  public record Bool(boolean v) implements V { public byte type() { return TType.BOOL; } }
  public record I8(byte v) implements V { public byte type() { return TType.BYTE; } }
  public record I16(short v) implements V { public byte type() { return TType.I16; } }
  public record I32(int v) implements V { public byte type() { return TType.I32; } }
  public record I64(long v) implements V { public byte type() { return TType.I64; } }
  public record Dbl(double v) implements V { public byte type() { return TType.DOUBLE; } }
  public record Str(String v) implements V { public byte type() { return TType.STRING; } }
  /** Binary, held as hex so that records compare by content. */
  public record Bin(String hex) implements V { public byte type() { return TType.STRING; } }
  public record Uid(UUID v) implements V { public byte type() { return TType.UUID; } }
  public record Lst(byte elementType, List<V> items) implements V { public byte type() { return TType.LIST; } }
  public record SetV(byte elementType, List<V> items) implements V { public byte type() { return TType.SET; } }
  public record MapV(byte keyType, byte valueType, List<Entry> entries) implements V { public byte type() { return TType.MAP; } }
  public record Entry(V key, V value) {}
  public record Struct(List<Field> fields) implements V { public byte type() { return TType.STRUCT; } }
  public record Field(short id, V value) {}
  public record Msg(String name, byte type, int seqId, Struct body) {}

  public static Field f(int id, V v) {
    return new Field((short) id, v);
  }

  public static Struct struct(Field... fields) {
    return new Struct(List.of(fields));
  }

  public static Bin bin(byte[] b) {
    return new Bin(HexFormat.of().formatHex(b));
  }

  public static void write(ThriftWriter w, Msg m) {
    w.writeMessageBegin(m.name(), m.type(), m.seqId());
    write(w, m.body());
    w.writeMessageEnd();
  }

  public static void write(ThriftWriter w, V v) {
    switch (v) {
      case Bool b -> w.writeBool(b.v());
      case I8 b -> w.writeByte(b.v());
      case I16 s -> w.writeI16(s.v());
      case I32 i -> w.writeI32(i.v());
      case I64 l -> w.writeI64(l.v());
      case Dbl d -> w.writeDouble(d.v());
      case Str s -> w.writeString(s.v());
      case Bin b -> w.writeBinary(HexFormat.of().parseHex(b.hex()));
      case Uid u -> w.writeUuid(u.v());
      case Lst l -> {
        w.writeListBegin(l.elementType(), l.items().size());
        l.items().forEach(x -> write(w, x));
        w.writeListEnd();
      }
      case SetV s -> {
        w.writeSetBegin(s.elementType(), s.items().size());
        s.items().forEach(x -> write(w, x));
        w.writeSetEnd();
      }
      case MapV m -> {
        w.writeMapBegin(m.keyType(), m.valueType(), m.entries().size());
        for (Entry e : m.entries()) {
          write(w, e.key());
          write(w, e.value());
        }
        w.writeMapEnd();
      }
      case Struct s -> {
        w.writeStructBegin("S");
        for (Field f : s.fields()) {
          w.writeFieldBegin(f.value().type(), f.id());
          write(w, f.value());
          w.writeFieldEnd();
        }
        w.writeFieldStop();
        w.writeStructEnd();
      }
    }
  }

  public static Msg read(ThriftReader r, Msg expected) {
    ThriftMessage header = r.readMessageBegin();
    Struct body = (Struct) read(r, expected.body());
    r.readMessageEnd();
    return new Msg(header.name(), header.type(), header.seqId(), body);
  }

  /** Reads a value shaped like {@code expected}, checking wire types on the way. */
  public static V read(ThriftReader r, V expected) {
    return switch (expected) {
      case Bool b -> new Bool(r.readBool());
      case I8 b -> new I8(r.readByte());
      case I16 s -> new I16(r.readI16());
      case I32 i -> new I32(r.readI32());
      case I64 l -> new I64(r.readI64());
      case Dbl d -> new Dbl(r.readDouble());
      case Str s -> new Str(r.readString());
      case Bin b -> bin(r.readBinary());
      case Uid u -> new Uid(r.readUuid());
      case Lst l -> {
        int n = r.readListBegin();
        assertThat(r.lastElementType()).isEqualTo(l.elementType());
        List<V> items = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          items.add(read(r, l.items().get(i)));
        }
        r.readListEnd();
        yield new Lst(l.elementType(), items);
      }
      case SetV s -> {
        int n = r.readSetBegin();
        assertThat(r.lastElementType()).isEqualTo(s.elementType());
        List<V> items = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          items.add(read(r, s.items().get(i)));
        }
        r.readSetEnd();
        yield new SetV(s.elementType(), items);
      }
      case MapV m -> {
        int n = r.readMapBegin();
        if (n > 0) {
          assertThat(r.lastKeyType()).isEqualTo(m.keyType());
          assertThat(r.lastValueType()).isEqualTo(m.valueType());
        }
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          Entry e = m.entries().get(i);
          V key = read(r, e.key());
          entries.add(new Entry(key, read(r, e.value())));
        }
        r.readMapEnd();
        yield new MapV(m.keyType(), m.valueType(), entries);
      }
      case Struct s -> {
        r.readStructBegin();
        List<Field> fields = new ArrayList<>();
        for (Field f : s.fields()) {
          int packed = r.readFieldBegin();
          assertThat(ThriftReader.fieldId(packed)).isEqualTo(f.id());
          assertThat(ThriftReader.fieldType(packed)).isEqualTo(f.value().type());
          fields.add(new Field(f.id(), read(r, f.value())));
          r.readFieldEnd();
        }
        assertThat(ThriftReader.fieldType(r.readFieldBegin())).isEqualTo(TType.STOP);
        r.readStructEnd();
        yield new Struct(fields);
      }
    };
  }
}
