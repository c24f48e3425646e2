package dev.tern.benchmarks.load;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * A closed-loop load: a fixed number of callers, each making its next echo call as soon as the
 * last one returned, so the offered load follows the server's speed and the number of calls in
 * flight stays at the concurrency. Latencies (nanoseconds, call to reply) and errors are read out
 * in {@linkplain #interval() intervals}, so warm-up can be discarded.
 */
abstract class ClosedLoop implements AutoCloseable {

  /** After a failed call, wait a little before the next: no busy loop against a dead server. */
  static final Executor AFTER_ERROR = CompletableFuture.delayedExecutor(10, TimeUnit.MILLISECONDS);

  private final Recorder latencies = new Recorder(3);
  private final LongAdder errors = new LongAdder();
  private final AtomicReference<Throwable> firstError = new AtomicReference<>();
  /** Set by {@link #close()}: callers finish the call in hand and make no more. */
  protected volatile boolean stopping;

  /** Starts all callers; returns without waiting for the first replies. */
  abstract void start() throws Exception;

  /** Stops the callers, waits for the calls in flight, and closes the connections. */
  @Override
  public abstract void close();

  /** The latencies and errors recorded since the previous call (or since the start). */
  final Interval interval() {
    return new Interval(latencies.getIntervalHistogram(), errors.sumThenReset());
  }

  /** The first error seen, to say why a run had errors; null if none. */
  final Throwable firstError() {
    return firstError.get();
  }

  final void recordSuccess(long nanos) {
    latencies.recordValue(nanos);
  }

  final void recordError(Throwable error) {
    errors.increment();
    firstError.compareAndSet(null, error);
  }

  /** What one interval recorded: latencies of the successful calls, and the failed ones. */
  record Interval(Histogram latencies, long errors) {}
}
