package dev.tern.rpc;

import dev.tern.core.ProtocolException;
import dev.tern.grpc.Marshaller;
import dev.tern.grpc.MethodDescriptor;
import dev.tern.grpc.MethodType;
import dev.tern.thrift.ThriftCodec;
import dev.tern.thrift.ThriftLimits;
import dev.tern.thrift.ThriftProtocol;
import dev.tern.thrift.ThriftProtocols;
import io.netty.buffer.ByteBuf;
import java.util.Objects;

/**
 * Thrift over gRPC: the methods of a Thrift service marked {@code (streaming.mode = "...")}
 * (Kitex's annotation: {@code bidirectional}, {@code client}, {@code server}, or {@code unary})
 * are called over HTTP/2 as gRPC methods whose messages are Thrift structs in the binary protocol,
 * without a message header, as Kitex sends them. The generated service class declares their
 * {@link MethodDescriptor}s with {@link #method}; its {@code streamingService(handler)} and
 * {@code streamingClient(grpcClient)} serve and call them with the gRPC API.
 *
 * <p>The HTTP/2 path is {@code /[package.]Service/Method}, the package being the IDL's
 * {@code namespace go} (its last segment) or else the IDL file's name, which is what Kitex uses.
 */
public final class ThriftStreaming {
  private ThriftStreaming() {}

  /** A streaming (or gRPC-unary) method whose messages are the structs {@code request} and {@code response}. */
  public static <Req, Resp> MethodDescriptor<Req, Resp> method(String service, String method, MethodType type,
      ThriftCodec<Req> request, ThriftCodec<Resp> response) {
    return MethodDescriptor.of(service, method, type, marshaller(request), marshaller(response));
  }

  /** Encodes and decodes one struct in the binary protocol, with the default {@link ThriftLimits}. */
  public static <T> Marshaller<T> marshaller(ThriftCodec<T> codec) {
    return marshaller(codec, ThriftLimits.DEFAULT);
  }

  /** Encodes and decodes one struct in the binary protocol; decoding enforces {@code limits}. */
  public static <T> Marshaller<T> marshaller(ThriftCodec<T> codec, ThriftLimits limits) {
    return new StructMarshaller<>(Objects.requireNonNull(codec, "codec"), Objects.requireNonNull(limits, "limits"));
  }

  private record StructMarshaller<T>(ThriftCodec<T> codec, ThriftLimits limits) implements Marshaller<T> {
    @Override
    public void encode(T value, ByteBuf out) {
      codec.write(value, ThriftProtocols.writer(ThriftProtocol.BINARY, out));
    }

    @Override
    public T decode(ByteBuf in) {
      ByteBuf view = in.duplicate(); // the runtime owns in's indexes
      T value = codec.read(ThriftProtocols.reader(ThriftProtocol.BINARY, view, limits));
      if (view.isReadable()) {
        throw new ProtocolException(ProtocolException.Kind.INVALID_DATA,
            view.readableBytes() + " bytes after the end of the Thrift struct");
      }
      return value;
    }

    @Override
    public String contentSubtype() {
      return "thrift";
    }
  }
}
