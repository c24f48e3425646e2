package dev.tern.grpc;

import dev.tern.core.AttributeKey;
import dev.tern.core.CallContext;

/**
 * The gRPC values of a call, kept as attributes of its {@link CallContext}. On the server the
 * context is current on the handler's thread, so a handler reads the request headers and adds
 * response headers or trailers through the static shortcuts:
 *
 * <pre>{@code
 * String user = GrpcContext.requestHeaders().get("x-user");
 * GrpcContext.responseTrailers().add("x-served-by", "node-7");
 * }</pre>
 *
 * Response headers added after the first response message was sent are not sent.
 */
public final class GrpcContext {

  /** Server: the custom metadata the client sent with the request. */
  public static final AttributeKey<Metadata> REQUEST_HEADERS = AttributeKey.of("grpc.requestHeaders");
  /** Server: metadata to send with the response headers (before the first message). */
  public static final AttributeKey<Metadata> RESPONSE_HEADERS = AttributeKey.of("grpc.responseHeaders");
  /** Server: metadata to send in the trailers, with the status. */
  public static final AttributeKey<Metadata> RESPONSE_TRAILERS = AttributeKey.of("grpc.responseTrailers");

  private GrpcContext() {}

  /** The current call's request headers. */
  public static Metadata requestHeaders() {
    return get(REQUEST_HEADERS);
  }

  /** The current call's response headers, to add to. */
  public static Metadata responseHeaders() {
    return get(RESPONSE_HEADERS);
  }

  /** The current call's response trailers, to add to. */
  public static Metadata responseTrailers() {
    return get(RESPONSE_TRAILERS);
  }

  private static Metadata get(AttributeKey<Metadata> key) {
    CallContext ctx = CallContext.current();
    if (ctx == null) throw new IllegalStateException("no gRPC call is current on this thread");
    Metadata m = ctx.attr(key);
    if (m == null) {
      m = new Metadata();
      ctx.attr(key, m);
    }
    return m;
  }
}
