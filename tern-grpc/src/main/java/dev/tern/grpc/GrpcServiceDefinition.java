package dev.tern.grpc;

import dev.tern.grpc.internal.ServerMethod;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * A gRPC service as a server hosts it: its name and a handler per method. Generated code builds one
 * from a handler implementation ({@code TestServiceRpc.service(handler)}); it can also be built by
 * hand:
 *
 * <pre>{@code
 * GrpcServiceDefinition echo = GrpcServiceDefinition.builder("demo.Echo")
 *     .unary(ECHO, request -> request)
 *     .bidiStreaming(CHAT, (in, out) -> { for (StringValue m : in) out.send(m); })
 *     .build();
 * }</pre>
 *
 * <p>Blocking handlers run on a virtual thread per call (or the server's handler executor) with the
 * call's {@link dev.tern.core.CallContext} current. Async handlers run on the connection's event
 * loop and must not block.
 */
public final class GrpcServiceDefinition {

  static {
    ServerMethod.setAccess(d -> d.handlers);
  }

  private final String service;
  private final Map<String, ServerMethod<?, ?>> handlers;
  private final List<MethodDescriptor<?, ?>> methods;

  private GrpcServiceDefinition(Builder b) {
    this.service = b.service;
    this.handlers = Collections.unmodifiableMap(new LinkedHashMap<>(b.handlers));
    this.methods = handlers.values().stream().<MethodDescriptor<?, ?>>map(ServerMethod::descriptor).toList();
  }

  /** A builder for the service with the fully qualified name {@code service}, e.g. {@code grpc.testing.TestService}. */
  public static Builder builder(String service) {
    return new Builder(service);
  }

  /** The fully qualified service name. */
  public String service() {
    return service;
  }

  /** The methods this definition has handlers for, in registration order. */
  public Collection<MethodDescriptor<?, ?>> methods() {
    return methods;
  }

  @Override
  public String toString() {
    return "GrpcServiceDefinition{" + service + ' ' + handlers.keySet() + '}';
  }

  /** Collects the handlers of one service. */
  public static final class Builder {
    private final String service;
    private final Map<String, ServerMethod<?, ?>> handlers = new LinkedHashMap<>();

    private Builder(String service) {
      Objects.requireNonNull(service, "service");
      if (service.isEmpty() || service.indexOf('/') >= 0) throw new IllegalArgumentException("bad service name: " + service);
      this.service = service;
    }

    /** A blocking unary handler. */
    public <Req, Resp> Builder unary(MethodDescriptor<Req, Resp> m, UnaryHandler<Req, Resp> h) {
      return add(m, MethodType.UNARY, ServerMethod.Kind.UNARY, h);
    }

    /** A blocking server-streaming handler. */
    public <Req, Resp> Builder serverStreaming(MethodDescriptor<Req, Resp> m, ServerStreamingHandler<Req, Resp> h) {
      return add(m, MethodType.SERVER_STREAMING, ServerMethod.Kind.SERVER_STREAMING, h);
    }

    /** A blocking client-streaming handler. */
    public <Req, Resp> Builder clientStreaming(MethodDescriptor<Req, Resp> m, ClientStreamingHandler<Req, Resp> h) {
      return add(m, MethodType.CLIENT_STREAMING, ServerMethod.Kind.CLIENT_STREAMING, h);
    }

    /** A blocking bidirectional-streaming handler. */
    public <Req, Resp> Builder bidiStreaming(MethodDescriptor<Req, Resp> m, BidiStreamingHandler<Req, Resp> h) {
      return add(m, MethodType.BIDI_STREAMING, ServerMethod.Kind.BIDI_STREAMING, h);
    }

    /** An async unary handler; it runs on the event loop and must not block. */
    public <Req, Resp> Builder unaryAsync(MethodDescriptor<Req, Resp> m, AsyncUnaryHandler<Req, Resp> h) {
      return add(m, MethodType.UNARY, ServerMethod.Kind.UNARY_ASYNC, h);
    }

    /** An async server-streaming handler; it runs on the event loop and must not block. */
    public <Req, Resp> Builder serverStreamingAsync(MethodDescriptor<Req, Resp> m, AsyncServerStreamingHandler<Req, Resp> h) {
      return add(m, MethodType.SERVER_STREAMING, ServerMethod.Kind.SERVER_STREAMING_ASYNC, h);
    }

    /** An async client-streaming handler; it runs on the event loop and must not block. */
    public <Req, Resp> Builder clientStreamingAsync(MethodDescriptor<Req, Resp> m, AsyncStreamingHandler<Req, Resp> h) {
      return add(m, MethodType.CLIENT_STREAMING, ServerMethod.Kind.CLIENT_STREAMING_ASYNC, h);
    }

    /** An async bidirectional-streaming handler; it runs on the event loop and must not block. */
    public <Req, Resp> Builder bidiStreamingAsync(MethodDescriptor<Req, Resp> m, AsyncStreamingHandler<Req, Resp> h) {
      return add(m, MethodType.BIDI_STREAMING, ServerMethod.Kind.BIDI_STREAMING_ASYNC, h);
    }

    private <Req, Resp> Builder add(MethodDescriptor<Req, Resp> m, MethodType expected, ServerMethod.Kind kind, Object h) {
      Objects.requireNonNull(m, "method");
      Objects.requireNonNull(h, "handler");
      if (m.type() != expected) {
        throw new IllegalArgumentException(m.fullMethodName() + " is " + m.type() + ", not " + expected);
      }
      if (!m.service().equals(service)) {
        throw new IllegalArgumentException(m.fullMethodName() + " does not belong to service " + service);
      }
      if (handlers.putIfAbsent(m.method(), new ServerMethod<>(m, kind, h)) != null) {
        throw new IllegalArgumentException("duplicate handler for " + m.fullMethodName());
      }
      return this;
    }

    /**
     * The definition.
     *
     * @throws IllegalArgumentException (from the registration methods) if a method's type does not
     *     match the registration method, belongs to another service, or is registered twice
     */
    public GrpcServiceDefinition build() {
      return new GrpcServiceDefinition(this);
    }
  }

  /** Handles a unary call on its own thread: returns the response or throws. */
  @FunctionalInterface
  public interface UnaryHandler<Req, Resp> {
    Resp handle(Req request) throws Exception;
  }

  /** Handles a server-streaming call on its own thread; returning normally ends the call with OK. */
  @FunctionalInterface
  public interface ServerStreamingHandler<Req, Resp> {
    void handle(Req request, StreamWriter<Resp> responses) throws Exception;
  }

  /** Handles a client-streaming call on its own thread: reads the requests, returns the response. */
  @FunctionalInterface
  public interface ClientStreamingHandler<Req, Resp> {
    Resp handle(StreamReader<Req> requests) throws Exception;
  }

  /** Handles a bidirectional call on its own thread; returning normally ends the call with OK. */
  @FunctionalInterface
  public interface BidiStreamingHandler<Req, Resp> {
    void handle(StreamReader<Req> requests, StreamWriter<Resp> responses) throws Exception;
  }

  /** Handles a unary call on the event loop: completes the future with the response or an error. */
  @FunctionalInterface
  public interface AsyncUnaryHandler<Req, Resp> {
    CompletableFuture<Resp> handle(Req request);
  }

  /** Handles a server-streaming call on the event loop; ends it with {@code onCompleted} or {@code onError}. */
  @FunctionalInterface
  public interface AsyncServerStreamingHandler<Req, Resp> {
    void handle(Req request, FlowControlledObserver<Resp> responses);
  }

  /**
   * Handles a client- or bidi-streaming call on the event loop: returns the observer of the requests,
   * answers through {@code responses} (for client streaming, one {@code onNext} then {@code onCompleted}).
   */
  @FunctionalInterface
  public interface AsyncStreamingHandler<Req, Resp> {
    StreamObserver<Req> handle(FlowControlledObserver<Resp> responses);
  }
}
