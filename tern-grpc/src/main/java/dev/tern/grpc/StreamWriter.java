package dev.tern.grpc;

/**
 * Writes a stream of messages in blocking style (meant for virtual threads). {@link #send} blocks
 * while the peer's flow-control window and the local outbound buffer are full, so a fast writer
 * never outruns a slow reader by more than a bounded amount.
 *
 * @param <T> the message type
 */
public interface StreamWriter<T> {

  /**
   * Sends one message, blocking while the outbound buffer is above its high-water mark.
   *
   * @throws GrpcStatusException (CANCELLED, DEADLINE_EXCEEDED, ...) if the call is gone, or
   *     CANCELLED if the thread is interrupted while blocked (the call is cancelled then)
   * @throws IllegalStateException after {@link #complete()}
   */
  void send(T message);

  /**
   * Ends the stream: on the client, half-closes (the server sees the end of its requests); on the
   * server, ends the call with OK (a handler that returns normally completes implicitly).
   */
  void complete();
}
