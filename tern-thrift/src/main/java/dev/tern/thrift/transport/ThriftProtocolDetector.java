package dev.tern.thrift.transport;

import dev.tern.core.ProtocolException;
import dev.tern.thrift.ThriftProtocol;
import dev.tern.thrift.internal.WireErrors;
import dev.tern.thrift.transport.internal.HeaderCodecs;
import io.netty.buffer.ByteBuf;

/**
 * Tells from the first bytes of a connection which Thrift framing (and, where the framing does not
 * carry it, which protocol) the peer speaks:
 *
 * <ul>
 *   <li>{@code 80 01} or {@code 82} at byte 0: a buffered (unframed) binary or compact message;
 *   <li>a 4-byte length followed by {@code 10 00}: TTHeader;
 *   <li>a 4-byte length followed by {@code 0f ff}: THeader;
 *   <li>a 4-byte length followed by {@code 80 01} or {@code 82}: framed binary or compact;
 *   <li>a 4-byte length followed by {@code 90 01}: framed Kitex Protobuf.
 * </ul>
 *
 * A server that also accepts other protocols on the same port (an HTTP/2 preface for gRPC, say)
 * checks for them before calling {@link #detect}.
 */
public final class ThriftProtocolDetector {
  private ThriftProtocolDetector() {}

  /** Bytes after which {@link #detect} always decides. */
  public static final int BYTES_NEEDED = 6;

  /**
   * What was detected.
   *
   * @param protocol the protocol for buffered and framed connections; null for TTHeader and
   *     THeader, whose frames name it in their header
   */
  public record Detection(Framing framing, ThriftProtocol protocol) {}

  /**
   * Inspects the readable bytes without consuming them. Returns null when more bytes are needed
   * (at most {@link #BYTES_NEEDED}).
   *
   * @throws ProtocolException (BAD_VERSION) when the bytes start no Thrift transport; the
   *     message shows them in hex
   */
  public static Detection detect(ByteBuf in) {
    int r = in.readerIndex();
    int n = in.readableBytes();
    if (n < 2) {
      return null;
    }
    int b0 = in.getUnsignedByte(r);
    if (b0 == 0x80 && in.getUnsignedByte(r + 1) == 0x01) {
      return new Detection(Framing.BUFFERED, ThriftProtocol.BINARY);
    }
    if (b0 == 0x82) {
      return new Detection(Framing.BUFFERED, ThriftProtocol.COMPACT);
    }
    if (n < BYTES_NEEDED) {
      return null;
    }
    int b4 = in.getUnsignedByte(r + 4);
    int marker = in.getUnsignedShort(r + 4);
    if (marker == HeaderCodecs.TTHEADER_MAGIC) {
      return new Detection(Framing.TTHEADER, null);
    }
    if (marker == HeaderCodecs.THEADER_MAGIC) {
      return new Detection(Framing.THEADER, null);
    }
    if (marker == 0x8001) {
      return new Detection(Framing.FRAMED, ThriftProtocol.BINARY);
    }
    if (marker == 0x9001) {
      return new Detection(Framing.FRAMED, ThriftProtocol.KITEX_PROTOBUF);
    }
    if (b4 == 0x82) {
      return new Detection(Framing.FRAMED, ThriftProtocol.COMPACT);
    }
    throw WireErrors.badVersion("not a Thrift connection: first bytes " + WireErrors.hex(in, r, 16));
  }
}
