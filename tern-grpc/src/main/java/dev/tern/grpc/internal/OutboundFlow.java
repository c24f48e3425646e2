package dev.tern.grpc.internal;

import dev.tern.grpc.GrpcStatus;
import dev.tern.grpc.GrpcStatusException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Backpressure for one stream's outbound messages: counts the bytes handed to the stream and not
 * yet written to the socket (queued locally, waiting for the peer's HTTP/2 window, or for the
 * socket to drain). Above the high-water mark the stream is not ready: blocking writers wait, async
 * writers see {@code isReady() == false} and get an on-ready callback when it drains.
 *
 * <p>Thread-safe: writers call {@link #acquire}/{@link #add} from any thread; the event loop calls
 * {@link #release} as writes complete.
 */
final class OutboundFlow {

  /** As grpc-java's default on-ready threshold: enough to keep a connection busy, small per stream. */
  static final int HIGH_WATER_MARK = 32 * 1024;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition drained = lock.newCondition();
  private final int highWater;
  private long queued;
  private RuntimeException failure;

  OutboundFlow(int highWater) {
    this.highWater = highWater;
  }

  /**
   * Blocks while the stream is above its high-water mark, then counts {@code bytes} as queued.
   *
   * @throws RuntimeException the failure the stream ended with (see {@link #fail})
   * @throws InterruptedException when interrupted while waiting
   */
  void acquire(int bytes) throws InterruptedException {
    lock.lockInterruptibly();
    try {
      while (failure == null && queued >= highWater) drained.await();
      if (failure != null) throw failure;
      queued += bytes;
    } finally {
      lock.unlock();
    }
  }

  /** Counts {@code bytes} as queued without waiting (async writers); throws the stream's failure if it ended. */
  void add(int bytes) {
    lock.lock();
    try {
      if (failure != null) throw failure;
      queued += bytes;
    } finally {
      lock.unlock();
    }
  }

  /**
   * {@code bytes} were written (or dropped).
   *
   * @return whether this took the stream from not ready to ready
   */
  boolean release(int bytes) {
    lock.lock();
    try {
      boolean wasFull = queued >= highWater;
      queued -= bytes;
      boolean ready = queued < highWater;
      if (wasFull && ready) drained.signalAll();
      return wasFull && ready && failure == null;
    } finally {
      lock.unlock();
    }
  }

  boolean isReady() {
    lock.lock();
    try {
      return failure == null && queued < highWater;
    } finally {
      lock.unlock();
    }
  }

  /** Bytes handed over and not yet written. */
  long queuedBytes() {
    lock.lock();
    try {
      return queued;
    } finally {
      lock.unlock();
    }
  }

  /** From now on writers fail with {@code failure}; blocked writers wake. The first failure wins. */
  void fail(RuntimeException failure) {
    lock.lock();
    try {
      if (this.failure == null) this.failure = failure;
      drained.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** The failure writers get once the call is complete on this side (a send after complete()). */
  static GrpcStatusException completed() {
    return GrpcStatus.of(GrpcStatus.Code.INTERNAL).withDescription("the stream was already completed").asException();
  }
}
