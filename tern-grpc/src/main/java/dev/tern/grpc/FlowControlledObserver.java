package dev.tern.grpc;

/**
 * An outbound {@link StreamObserver} with the same backpressure as {@link StreamWriter}, and control
 * over the inbound direction of the same call.
 *
 * <p>Outbound: {@link #onNext} never blocks; it queues the message. Producers should check
 * {@link #isReady()} and, when it is false, stop and resume from the {@link #setOnReadyHandler
 * on-ready handler}. Messages sent while not ready are still queued (memory then grows with them).
 *
 * <p>Inbound: by default each message delivered to the inbound observer is requested again
 * automatically. After {@link #disableAutoRequest()} messages arrive only as {@link #request(int)}
 * allows, and the peer's HTTP/2 window is released only as they are requested.
 *
 * @param <T> the outbound message type
 */
public interface FlowControlledObserver<T> extends StreamObserver<T> {

  /** False while the outbound buffer is above its high-water mark, or once the call has ended. */
  boolean isReady();

  /** Runs {@code onReady} on the event loop each time {@link #isReady()} turns true. */
  void setOnReadyHandler(Runnable onReady);

  /** Inbound messages then arrive only as {@link #request(int)} allows. Call it before the first message. */
  void disableAutoRequest();

  /** Allows {@code count} more inbound messages to be delivered. */
  void request(int count);
}
