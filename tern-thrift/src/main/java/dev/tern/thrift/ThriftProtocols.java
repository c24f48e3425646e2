package dev.tern.thrift;

import dev.tern.thrift.internal.BinaryReader;
import dev.tern.thrift.internal.BinaryWriter;
import dev.tern.thrift.internal.CompactReader;
import dev.tern.thrift.internal.CompactWriter;
import io.netty.buffer.ByteBuf;
import java.util.Objects;

/**
 * Creates readers and writers for the {@link ThriftProtocol}s over Netty buffers.
 *
 * <p>Writers append to the buffer at its writer index and grow it as needed; readers consume from
 * the reader index. Neither copies the buffer: strings are encoded and decoded in place. A reader
 * expects the buffer to hold a whole message (as frames emitted by
 * {@link dev.tern.thrift.transport.ThriftFrameDecoder} do) and treats running out of bytes as
 * malformed input.
 */
public final class ThriftProtocols {
  private ThriftProtocols() {}

  /** A writer for one message into {@code out}; the binary protocol writes strict headers. */
  public static ThriftWriter writer(ThriftProtocol protocol, ByteBuf out) {
    Objects.requireNonNull(out, "out");
    return switch (protocol) {
      case BINARY -> new BinaryWriter(out);
      case COMPACT -> new CompactWriter(out);
      case KITEX_PROTOBUF -> new BinaryWriter(out, BinaryWriter.KITEX_PROTOBUF_VERSION);
    };
  }

  /**
   * A reader for one message from {@code in}, enforcing {@code limits}. Violations, truncated
   * input and unknown type ids raise {@link dev.tern.core.ProtocolException}.
   */
  public static ThriftReader reader(ThriftProtocol protocol, ByteBuf in, ThriftLimits limits) {
    Objects.requireNonNull(in, "in");
    Objects.requireNonNull(limits, "limits");
    return switch (protocol) {
      case BINARY -> new BinaryReader(in, limits);
      case COMPACT -> new CompactReader(in, limits);
      case KITEX_PROTOBUF -> new BinaryReader(in, limits, BinaryWriter.KITEX_PROTOBUF_VERSION);
    };
  }
}
