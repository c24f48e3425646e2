package dev.tern.grpc;

import java.util.Objects;

/**
 * One gRPC method: its name, kind and marshallers. {@code "/" + service + "/" + method} is the
 * HTTP/2 {@code :path} of its calls. Generated code declares one constant per method; descriptors
 * are immutable and may be shared freely.
 *
 * @param <Req> the request message type
 * @param <Resp> the response message type
 */
public final class MethodDescriptor<Req, Resp> {

  private final String service;
  private final String method;
  private final MethodType type;
  private final Marshaller<Req> requestMarshaller;
  private final Marshaller<Resp> responseMarshaller;
  private final String fullMethodName;
  private final String path;

  private MethodDescriptor(String service, String method, MethodType type,
      Marshaller<Req> requestMarshaller, Marshaller<Resp> responseMarshaller) {
    this.service = requireName(service, "service");
    this.method = requireName(method, "method");
    this.type = Objects.requireNonNull(type, "type");
    this.requestMarshaller = Objects.requireNonNull(requestMarshaller, "requestMarshaller");
    this.responseMarshaller = Objects.requireNonNull(responseMarshaller, "responseMarshaller");
    this.fullMethodName = service + '/' + method;
    this.path = '/' + fullMethodName;
  }

  /**
   * A method descriptor.
   *
   * @param service the fully qualified service name, e.g. {@code "grpc.testing.TestService"}
   * @param method the method name as declared in the .proto file, e.g. {@code "UnaryCall"}
   * @throws IllegalArgumentException if a name is empty or contains '/'
   */
  public static <Req, Resp> MethodDescriptor<Req, Resp> of(String service, String method, MethodType type,
      Marshaller<Req> requestMarshaller, Marshaller<Resp> responseMarshaller) {
    return new MethodDescriptor<>(service, method, type, requestMarshaller, responseMarshaller);
  }

  private static String requireName(String name, String what) {
    Objects.requireNonNull(name, what);
    if (name.isEmpty() || name.indexOf('/') >= 0) {
      throw new IllegalArgumentException(what + " name must be non-empty and contain no '/': " + name);
    }
    return name;
  }

  /** The fully qualified service name, e.g. {@code grpc.testing.TestService}. */
  public String service() {
    return service;
  }

  /** The method name, e.g. {@code UnaryCall}. */
  public String method() {
    return method;
  }

  /** {@code service/method}, as gRPC names methods. */
  public String fullMethodName() {
    return fullMethodName;
  }

  /** {@code /service/method}, the HTTP/2 {@code :path}. */
  public String path() {
    return path;
  }

  public MethodType type() {
    return type;
  }

  public Marshaller<Req> requestMarshaller() {
    return requestMarshaller;
  }

  public Marshaller<Resp> responseMarshaller() {
    return responseMarshaller;
  }

  @Override
  public String toString() {
    return "MethodDescriptor{" + fullMethodName + ' ' + type + '}';
  }
}
