package dev.tern.grpc;

import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Reads a stream of messages in blocking style (meant for virtual threads). Each
 * {@link #receive()} asks the peer for one more message: the HTTP/2 flow-control window is released
 * only as messages are consumed, so a reader that stops reading stops the sender.
 *
 * <pre>{@code
 * for (Req r : requests) { ... }   // or: Req r; while ((r = requests.receive()) != null) { ... }
 * }</pre>
 *
 * @param <T> the message type
 */
public interface StreamReader<T> extends Iterable<T> {

  /**
   * The next message, blocking until it arrives, or {@code null} when the peer finished sending.
   *
   * @throws GrpcStatusException when the call failed or was cancelled
   * @throws dev.tern.core.RpcTimeoutException when the client's deadline passed
   * @throws GrpcStatusException (CANCELLED) when the thread is interrupted: the call is cancelled
   *     and the interrupt flag stays set
   */
  T receive();

  /** Iterates with {@link #receive()} until the peer finishes; errors are thrown from {@code hasNext()}. */
  @Override
  default Iterator<T> iterator() {
    return new Iterator<>() {
      private T next;
      private boolean done;

      @Override
      public boolean hasNext() {
        if (next != null) return true;
        if (done) return false;
        next = receive();
        if (next == null) done = true;
        return next != null;
      }

      @Override
      public T next() {
        if (!hasNext()) throw new NoSuchElementException();
        T t = next;
        next = null;
        return t;
      }
    };
  }
}
