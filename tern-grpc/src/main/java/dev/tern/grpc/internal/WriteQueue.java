package dev.tern.grpc.internal;

import io.netty.channel.ChannelHandlerContext;
import io.netty.util.internal.PlatformDependent;
import java.util.Queue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs commands from any thread on a connection's event loop, in order, and flushes once per
 * batch: many streams writing at once cost one syscall per event loop turn, not one per message.
 */
final class WriteQueue implements Runnable {

  private static final Logger log = LoggerFactory.getLogger(WriteQueue.class);
  private static final int FLUSH_EVERY = 128;

  private final Queue<Runnable> queue = PlatformDependent.newMpscQueue();
  private final AtomicBoolean scheduled = new AtomicBoolean();
  private final GrpcConnectionHandler handler;
  private ChannelHandlerContext ctx;

  WriteQueue(GrpcConnectionHandler handler) {
    this.handler = handler;
  }

  void attach(ChannelHandlerContext ctx) {
    this.ctx = ctx;
  }

  void execute(Runnable command) {
    queue.add(command);
    if (scheduled.compareAndSet(false, true)) {
      try {
        ctx.executor().execute(this);
      } catch (RejectedExecutionException e) { // the event loop is gone: so is the connection
        log.debug("event loop rejected a gRPC write", e);
      }
    }
  }

  @Override
  public void run() {
    try {
      int n = 0;
      for (Runnable c; (c = queue.poll()) != null; ) {
        try {
          c.run();
        } catch (Throwable t) {
          log.warn("gRPC command failed on {}", ctx.channel(), t);
        }
        if (++n == FLUSH_EVERY) {
          handler.flush(ctx);
          n = 0;
        }
      }
      handler.flush(ctx);
    } finally {
      scheduled.set(false);
      if (!queue.isEmpty() && scheduled.compareAndSet(false, true)) ctx.executor().execute(this);
    }
  }
}
