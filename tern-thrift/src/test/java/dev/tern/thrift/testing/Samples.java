package dev.tern.thrift.testing;

import static dev.tern.thrift.testing.Values.f;
import static dev.tern.thrift.testing.Values.struct;

import dev.tern.thrift.TMessageType;
import dev.tern.thrift.TType;
import dev.tern.thrift.testing.Values.Bool;
import dev.tern.thrift.testing.Values.Dbl;
import dev.tern.thrift.testing.Values.Entry;
import dev.tern.thrift.testing.Values.Field;
import dev.tern.thrift.testing.Values.I16;
import dev.tern.thrift.testing.Values.I32;
import dev.tern.thrift.testing.Values.I64;
import dev.tern.thrift.testing.Values.I8;
import dev.tern.thrift.testing.Values.Lst;
import dev.tern.thrift.testing.Values.MapV;
import dev.tern.thrift.testing.Values.Msg;
import dev.tern.thrift.testing.Values.SetV;
import dev.tern.thrift.testing.Values.Str;
import dev.tern.thrift.testing.Values.Struct;
import dev.tern.thrift.testing.Values.V;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Sample messages exercising every type and the encodings' edge cases. */
public final class Samples {
  private Samples() {}

  /** Values around every varint length boundary and the sign/zigzag edges. */
  public static final int[] INT_EDGES = {
    0, 1, -1, 63, -64, 64, -65, 127, 128, 8191, -8192, 8192, 16383, 16384, 1 << 20, -(1 << 20),
    (1 << 27) - 1, 1 << 27, Integer.MAX_VALUE, Integer.MIN_VALUE, Integer.MAX_VALUE - 1, Integer.MIN_VALUE + 1
  };

  public static final long[] LONG_EDGES = {
    0, 1, -1, 63, -64, 64, -65, 1L << 31, -(1L << 31), 1L << 32, (1L << 35) - 1, 1L << 35, 1L << 49,
    1L << 56, (1L << 62) - 1, 1L << 62, Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE + 1
  };

  public static final short[] SHORT_EDGES = {0, 1, -1, 63, -64, 64, 8191, 8192, Short.MAX_VALUE, Short.MIN_VALUE};

  static <T> List<V> map(List<T> xs, Function<T, V> f) {
    List<V> out = new ArrayList<>();
    xs.forEach(x -> out.add(f.apply(x)));
    return out;
  }

  static List<V> ints(int... xs) {
    List<V> out = new ArrayList<>();
    for (int x : xs) {
      out.add(new I32(x));
    }
    return out;
  }

  static List<V> longs(long... xs) {
    List<V> out = new ArrayList<>();
    for (long x : xs) {
      out.add(new I64(x));
    }
    return out;
  }

  static List<V> shorts(short... xs) {
    List<V> out = new ArrayList<>();
    for (short x : xs) {
      out.add(new I16(x));
    }
    return out;
  }

  /** Everything libthrift 0.20 can also write (no uuid). */
  public static Struct body() {
    byte[] allBytes = new byte[256];
    for (int i = 0; i < 256; i++) {
      allBytes[i] = (byte) i;
    }
    Struct inner = struct(
        f(-1, new I32(7)),
        f(-32768, new Bool(true)),
        f(32767, new Str("x")),
        f(1, new I16((short) 300)),
        f(2, new Bool(false)),
        f(2, new Bool(true)));
    List<Field> fields = new ArrayList<>(List.of(
        f(1, new Bool(true)),
        f(2, new Bool(false)),
        f(3, new I8(Byte.MIN_VALUE)),
        f(4, new I16(Short.MIN_VALUE)),
        f(5, new I32(-1)),
        f(6, new I64(Long.MIN_VALUE)),
        f(7, new Dbl(-0.0)),
        f(8, new Str("héllo, 世界 🌍")),
        f(9, new Str("")),
        f(10, Values.bin(allBytes)),
        f(25, new I32(25)), // delta 15: the largest short form
        f(41, new I32(41)), // delta 16: long form
        f(42, new Lst(TType.I32, ints(INT_EDGES))),
        f(43, new Lst(TType.I64, longs(LONG_EDGES))),
        f(44, new SetV(TType.I16, shorts(SHORT_EDGES))),
        f(45, new Lst(TType.BOOL, List.of(new Bool(true), new Bool(false), new Bool(true)))),
        f(46, new SetV(TType.STRING, List.of(new Str("a"), new Str("b")))),
        f(47, new MapV(TType.STRING, TType.LIST, List.of(
            new Entry(new Str("k1"), new Lst(TType.MAP, List.of(
                new MapV(TType.I32, TType.STRING, List.of(new Entry(new I32(-5), new Str("minus five")))),
                new MapV(TType.I32, TType.STRING, List.of())))),
            new Entry(new Str("k2"), new Lst(TType.MAP, List.of()))))),
        f(48, new MapV(TType.I32, TType.I32, List.of())),
        f(49, new Lst(TType.DOUBLE, List.of())),
        f(50, new SetV(TType.STRUCT, List.of())),
        f(51, inner),
        f(52, new Lst(TType.STRUCT, List.of(
            struct(f(1, new I32(1)), f(2, new Str("one"))),
            struct(f(1, new I32(2)), f(3, new Bool(true)))))),
        f(53, new MapV(TType.I64, TType.DOUBLE, List.of(
            new Entry(new I64(Long.MAX_VALUE), new Dbl(Double.MAX_VALUE)),
            new Entry(new I64(-1), new Dbl(1.5)),
            new Entry(new I64(0), new Dbl(Double.MIN_VALUE))))),
        f(54, new MapV(TType.BOOL, TType.BYTE, List.of(new Entry(new Bool(false), new I8((byte) 0x7f))))),
        f(20, new I8((byte) 20)), // going backwards: long form
        f(-5, new I16((short) -5)),
        f(300, new Bool(true)), // bool with a long-form header
        f(301, new Lst(TType.STRING, map(List.of("p", "q", "r", "s", "t", "u", "v", "w", "x", "y", "z", "0", "1", "2", "3"), Str::new)))));
    return new Struct(fields);
  }

  public static Msg message(byte type) {
    return new Msg("sampleMethod", type, -42, body());
  }

  public static Msg call() {
    return message(TMessageType.CALL);
  }


}
