package dev.tern.thrift.transport;

/** How Thrift messages are delimited on a connection. */
public enum Framing {
  /** Unframed: messages back to back with no length prefix (Kitex "buffered"). */
  BUFFERED,
  /** A 4-byte big-endian length before each message (TFramedTransport). */
  FRAMED,
  /** Kitex/CloudWeGo TTHeader: a length, magic 0x1000 and a header with key-value metadata. */
  TTHEADER,
  /** Apache Thrift THeader: a length, magic 0x0FFF and a varint-encoded header. */
  THEADER;

  /** Whether frames of this kind carry a {@link HeaderInfo}. */
  public boolean hasHeader() {
    return this == TTHEADER || this == THEADER;
  }
}
