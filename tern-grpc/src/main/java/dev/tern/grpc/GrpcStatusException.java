package dev.tern.grpc;

import dev.tern.core.RpcException;
import java.util.Objects;

/**
 * A call ended with a non-OK {@link GrpcStatus}: answered by the peer, or decided locally (the
 * call was cancelled, the response could not be decoded). Thrown by a server handler, it is sent
 * to the client as that status with its {@link #trailers()}.
 */
public class GrpcStatusException extends RpcException {

  /** How a server marks a RESOURCE_EXHAUSTED status that means "load shed, not handled". */
  public static final String OVERLOADED_PREFIX = "overloaded: ";

  private final GrpcStatus status;
  private final Metadata trailers;

  public GrpcStatusException(GrpcStatus status) {
    this(status, null);
  }

  public GrpcStatusException(GrpcStatus status, Metadata trailers) {
    super(Objects.requireNonNull(status, "status").toString(), status.cause());
    this.status = status;
    this.trailers = trailers == null ? new Metadata() : trailers;
  }

  public GrpcStatus status() {
    return status;
  }

  public GrpcStatus.Code code() {
    return status.code();
  }

  /** The status description, or {@code null}. */
  public String description() {
    return status.description();
  }

  /** The trailers that came (or go) with the status; empty when none. */
  public Metadata trailers() {
    return trailers;
  }

  /**
   * UNAVAILABLE (the call did not reach a working server), and RESOURCE_EXHAUSTED when the server
   * says it shed the call without handling it (description starting with
   * {@value #OVERLOADED_PREFIX}, as Tern's limiters answer).
   */
  @Override
  public boolean isRetryable() {
    return switch (status.code()) {
      case UNAVAILABLE -> true;
      case RESOURCE_EXHAUSTED -> status.description() != null && status.description().startsWith(OVERLOADED_PREFIX);
      default -> false;
    };
  }
}
