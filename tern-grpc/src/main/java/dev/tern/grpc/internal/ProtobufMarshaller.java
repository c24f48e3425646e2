package dev.tern.grpc.internal;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.ExtensionRegistryLite;
import com.google.protobuf.MessageLite;
import com.google.protobuf.Parser;
import dev.tern.grpc.Marshaller;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Protobuf messages straight to and from Netty buffers: encoding writes into the (already sized)
 * output buffer without an intermediate byte array; decoding reads a NIO view of the input.
 */
public final class ProtobufMarshaller<M extends MessageLite> implements Marshaller<M> {

  private final Parser<M> parser;

  @SuppressWarnings("unchecked")
  public ProtobufMarshaller(M defaultInstance) {
    this.parser = (Parser<M>) Objects.requireNonNull(defaultInstance, "defaultInstance").getParserForType();
  }

  @Override
  public void encode(M value, ByteBuf out) throws IOException {
    int size = value.getSerializedSize();
    out.ensureWritable(size);
    if (out.nioBufferCount() == 1) {
      ByteBuffer nio = out.nioBuffer(out.writerIndex(), size);
      CodedOutputStream cos = CodedOutputStream.newInstance(nio);
      value.writeTo(cos);
      cos.checkNoSpaceLeft();
      out.writerIndex(out.writerIndex() + size);
    } else {
      try (ByteBufOutputStream os = new ByteBufOutputStream(out)) {
        value.writeTo(os);
      }
    }
  }

  @Override
  public M decode(ByteBuf in) throws IOException {
    int length = in.readableBytes();
    CodedInputStream cis;
    if (in.nioBufferCount() == 1) {
      cis = CodedInputStream.newInstance(in.nioBuffer(in.readerIndex(), length));
    } else {
      byte[] bytes = new byte[length];
      in.getBytes(in.readerIndex(), bytes);
      cis = CodedInputStream.newInstance(bytes);
    }
    // messages may be larger than protobuf's 64 MiB default: the runtime enforces its own limit
    cis.setSizeLimit(Integer.MAX_VALUE);
    M m = parser.parseFrom(cis, ExtensionRegistryLite.getEmptyRegistry());
    cis.checkLastTagWas(0); // a stray end-group tag would otherwise end the message early
    return m;
  }
}
