package dev.tern.rpc;

import dev.tern.grpc.GrpcServiceDefinition;
import dev.tern.grpc.Marshaller;
import dev.tern.grpc.MethodDescriptor;
import dev.tern.grpc.MethodType;
import dev.tern.grpc.internal.ServerMethod;
import dev.tern.thrift.ThriftCodec;
import dev.tern.thrift.ThriftMethod;
import dev.tern.thrift.ThriftProtocol;
import dev.tern.thrift.ThriftReader;
import dev.tern.thrift.ThriftServiceDefinition;
import dev.tern.thrift.ThriftWriter;
import dev.tern.core.ProtocolException;
import java.io.IOException;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Kitex Protobuf: protobuf messages over Thrift's Framed or TTHeader framing, as Kitex clients
 * and servers speak it when the IDL is a {@code .proto} file. The message header has Thrift
 * binary's shape with magic {@code 0x9001} (method name, sequence id); the body is the request or
 * response message itself; errors are Kitex's {@code ErrorProto}.
 *
 * <p>The same generated service serves gRPC and Kitex Protobuf: a {@link ThriftServer} given a
 * {@link GrpcServiceDefinition} ({@link ThriftServer.Builder#addService(GrpcServiceDefinition)})
 * answers its unary methods in Kitex Protobuf on the port it serves Thrift on. A
 * {@link ThriftClient} built with {@code protocol(ThriftProtocol.KITEX_PROTOBUF)} calls them:
 *
 * <pre>{@code
 * ThriftClient client = ThriftClient.builder().address("127.0.0.1:8888")
 *     .framing(Framing.TTHEADER).protocol(ThriftProtocol.KITEX_PROTOBUF).build();
 * HelloReply reply = client.call(KitexProtobuf.method(GreeterRpc.SAY_HELLO), request);
 * }</pre>
 *
 * Streaming methods are gRPC-only: Kitex Protobuf has no streams.
 */
public final class KitexProtobuf {
  private KitexProtobuf() {}

  /**
   * A unary protobuf method as a Thrift-framed method: its codecs write and read the protobuf
   * body through the message's buffer.
   *
   * @throws IllegalArgumentException for a streaming method
   */
  public static <Req, Resp> ThriftMethod<Req, Resp> method(MethodDescriptor<Req, Resp> method) {
    Objects.requireNonNull(method, "method");
    if (method.type() != MethodType.UNARY) {
      throw new IllegalArgumentException(method.fullMethodName() + " is " + method.type()
          + "; Kitex Protobuf carries unary calls only (use gRPC for streams)");
    }
    return ThriftMethod.of(method.service(), method.method(),
        new BodyCodec<>(method.requestMarshaller(), method.fullMethodName()),
        new BodyCodec<>(method.responseMarshaller(), method.fullMethodName()));
  }

  /**
   * The unary methods of a gRPC service definition as a Thrift service definition whose handlers
   * are the gRPC handlers (blocking ones on their own thread, async ones on the event loop).
   */
  public static ThriftServiceDefinition service(GrpcServiceDefinition service) {
    ThriftServiceDefinition.Builder b = ThriftServiceDefinition.builder(service.service());
    for (ServerMethod<?, ?> m : ServerMethod.of(service).values()) {
      add(b, m);
    }
    return b.build();
  }

  /** Whether a gRPC service has methods Kitex Protobuf can carry. */
  static boolean hasUnaryMethods(GrpcServiceDefinition service) {
    return ServerMethod.of(service).values().stream()
        .anyMatch(m -> m.kind() == ServerMethod.Kind.UNARY || m.kind() == ServerMethod.Kind.UNARY_ASYNC);
  }

  @SuppressWarnings("unchecked")
  private static <Req, Resp> void add(ThriftServiceDefinition.Builder b, ServerMethod<Req, Resp> m) {
    switch (m.kind()) {
      case UNARY -> {
        GrpcServiceDefinition.UnaryHandler<Req, Resp> h = (GrpcServiceDefinition.UnaryHandler<Req, Resp>) m.handler();
        b.blocking(method(m.descriptor()), h::handle);
      }
      case UNARY_ASYNC -> {
        GrpcServiceDefinition.AsyncUnaryHandler<Req, Resp> h =
            (GrpcServiceDefinition.AsyncUnaryHandler<Req, Resp>) m.handler();
        b.async(method(m.descriptor()), req -> {
          CompletableFuture<Resp> f = h.handle(req);
          return f;
        });
      }
      default -> {} // streams are served over gRPC only
    }
  }

  /** Writes or reads a whole Kitex Protobuf message body with a marshaller. */
  private record BodyCodec<T>(Marshaller<T> marshaller, String method) implements ThriftCodec<T> {
    @Override
    public void write(T value, ThriftWriter out) {
      requireKitexProtobuf(out.protocol());
      try {
        marshaller.encode(value, out.buffer());
      } catch (IOException e) {
        throw new IllegalStateException("cannot encode a message of " + method + ": " + e.getMessage(), e);
      }
    }

    @Override
    public T read(ThriftReader in) {
      requireKitexProtobuf(in.protocol());
      try {
        return marshaller.decode(in.buffer());
      } catch (IOException | RuntimeException e) {
        throw new ProtocolException(ProtocolException.Kind.INVALID_DATA,
            "cannot decode a protobuf message of " + method + ": " + e.getMessage(), e);
      } finally {
        in.buffer().skipBytes(in.buffer().readableBytes());
      }
    }

    private void requireKitexProtobuf(ThriftProtocol protocol) {
      if (protocol != ThriftProtocol.KITEX_PROTOBUF) {
        throw new IllegalStateException(method + " is a protobuf method: it needs protocol KITEX_PROTOBUF, not "
            + protocol + " (ThriftClient.builder().protocol(ThriftProtocol.KITEX_PROTOBUF))");
      }
    }
  }
}
