package dev.tern.benchmarks.codec;

import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Runs JMH's benchmark threads as Netty {@link io.netty.util.concurrent.FastThreadLocalThread}s,
 * the kind of thread Tern decodes on (its event loops). Netty keeps some scratch state only for
 * such threads: decoding a string from a direct buffer, for one, reuses a per-thread array there
 * but allocates a new one per string elsewhere. Selected with {@code -Djmh.executor=CUSTOM
 * -Djmh.executor.class=} this class; JMH calls the {@code (int, String)} constructor.
 */
public final class NettyThreadExecutor extends ThreadPoolExecutor {

  public NettyThreadExecutor(int threads, String prefix) {
    super(threads, threads, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), new DefaultThreadFactory(prefix, true));
  }
}
