package dev.tern.grpc;

/**
 * Receives a stream of messages in async style: any number of {@link #onNext} calls, then exactly
 * one of {@link #onError} or {@link #onCompleted}. Calls are never concurrent. Inbound observers are
 * called on the connection's event loop and must not block.
 *
 * @param <T> the message type
 */
public interface StreamObserver<T> {

  void onNext(T value);

  /** The stream failed; for calls, a {@link GrpcStatusException} (or RpcTimeoutException/TransportException on the client). */
  void onError(Throwable error);

  void onCompleted();
}
