package dev.tern.thrift.internal;

import dev.tern.thrift.TType;

/** Mapping between {@link TType} ids and the compact protocol's 4-bit type ids. */
final class CompactTypes {
  private CompactTypes() {}

  static final byte BOOLEAN_TRUE = 1;
  static final byte BOOLEAN_FALSE = 2;

  private static final byte[] TO_COMPACT = new byte[17];
  private static final byte[] FROM_COMPACT = new byte[16];

  static {
    java.util.Arrays.fill(TO_COMPACT, (byte) -1);
    java.util.Arrays.fill(FROM_COMPACT, (byte) -1);
    map(TType.STOP, 0);
    map(TType.BOOL, BOOLEAN_TRUE);
    FROM_COMPACT[BOOLEAN_FALSE] = TType.BOOL;
    map(TType.BYTE, 3);
    map(TType.I16, 4);
    map(TType.I32, 5);
    map(TType.I64, 6);
    map(TType.DOUBLE, 7);
    map(TType.STRING, 8);
    map(TType.LIST, 9);
    map(TType.SET, 10);
    map(TType.MAP, 11);
    map(TType.STRUCT, 12);
    map(TType.UUID, 13);
  }

  private static void map(byte ttype, int compact) {
    TO_COMPACT[ttype] = (byte) compact;
    FROM_COMPACT[compact] = ttype;
  }

  /** The compact id of a TType; fails for types that cannot be written. */
  static int toCompact(byte ttype) {
    byte c = ttype >= 0 && ttype < TO_COMPACT.length ? TO_COMPACT[ttype] : -1;
    if (c < 0) {
      throw new IllegalArgumentException("cannot write type " + TType.name(ttype));
    }
    return c;
  }

  /** The TType of a 4-bit compact id; fails with INVALID_DATA for unknown ids. */
  static byte fromCompact(int compact) {
    byte t = FROM_COMPACT[compact & 0x0f];
    if (t < 0) {
      throw WireErrors.invalid("unknown compact type id " + (compact & 0x0f));
    }
    return t;
  }
}
