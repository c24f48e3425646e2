package dev.tern.grpc.internal;

import dev.tern.grpc.GrpcServiceDefinition;
import dev.tern.grpc.MethodDescriptor;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * A method and the handler registered for it in a {@link GrpcServiceDefinition}.
 *
 * @param handler one of the handler interfaces nested in GrpcServiceDefinition, matching {@code kind}
 */
public record ServerMethod<Req, Resp>(MethodDescriptor<Req, Resp> descriptor, Kind kind, Object handler) {

  /** Which handler interface {@link #handler} implements. */
  public enum Kind {
    UNARY, SERVER_STREAMING, CLIENT_STREAMING, BIDI_STREAMING,
    UNARY_ASYNC, SERVER_STREAMING_ASYNC, CLIENT_STREAMING_ASYNC, BIDI_STREAMING_ASYNC;

    /** Whether the handler runs on the event loop rather than on a thread of its own. */
    public boolean async() {
      return ordinal() >= UNARY_ASYNC.ordinal();
    }
  }

  private static volatile Function<GrpcServiceDefinition, Map<String, ServerMethod<?, ?>>> access;

  /**
   * Called once by GrpcServiceDefinition's initializer so that the runtime can read the handlers
   * without them being part of the public API.
   */
  public static void setAccess(Function<GrpcServiceDefinition, Map<String, ServerMethod<?, ?>>> a) {
    if (access != null) throw new IllegalStateException("already set");
    access = Objects.requireNonNull(a);
  }

  /** The methods of a service definition, by method name. */
  public static Map<String, ServerMethod<?, ?>> of(GrpcServiceDefinition definition) {
    // an instance exists, so its class (whose initializer sets access) is initialized
    return access.apply(definition);
  }
}
