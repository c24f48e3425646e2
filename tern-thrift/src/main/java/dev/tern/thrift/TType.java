package dev.tern.thrift;

/** Thrift wire type ids, as in the binary protocol specification. */
public final class TType {
  private TType() {}

  public static final byte STOP = 0;
  public static final byte VOID = 1;
  public static final byte BOOL = 2;
  public static final byte BYTE = 3;
  public static final byte DOUBLE = 4;
  public static final byte I16 = 6;
  public static final byte I32 = 8;
  public static final byte I64 = 10;
  public static final byte STRING = 11;
  public static final byte STRUCT = 12;
  public static final byte MAP = 13;
  public static final byte SET = 14;
  public static final byte LIST = 15;
  public static final byte UUID = 16;

  public static String name(byte type) {
    return switch (type) {
      case STOP -> "stop"; case VOID -> "void"; case BOOL -> "bool"; case BYTE -> "byte";
      case DOUBLE -> "double"; case I16 -> "i16"; case I32 -> "i32"; case I64 -> "i64";
      case STRING -> "string"; case STRUCT -> "struct"; case MAP -> "map"; case SET -> "set";
      case LIST -> "list"; case UUID -> "uuid"; default -> "unknown(" + type + ")";
    };
  }
}
