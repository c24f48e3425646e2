package dev.tern.grpc;

import com.google.protobuf.MessageLite;
import dev.tern.grpc.internal.ProtobufMarshaller;
import io.netty.buffer.ByteBuf;
import java.io.IOException;

/**
 * Turns messages into bytes and back. Implementations must be thread-safe.
 *
 * @param <T> the message type
 */
public interface Marshaller<T> {

  /**
   * Appends the encoding of {@code value} to {@code out}, a pooled buffer the runtime owns: do not
   * release or retain it.
   */
  void encode(T value, ByteBuf out) throws IOException;

  /**
   * Decodes one message from all readable bytes of {@code in}; does not release {@code in}. The
   * buffer is released once this returns, so the message must not keep a reference to it.
   */
  T decode(ByteBuf in) throws IOException;

  /**
   * The content-subtype of this format: a client sends {@code application/grpc+<subtype>} for
   * methods whose request marshaller names one (Kitex picks its codec by it: {@code thrift} for
   * Thrift over gRPC). Null, the default, sends plain {@code application/grpc}, meaning protobuf.
   */
  default String contentSubtype() {
    return null;
  }

  /**
   * A marshaller for protobuf messages (protobuf-java 4.x), e.g.
   * {@code Marshaller.protobuf(HelloRequest.getDefaultInstance())}.
   */
  static <M extends MessageLite> Marshaller<M> protobuf(M defaultInstance) {
    return new ProtobufMarshaller<>(defaultInstance);
  }
}
