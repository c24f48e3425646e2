package dev.tern.thrift;

/** The payload protocols Tern speaks inside Thrift framings. */
public enum ThriftProtocol {
  BINARY,
  COMPACT,
  /**
   * Kitex Protobuf: a binary-protocol message header with magic {@code 0x9001} (method name,
   * sequence id) followed by one protobuf message, inside Framed or TTHeader (protocol id 4)
   * framing only. Struct-level reads and writes are not part of it: the message body is protobuf.
   */
  KITEX_PROTOBUF;

  /** The Thrift protocols proper, {@link #BINARY} and {@link #COMPACT}: what libthrift peers speak. */
  public static final java.util.List<ThriftProtocol> THRIFT = java.util.List.of(BINARY, COMPACT);
}
