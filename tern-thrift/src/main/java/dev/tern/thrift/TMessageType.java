package dev.tern.thrift;

/** Thrift message types. */
public final class TMessageType {
  private TMessageType() {}

  public static final byte CALL = 1;
  public static final byte REPLY = 2;
  public static final byte EXCEPTION = 3;
  public static final byte ONEWAY = 4;
}
