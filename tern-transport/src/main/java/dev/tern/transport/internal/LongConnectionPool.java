package dev.tern.transport.internal;

import dev.tern.core.RpcTimeoutException;
import dev.tern.core.TransportException;
import dev.tern.transport.Address;
import dev.tern.transport.ConnectionPool;
import dev.tern.transport.Connector;
import dev.tern.transport.PoolOptions;
import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Kitex-style long-connection pool: per address, a LIFO stack of idle connections (the most
 * recently used is reused first, so surplus ones age out), a count of open connections capped by
 * {@link PoolOptions#maxConnections()}, and a queue of callers waiting for a connection when the
 * cap is reached. A periodic sweep closes connections idle past the timeout and drops empty
 * per-address pools, so addresses that come and go (discovery) leave nothing behind.
 *
 * <p>Per-address state is guarded by a {@link ReentrantLock} (never held across I/O or while
 * completing a caller's future) rather than {@code synchronized}, which pins virtual threads on
 * Java 21.
 */
public final class LongConnectionPool implements ConnectionPool {

  private static final AttributeKey<AddressPool> POOL = AttributeKey.valueOf("tern.connectionPool");
  private static final AttributeKey<IdleGuard> GUARD = AttributeKey.valueOf("tern.idleGuard");

  private final Connector connector;
  private final PoolOptions options;
  private final long idleTimeoutNanos;
  private final ConcurrentHashMap<Address, AddressPool> pools = new ConcurrentHashMap<>();
  private final ScheduledFuture<?> sweeper;
  private volatile boolean closed;

  public LongConnectionPool(Connector connector, PoolOptions options) {
    this.connector = connector;
    this.options = options;
    this.idleTimeoutNanos = options.idleTimeout().toNanos();
    long period = Math.clamp(idleTimeoutNanos / 4, TimeUnit.MILLISECONDS.toNanos(10), TimeUnit.SECONDS.toNanos(5));
    this.sweeper = connector.transport().group().next()
        .scheduleWithFixedDelay(this::sweep, period, period, TimeUnit.NANOSECONDS);
  }

  @Override
  public CompletableFuture<Channel> acquire(Address address) {
    while (!closed) {
      AddressPool pool = pools.computeIfAbsent(address, AddressPool::new);
      CompletableFuture<Channel> f = pool.acquire();
      if (f != null) return f;
      pools.remove(address, pool); // retired by a sweep meanwhile: take a fresh one
    }
    return CompletableFuture.failedFuture(shuttingDown());
  }

  @Override
  public void release(Channel channel) {
    AddressPool pool = channel.attr(POOL).get();
    if (pool == null || closed) {
      channel.close();
    } else {
      pool.release(channel);
    }
  }

  @Override
  public void discard(Channel channel) {
    channel.close(); // the close listener does the accounting
  }

  @Override
  public int idleCount() {
    int n = 0;
    for (AddressPool p : pools.values()) n += p.idleCount();
    return n;
  }

  @Override
  public int openCount() {
    int n = 0;
    for (AddressPool p : pools.values()) n += p.openCount();
    return n;
  }

  @Override
  public void close() {
    if (closed) return;
    closed = true;
    sweeper.cancel(false);
    for (AddressPool p : pools.values()) p.retire();
  }

  private void sweep() {
    long now = System.nanoTime();
    for (AddressPool p : pools.values()) {
      p.closeExpired(now);
      if (p.retireIfUnused()) pools.remove(p.address, p);
    }
  }

  private static TransportException shuttingDown() {
    return new TransportException(TransportException.Kind.SHUTTING_DOWN, "connection pool is closed");
  }

  /** The connections to one address. */
  private final class AddressPool {
    final Address address;
    final ReentrantLock lock = new ReentrantLock();
    /** Idle connections, most recently released first. */
    final ArrayDeque<Channel> idle = new ArrayDeque<>();
    final ArrayDeque<CompletableFuture<Channel>> waiters = new ArrayDeque<>();
    /** Connections open or being opened: idle, checked out and connecting. */
    int open;
    boolean retired;

    AddressPool(Address address) {
      this.address = address;
    }

    /** A connection, or null if this pool was retired and the caller must look up a new one. */
    CompletableFuture<Channel> acquire() {
      while (true) {
        Channel ch;
        lock.lock();
        try {
          if (retired) return null;
          ch = idle.pollFirst();
          if (ch == null) {
            if (open < options.maxConnections()) {
              open++;
              break;
            }
            return enqueueWaiter();
          }
        } finally {
          lock.unlock();
        }
        if (guard(ch).checkOut(ch)) return CompletableFuture.completedFuture(ch);
        ch.close(); // dead or dirty: its close listener frees the slot; try the next one
      }
      CompletableFuture<Channel> result = new CompletableFuture<>();
      connectFor(result);
      return result;
    }

    /** Called with the lock held. */
    private CompletableFuture<Channel> enqueueWaiter() {
      CompletableFuture<Channel> waiter = new CompletableFuture<>();
      waiters.addLast(waiter);
      long timeout = connector.connectTimeout().toNanos();
      ScheduledFuture<?> timer = connector.transport().group().next().schedule(
          () -> waiter.completeExceptionally(new RpcTimeoutException(RpcTimeoutException.Phase.CONNECT,
              "no connection to " + address + " became free within " + connector.connectTimeout().toMillis()
                  + " ms (" + options.maxConnections() + " connections in use)")),
          timeout, TimeUnit.NANOSECONDS);
      waiter.whenComplete((ch, err) -> {
        timer.cancel(false);
        if (err != null) {
          lock.lock();
          try {
            waiters.remove(waiter);
          } finally {
            lock.unlock();
          }
        }
      });
      return waiter;
    }

    /** Opens a connection for {@code target}; the slot is already counted in {@link #open}. */
    private void connectFor(CompletableFuture<Channel> target) {
      connector.connect(address).whenComplete((ch, err) -> {
        if (err != null) {
          lock.lock();
          try {
            open--;
          } finally {
            lock.unlock();
          }
          target.completeExceptionally(err);
          slotFreed();
          return;
        }
        IdleGuard guard = new IdleGuard();
        ch.pipeline().addFirst("tern.idleGuard", guard);
        ch.attr(GUARD).set(guard);
        ch.attr(POOL).set(this);
        ch.closeFuture().addListener(f -> onClosed(ch));
        if (!target.complete(ch)) release(ch); // the caller stopped waiting: keep it for the next one
      });
    }

    void release(Channel ch) {
      if (!ch.isActive()) {
        ch.close();
        return;
      }
      IdleGuard guard = guard(ch);
      while (true) {
        CompletableFuture<Channel> waiter;
        lock.lock();
        try {
          waiter = waiters.pollFirst();
          if (waiter == null) {
            if (retired || idle.size() >= options.maxIdle()) break;
            guard.checkIn(System.nanoTime());
            idle.addFirst(ch);
            return;
          }
        } finally {
          lock.unlock();
        }
        if (waiter.complete(ch)) return; // handed over without going idle
      }
      ch.close();
    }

    private void onClosed(Channel ch) {
      lock.lock();
      try {
        idle.remove(ch);
        open--;
      } finally {
        lock.unlock();
      }
      slotFreed();
    }

    /** After a connection closed or failed to open: a waiting caller may now open one. */
    private void slotFreed() {
      CompletableFuture<Channel> waiter;
      lock.lock();
      try {
        if (retired || waiters.isEmpty() || open >= options.maxConnections()) return;
        waiter = waiters.pollFirst();
        open++;
      } finally {
        lock.unlock();
      }
      connectFor(waiter);
    }

    void closeExpired(long now) {
      List<Channel> expired = new ArrayList<>();
      lock.lock();
      try {
        while (idle.size() > options.minIdle()) {
          Channel oldest = idle.peekLast();
          if (now - guard(oldest).idleSinceNanos() < idleTimeoutNanos) break;
          expired.add(idle.pollLast());
        }
      } finally {
        lock.unlock();
      }
      expired.forEach(Channel::close);
    }

    boolean retireIfUnused() {
      lock.lock();
      try {
        if (open == 0 && waiters.isEmpty()) retired = true;
        return retired;
      } finally {
        lock.unlock();
      }
    }

    void retire() {
      List<Channel> idleNow;
      List<CompletableFuture<Channel>> waiting;
      lock.lock();
      try {
        retired = true;
        idleNow = new ArrayList<>(idle);
        idle.clear();
        waiting = new ArrayList<>(waiters);
        waiters.clear();
      } finally {
        lock.unlock();
      }
      idleNow.forEach(Channel::close);
      waiting.forEach(w -> w.completeExceptionally(shuttingDown()));
    }

    int idleCount() {
      lock.lock();
      try {
        return idle.size();
      } finally {
        lock.unlock();
      }
    }

    int openCount() {
      lock.lock();
      try {
        return open;
      } finally {
        lock.unlock();
      }
    }

    private IdleGuard guard(Channel ch) {
      return ch.attr(GUARD).get();
    }
  }
}
