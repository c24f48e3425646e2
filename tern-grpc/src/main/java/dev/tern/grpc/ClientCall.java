package dev.tern.grpc;

/** The client side of a streaming call in progress. */
public interface ClientCall {

  /**
   * The custom metadata of the response headers, blocking until they arrive (empty for a
   * trailers-only response).
   *
   * @throws GrpcStatusException if the call failed before headers arrived
   */
  Metadata headers();

  /**
   * The custom metadata of the trailers, once the call has ended; {@code null} while it is in
   * progress.
   */
  Metadata trailers();

  /**
   * Cancels the call (HTTP/2 RST_STREAM CANCEL): blocked readers and writers wake with CANCELLED.
   * Does nothing once the call has ended.
   */
  void cancel(String reason);
}
