package dev.tern.benchmarks.codec;

import dev.tern.benchmarks.gen.Address;
import dev.tern.benchmarks.gen.Item;
import dev.tern.benchmarks.gen.Large;
import dev.tern.benchmarks.gen.Medium;
import dev.tern.benchmarks.gen.Small;
import dev.tern.benchmarks.gen.Status;
import dev.tern.thrift.ThriftCodec;
import dev.tern.thrift.ThriftStruct;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.apache.thrift.TBase;

/**
 * The structs the codec benchmarks encode and decode, defined in {@code bench.thrift}. Each is
 * built from a fixed seed, so every run and both libraries see the same values. Strings are ASCII,
 * as most identifiers and keys on the wire are.
 */
public enum Payload {
  /** {@code Small}: five primitives, 39 bytes in binary. */
  SMALL(Small.CODEC, dev.tern.benchmarks.libthrift.Small::new) {
    @Override
    ThriftStruct build() {
      return small(new SplittableRandom(1));
    }
  },
  /**
   * {@code Medium}: strings, {@code list<i64>}, {@code map<string,string>}, nested structs; 1.1 KB
   * in binary.
   */
  MEDIUM(Medium.CODEC, dev.tern.benchmarks.libthrift.Medium::new) {
    @Override
    ThriftStruct build() {
      return medium(new SplittableRandom(2));
    }
  },
  /** {@code Large}: 480 {@code Item}s and 12 {@code Medium}s; 64 KB in binary. */
  LARGE(Large.CODEC, dev.tern.benchmarks.libthrift.Large::new) {
    @Override
    ThriftStruct build() {
      SplittableRandom rnd = new SplittableRandom(3);
      List<Item> items = new ArrayList<>();
      for (int i = 0; i < 480; i++) {
        items.add(Item.builder()
            .sku(rnd.nextLong(1L << 40))
            .title(text(rnd, 24 + rnd.nextInt(16)))
            .price(rnd.nextInt(100_000) / 100.0)
            .quantity(rnd.nextInt(1, 50))
            .tags(List.of(text(rnd, 6), text(rnd, 8), text(rnd, 5)))
            .build());
      }
      List<Medium> records = new ArrayList<>();
      for (int i = 0; i < 12; i++) records.add(medium(rnd));
      return Large.builder().id(rnd.nextLong()).items(items).records(records).build();
    }
  };

  private final ThriftCodec<? extends ThriftStruct> ternCodec;
  private final Supplier<? extends TBase<?, ?>> libthriftFactory;

  Payload(ThriftCodec<? extends ThriftStruct> ternCodec, Supplier<? extends TBase<?, ?>> libthriftFactory) {
    this.ternCodec = ternCodec;
    this.libthriftFactory = libthriftFactory;
  }

  /** A new Tern value of this payload; equal on every call. */
  abstract ThriftStruct build();

  /** Reads this payload's Tern type. */
  ThriftCodec<? extends ThriftStruct> ternCodec() {
    return ternCodec;
  }

  /** An empty instance of this payload's libthrift type, to read into. */
  TBase<?, ?> newLibthrift() {
    return libthriftFactory.get();
  }

  private static Small small(SplittableRandom rnd) {
    return Small.builder()
        .id(rnd.nextInt(1_000_000))
        .timestamp(1_750_000_000_000L + rnd.nextLong(1_000_000_000L))
        .active(rnd.nextBoolean())
        .score(rnd.nextDouble() * 100)
        .flags((short) rnd.nextInt(1 << 12))
        .build();
  }

  private static Medium medium(SplittableRandom rnd) {
    List<Long> samples = new ArrayList<>();
    for (int i = 0; i < 40; i++) samples.add(rnd.nextLong(1_000_000_000L));
    Map<String, String> attributes = new LinkedHashMap<>();
    for (int i = 0; i < 8; i++) attributes.put("attr-" + i + "-" + text(rnd, 4), text(rnd, 20));
    return Medium.builder()
        .id(rnd.nextLong())
        .name(text(rnd, 20))
        .description(text(rnd, 300))
        .samples(samples)
        .attributes(attributes)
        .address(Address.builder()
            .street(text(rnd, 24))
            .city(text(rnd, 12))
            .zip(String.valueOf(10_000 + rnd.nextInt(90_000)))
            .number(rnd.nextInt(1, 500))
            .build())
        .summary(small(rnd))
        .status(Status.ACTIVE)
        .build();
  }

  private static String text(SplittableRandom rnd, int length) {
    char[] chars = new char[length];
    for (int i = 0; i < length; i++) {
      int c = rnd.nextInt(37);
      chars[i] = c < 26 ? (char) ('a' + c) : c < 36 ? (char) ('0' + c - 26) : ' ';
    }
    return new String(chars);
  }
}
