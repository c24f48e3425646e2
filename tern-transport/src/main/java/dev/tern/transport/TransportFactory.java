package dev.tern.transport;

import dev.tern.transport.internal.Engines;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Netty I/O engine with its event loop group: what Tern's servers and clients run on (the
 * counterpart of Kitex's netpoll pollers).
 *
 * <p>The engine is chosen at run time: io_uring where the kernel allows it, else epoll on Linux,
 * else NIO. The system property {@value #KIND_PROPERTY} ({@code io_uring}, {@code epoll} or
 * {@code nio}) forces one; forcing an engine this machine cannot run is an error rather than a
 * silent fallback.
 *
 * <p>{@link #shared()} is one JVM-wide instance, created on first use with daemon I/O threads (one
 * per core, or {@value #THREADS_PROPERTY}) that are released when the JVM exits; servers and
 * clients use it unless given another. {@link #create(TransportKind, int)} makes a private one,
 * which its owner {@link #close() closes}.
 *
 * <p>Buffers come from {@link ByteBufAllocator#DEFAULT}, which in Netty 4.2 is the pooled direct
 * <em>adaptive</em> allocator ({@code -Dio.netty.allocator.type} still overrides it). Tern encodes
 * replies on the handler's virtual thread, and the adaptive allocator serves any thread from shared
 * magazines, whereas {@code PooledByteBufAllocator} either creates a thread-local cache per
 * (short-lived) virtual thread or contends on its arenas without one.
 */
public final class TransportFactory implements AutoCloseable {

  /** System property that forces an engine: {@code io_uring}, {@code epoll} or {@code nio}. */
  public static final String KIND_PROPERTY = "tern.transport";

  /** System property with the number of I/O threads of the shared instance. */
  public static final String THREADS_PROPERTY = "tern.transport.threads";

  private static final Logger log = LoggerFactory.getLogger(TransportFactory.class);

  private final TransportKind kind;
  private final EventLoopGroup group;
  private final boolean shared;

  private TransportFactory(TransportKind kind, int threads, boolean shared) {
    this.kind = kind;
    this.shared = shared;
    this.group = new MultiThreadIoEventLoopGroup(
        threads, new DefaultThreadFactory("tern-" + kind.id(), true), Engines.ioHandlerFactory(kind));
  }

  /** The JVM-wide instance (created on first call). */
  public static TransportFactory shared() {
    return Shared.INSTANCE;
  }

  /**
   * A private instance on the given engine with its own I/O threads (0 means one per core).
   *
   * @throws IllegalStateException if the engine cannot run here
   */
  public static TransportFactory create(TransportKind kind, int ioThreads) {
    Objects.requireNonNull(kind, "kind");
    if (ioThreads < 0) throw new IllegalArgumentException("ioThreads < 0");
    requireAvailable(kind);
    return new TransportFactory(kind, ioThreads == 0 ? defaultThreads() : ioThreads, false);
  }

  /** Whether the engine can run on this machine. */
  public static boolean isAvailable(TransportKind kind) {
    return Engines.isAvailable(kind);
  }

  /**
   * The engine the shared instance uses: the one named by {@value #KIND_PROPERTY}, else the best
   * available one.
   */
  public static TransportKind defaultKind() {
    return ChosenKind.KIND;
  }

  public TransportKind kind() {
    return kind;
  }

  /** The event loops doing all I/O; also fine for timers that must not block. */
  public EventLoopGroup group() {
    return group;
  }

  /** The buffer allocator set on every channel (see the class documentation). */
  public ByteBufAllocator allocator() {
    return ByteBufAllocator.DEFAULT;
  }

  public boolean isShared() {
    return shared;
  }

  private final java.util.concurrent.atomic.AtomicInteger closingServers = new java.util.concurrent.atomic.AtomicInteger();

  /** A server on these loops began a graceful close (see the shared instance's shutdown hook). */
  void serverClosing() {
    closingServers.incrementAndGet();
  }

  /** A server on these loops finished closing. */
  void serverClosed() {
    closingServers.decrementAndGet();
  }

  private void awaitClosingServers(long timeoutNanos) {
    long deadline = System.nanoTime() + timeoutNanos;
    // the application's hook may start its close a moment after this one starts
    long settle = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
    while (System.nanoTime() < deadline && (closingServers.get() > 0 || System.nanoTime() < settle)) {
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** Shuts the event loops down; does nothing for the {@link #shared()} instance. */
  @Override
  public void close() {
    if (shared) return;
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
  }

  @Override
  public String toString() {
    return "TransportFactory{" + kind.id() + (shared ? ", shared" : "") + '}';
  }

  private static void requireAvailable(TransportKind kind) {
    if (!Engines.isAvailable(kind)) {
      throw new IllegalStateException("transport " + kind.id() + " is not available on this machine",
          Engines.unavailabilityCause(kind));
    }
  }

  private static int defaultThreads() {
    return Math.max(1, Runtime.getRuntime().availableProcessors());
  }

  private static TransportKind chooseKind() {
    String forced = System.getProperty(KIND_PROPERTY);
    if (forced != null && !forced.isBlank()) {
      TransportKind kind = TransportKind.fromId(forced);
      requireAvailable(kind);
      log.info("Tern transport: {} (forced by -D{})", kind.id(), KIND_PROPERTY);
      return kind;
    }
    for (TransportKind kind : TransportKind.values()) {
      if (Engines.isAvailable(kind)) {
        log.info("Tern transport: {}", kind.id());
        return kind;
      }
      log.debug("transport {} unavailable", kind.id(), Engines.unavailabilityCause(kind));
    }
    throw new AssertionError("NIO is always available");
  }

  /** Lazy holder: the engines are probed, and the choice logged, once. */
  private static final class ChosenKind {
    static final TransportKind KIND = chooseKind();
  }

  /** Lazy holder: the shared threads start on first use only. */
  private static final class Shared {
    static final TransportFactory INSTANCE = create();

    private static TransportFactory create() {
      int threads = Integer.getInteger(THREADS_PROPERTY, defaultThreads());
      TransportFactory f = new TransportFactory(ChosenKind.KIND, Math.max(1, threads), true);
      // JVM shutdown hooks run concurrently: a server closing gracefully in the application's own
      // hook still needs the event loops, so wait for closes in progress (bounded) before stopping.
      Thread hook = new Thread(() -> {
        f.awaitClosingServers(TimeUnit.SECONDS.toNanos(30));
        f.group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
      }, "tern-transport-shutdown");
      Runtime.getRuntime().addShutdownHook(hook);
      return f;
    }
  }
}
