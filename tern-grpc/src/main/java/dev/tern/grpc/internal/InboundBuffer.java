package dev.tern.grpc.internal;

import io.netty.buffer.ByteBuf;
import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Hands received messages from the event loop to a blocking reader. It holds only what was
 * requested (one message ahead of the reader), so its size is bounded; the undecoded payloads are
 * decoded on the reader's thread.
 */
final class InboundBuffer {

  /** A received payload and whether it is compressed. */
  record Item(ByteBuf payload, boolean compressed) {}

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final ArrayDeque<Item> items = new ArrayDeque<>(2);
  private boolean ended;
  private RuntimeException failure;

  /** Event loop: a message arrived; dropped if the stream already ended or failed. */
  void offer(ByteBuf payload, boolean compressed) {
    lock.lock();
    try {
      if (ended || failure != null) {
        payload.release();
        return;
      }
      items.add(new Item(payload, compressed));
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** The peer finished sending normally: the reader gets what is buffered, then the end. */
  void end() {
    lock.lock();
    try {
      if (failure == null) ended = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * The stream failed. With {@code discard}, buffered messages are dropped and the reader fails at
   * once (local cancellation); without, it still gets them first (the peer's error status after
   * its last messages). Ignored once ended or failed.
   */
  void fail(RuntimeException error, boolean discard) {
    lock.lock();
    try {
      if (ended || failure != null) return;
      failure = error;
      if (discard) {
        for (Item i; (i = items.poll()) != null; ) i.payload().release();
      }
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * The next item, blocking; {@code null} at the normal end.
   *
   * @throws RuntimeException the stream's failure
   */
  Item take() throws InterruptedException {
    lock.lockInterruptibly();
    try {
      while (items.isEmpty() && !ended && failure == null) changed.await();
      Item i = items.poll();
      if (i != null) return i;
      if (failure != null) throw failure;
      return null;
    } finally {
      lock.unlock();
    }
  }

  /** Releases whatever is buffered (the reader went away). */
  void discard() {
    lock.lock();
    try {
      for (Item i; (i = items.poll()) != null; ) i.payload().release();
      if (!ended && failure == null) ended = true;
      changed.signalAll(); // a reader waiting on another thread sees the end instead of blocking on

    } finally {
      lock.unlock();
    }
  }
}
