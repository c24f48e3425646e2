package dev.tern.thrift.transport;

import dev.tern.thrift.ThriftLimits;
import dev.tern.thrift.ThriftProtocol;
import dev.tern.thrift.ThriftProtocols;
import dev.tern.thrift.ThriftReader;
import io.netty.buffer.ByteBuf;
import io.netty.util.ReferenceCounted;
import java.util.Objects;

/**
 * One Thrift message as received: how it was framed, its protocol, the header metadata (for
 * TTHeader and THeader frames, else null) and the payload, a retained slice of the connection's
 * buffer holding exactly the Thrift message (no copy). Reference counting delegates to the
 * payload: whoever ends up with the frame must {@link #release()} it.
 */
public final class ThriftFrame implements ReferenceCounted {

  private final Framing framing;
  private final ThriftProtocol protocol;
  private final HeaderInfo header;
  private final ByteBuf payload;

  public ThriftFrame(Framing framing, ThriftProtocol protocol, HeaderInfo header, ByteBuf payload) {
    this.framing = Objects.requireNonNull(framing, "framing");
    this.protocol = Objects.requireNonNull(protocol, "protocol");
    this.header = header;
    this.payload = Objects.requireNonNull(payload, "payload");
  }

  public Framing framing() {
    return framing;
  }

  public ThriftProtocol protocol() {
    return protocol;
  }

  /** Header metadata for TTHeader and THeader frames; null for buffered and framed ones. */
  public HeaderInfo header() {
    return header;
  }

  /** The Thrift message bytes, from the message header to the end of its struct. */
  public ByteBuf payload() {
    return payload;
  }

  /** A reader over the payload in this frame's protocol; reading consumes the payload. */
  public ThriftReader reader(ThriftLimits limits) {
    return ThriftProtocols.reader(protocol, payload, limits);
  }

  @Override
  public int refCnt() {
    return payload.refCnt();
  }

  @Override
  public ThriftFrame retain() {
    payload.retain();
    return this;
  }

  @Override
  public ThriftFrame retain(int increment) {
    payload.retain(increment);
    return this;
  }

  @Override
  public ThriftFrame touch() {
    payload.touch();
    return this;
  }

  @Override
  public ThriftFrame touch(Object hint) {
    payload.touch(hint);
    return this;
  }

  @Override
  public boolean release() {
    return payload.release();
  }

  @Override
  public boolean release(int decrement) {
    return payload.release(decrement);
  }

  @Override
  public String toString() {
    return "ThriftFrame{" + framing + ", " + protocol + ", " + payload.readableBytes() + " bytes"
        + (header == null ? "" : ", " + header) + "}";
  }
}
