package dev.tern.grpc;

import dev.tern.core.RpcTimeoutException;
import dev.tern.core.TransportException;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * The outcome of a gRPC call: a {@link Code} and an optional description (sent as
 * {@code grpc-status} and {@code grpc-message}), plus a local cause that never goes on the wire.
 * Immutable.
 */
public final class GrpcStatus {

  /** gRPC status codes, with their wire values. */
  public enum Code {
    OK(0), CANCELLED(1), UNKNOWN(2), INVALID_ARGUMENT(3), DEADLINE_EXCEEDED(4), NOT_FOUND(5),
    ALREADY_EXISTS(6), PERMISSION_DENIED(7), RESOURCE_EXHAUSTED(8), FAILED_PRECONDITION(9), ABORTED(10),
    OUT_OF_RANGE(11), UNIMPLEMENTED(12), INTERNAL(13), UNAVAILABLE(14), DATA_LOSS(15), UNAUTHENTICATED(16);

    private static final Code[] BY_VALUE = values();

    private final int value;
    private final GrpcStatus status;

    Code(int value) {
      this.value = value;
      this.status = new GrpcStatus(this, null, null);
    }

    /** The number sent in {@code grpc-status}. */
    public int value() {
      return value;
    }

    /**
     * The code of a wire value.
     *
     * @throws IllegalArgumentException for a value outside 0..16 (use {@link GrpcStatus#fromCode}
     *     to map those to UNKNOWN, as gRPC does)
     */
    public static Code of(int value) {
      if (value < 0 || value >= BY_VALUE.length) throw new IllegalArgumentException("unknown gRPC status code " + value);
      return BY_VALUE[value];
    }

    /** The status with this code and no description. */
    public GrpcStatus toStatus() {
      return status;
    }
  }

  private final Code code;
  private final String description;
  private final Throwable cause;

  private GrpcStatus(Code code, String description, Throwable cause) {
    this.code = code;
    this.description = description;
    this.cause = cause;
  }

  public static GrpcStatus of(Code code) {
    return Objects.requireNonNull(code, "code").toStatus();
  }

  /** The status of a wire value; values outside the known codes become UNKNOWN with a description saying so. */
  public static GrpcStatus fromCode(int value) {
    if (value < 0 || value > Code.UNAUTHENTICATED.value) {
      return new GrpcStatus(Code.UNKNOWN, "unknown gRPC status code " + value, null);
    }
    return Code.of(value).toStatus();
  }

  public Code code() {
    return code;
  }

  /** A human-readable explanation, or {@code null}. */
  public String description() {
    return description;
  }

  /** The local exception behind this status, or {@code null}; never sent to the peer. */
  public Throwable cause() {
    return cause;
  }

  public GrpcStatus withDescription(String description) {
    return Objects.equals(description, this.description) ? this : new GrpcStatus(code, description, cause);
  }

  public GrpcStatus withCause(Throwable cause) {
    return cause == this.cause ? this : new GrpcStatus(code, description, cause);
  }

  public boolean isOk() {
    return code == Code.OK;
  }

  /** This status as an exception with no trailers. */
  public GrpcStatusException asException() {
    return new GrpcStatusException(this, null);
  }

  /** This status as an exception carrying {@code trailers} (sent to the client when thrown by a handler). */
  public GrpcStatusException asException(Metadata trailers) {
    return new GrpcStatusException(this, trailers);
  }

  /**
   * The status that best describes a failure: {@link RpcTimeoutException} -> DEADLINE_EXCEEDED,
   * {@link TransportException} -> UNAVAILABLE, {@link GrpcStatusException} -> its status,
   * {@link CancellationException} -> CANCELLED, anything else -> UNKNOWN. Completion and execution
   * wrappers are looked through. The result's cause is {@code t}.
   */
  public static GrpcStatus fromThrowable(Throwable t) {
    Throwable e = t;
    while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
      e = e.getCause();
    }
    return switch (e) {
      case GrpcStatusException g -> g.status();
      case RpcTimeoutException r -> new GrpcStatus(Code.DEADLINE_EXCEEDED, r.getMessage(), e);
      case TransportException r -> new GrpcStatus(Code.UNAVAILABLE, r.getMessage(), e);
      case CancellationException c -> new GrpcStatus(Code.CANCELLED, c.getMessage(), e);
      case null -> new GrpcStatus(Code.UNKNOWN, null, null);
      default -> new GrpcStatus(Code.UNKNOWN, e.getMessage(), e);
    };
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof GrpcStatus s && s.code == code && Objects.equals(s.description, description);
  }

  @Override
  public int hashCode() {
    return code.hashCode() * 31 + Objects.hashCode(description);
  }

  @Override
  public String toString() {
    return description == null ? code.name() : code + ": " + description;
  }
}
