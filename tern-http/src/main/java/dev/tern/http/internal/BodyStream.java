package dev.tern.http.internal;

import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.EventExecutor;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A message body read while it arrives: a request body by a streaming handler, or a response
 * body by a client caller. The event loop {@link #offer}s chunks, the reader's (virtual) thread
 * reads them. Past {@value #HIGH_WATER} buffered bytes the producer is
 * {@linkplain Flow#pause paused} (the connection, or on HTTP/2 the stream, stops reading, so TCP
 * or HTTP/2 flow control holds the client back) and resumed below {@value #LOW_WATER}: an upload of
 * any size costs at most a few hundred KiB of memory.
 */
final class BodyStream extends InputStream {

  static final int HIGH_WATER = 256 * 1024;
  static final int LOW_WATER = 64 * 1024;

  /** Stops and restarts reading from the network; called on the event loop. */
  interface Flow {
    void pause();

    void resume();
  }

  private final EventExecutor loop;
  private final Flow flow;
  private final long readTimeoutNanos;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final ArrayDeque<ByteBuf> chunks = new ArrayDeque<>();
  private int buffered;
  private boolean ended;
  private boolean closed;
  private boolean paused;
  private IOException failure;
  private volatile Runnable onFirstRead;

  /**
   * @param readTimeoutMillis how long a read may wait for the next bytes before failing (0: no limit)
   */
  BodyStream(EventExecutor loop, Flow flow, long readTimeoutMillis) {
    this.loop = loop;
    this.flow = flow;
    this.readTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(readTimeoutMillis);
  }

  /** Runs once, on the reader's thread, before the first read ({@code 100 Continue} goes out then). */
  void onFirstRead(Runnable action) {
    this.onFirstRead = action;
  }

  // ---- producer side (event loop) ----

  /** Queues a chunk; takes ownership of the buffer. */
  void offer(ByteBuf content) {
    lock.lock();
    try {
      if (closed || failure != null || !content.isReadable()) {
        content.release();
        return;
      }
      chunks.add(content);
      buffered += content.readableBytes();
      if (buffered >= HIGH_WATER && !paused) {
        paused = true;
        flow.pause();
      }
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** The last chunk has been offered. */
  void end() {
    lock.lock();
    try {
      ended = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * The body cannot be completed (malformed framing, the peer went away, too slow); on a server,
   * with the status the request is answered with.
   */
  void fail(int status, String message) {
    fail(new Failure(status, message));
  }

  void fail(IOException error) {
    lock.lock();
    try {
      if (ended || failure != null) return;
      failure = error;
      releaseChunks();
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Whether the whole body arrived (it may not all have been read). */
  boolean fullyReceived() {
    lock.lock();
    try {
      return ended;
    } finally {
      lock.unlock();
    }
  }

  /** Why the body could not be received, or null. */
  IOException failure() {
    lock.lock();
    try {
      return failure;
    } finally {
      lock.unlock();
    }
  }

  // ---- consumer side (the handler's thread) ----

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    if (len == 0) return 0;
    Runnable first = onFirstRead;
    if (first != null) {
      onFirstRead = null;
      first.run();
    }
    lock.lock();
    try {
      long waitNanos = readTimeoutNanos;
      while (chunks.isEmpty()) {
        if (closed) throw new IOException("request body stream closed");
        if (failure != null) throw failure instanceof Failure f ? new Failure(f.status, f.getMessage()) : new IOException(failure.getMessage(), failure);
        if (ended) return -1;
        if (readTimeoutNanos <= 0) {
          changed.awaitUninterruptibly();
        } else {
          if (waitNanos <= 0) {
            String why = "no body bytes for " + readTimeoutNanos / 1_000_000 + " ms";
            fail(new Failure(408, why));
            throw new SocketTimeoutException(why);
          }
          try {
            waitNanos = changed.awaitNanos(waitNanos);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while reading the request body");
          }
        }
      }
      ByteBuf head = chunks.peek();
      int n = Math.min(len, head.readableBytes());
      head.readBytes(b, off, n);
      if (!head.isReadable()) chunks.poll().release();
      buffered -= n;
      if (paused && buffered <= LOW_WATER) {
        paused = false;
        loop.execute(flow::resume);
      }
      return n;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public int available() {
    lock.lock();
    try {
      return buffered;
    } finally {
      lock.unlock();
    }
  }

  /** Discards what is buffered and what still arrives; reading afterwards fails. */
  @Override
  public void close() {
    lock.lock();
    try {
      if (closed) return;
      closed = true;
      releaseChunks();
      if (paused) { // let the rest arrive, to be dropped, rather than stall the connection
        paused = false;
        loop.execute(flow::resume);
      }
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private void releaseChunks() {
    ByteBuf b;
    while ((b = chunks.poll()) != null) b.release();
    buffered = 0;
  }

  /** A body failure with the HTTP status a server answers it with. */
  static final class Failure extends IOException {
    final int status;

    Failure(int status, String message) {
      super(message);
      this.status = status;
    }
  }
}
