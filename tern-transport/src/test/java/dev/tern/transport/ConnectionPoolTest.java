package dev.tern.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tern.core.RpcTimeoutException;
import dev.tern.core.TransportException;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConnectionPoolTest {

  @TempDir Path dir;

  private final TransportFactory transport = TransportFactory.shared();
  private final Connector connector = new Connector(transport, Echo.client(), Duration.ofMillis(300));
  private final List<AutoCloseable> closeables = new ArrayList<>();
  private TransportServer server;

  @BeforeEach
  void startServer() {
    server = track(TransportServer.bind(transport, Address.tcp("127.0.0.1", 0), Echo.server()));
  }

  @AfterEach
  void closeAll() throws Exception {
    for (int i = closeables.size() - 1; i >= 0; i--) closeables.get(i).close();
  }

  @Test
  void sequentialCheckoutsReuseOneConnection() throws Exception {
    ConnectionPool pool = track(ConnectionPool.longConnections(connector, PoolOptions.DEFAULT));
    Channel first = pool.acquire(server.localAddress()).get();
    assertThat(Echo.roundTrip(first, "one")).isEqualTo("one");
    pool.release(first);
    for (int i = 0; i < 5; i++) {
      Channel ch = pool.acquire(server.localAddress()).get();
      assertThat(ch).isSameAs(first);
      assertThat(Echo.roundTrip(ch, "call " + i)).isEqualTo("call " + i);
      pool.release(ch);
    }
    assertThat(server.connectionCount()).isEqualTo(1);
    assertThat(pool.idleCount()).isEqualTo(1);
  }

  @Test
  void reusesConnectionsOverUnixSockets() throws Exception {
    TransportServer uds = track(TransportServer.bind(transport, Address.unix(dir.resolve("p.sock")), Echo.server()));
    ConnectionPool pool = track(ConnectionPool.longConnections(connector, PoolOptions.DEFAULT));
    Channel a = pool.acquire(uds.localAddress()).get();
    assertThat(Echo.roundTrip(a, "uds")).isEqualTo("uds");
    pool.release(a);
    assertThat(pool.acquire(uds.localAddress()).get()).isSameAs(a);
  }

  @Test
  void checkoutIsExclusive() throws Exception {
    ConnectionPool pool = track(ConnectionPool.longConnections(connector, PoolOptions.DEFAULT));
    Channel a = pool.acquire(server.localAddress()).get();
    Channel b = pool.acquire(server.localAddress()).get();
    assertThat(a).isNotSameAs(b);
    assertThat(pool.openCount()).isEqualTo(2);
    pool.release(a);
    pool.release(b);
    assertThat(pool.idleCount()).isEqualTo(2);
    // LIFO: the most recently released connection is reused first
    assertThat(pool.acquire(server.localAddress()).get()).isSameAs(b);
  }

  @Test
  void connectionsBeyondMaxIdleAreClosedOnRelease() throws Exception {
    ConnectionPool pool = track(ConnectionPool.longConnections(connector, PoolOptions.DEFAULT.withMaxIdle(1)));
    List<Channel> channels = new ArrayList<>();
    for (int i = 0; i < 3; i++) channels.add(pool.acquire(server.localAddress()).get());
    channels.forEach(pool::release);
    assertThat(pool.idleCount()).isEqualTo(1);
    await(() -> pool.openCount() == 1 && server.connectionCount() == 1);
    assertThat(channels.stream().filter(Channel::isActive)).hasSize(1);
  }

  @Test
  void idleConnectionsTimeOutDownToMinIdle() throws Exception {
    PoolOptions options = PoolOptions.DEFAULT.withIdleTimeout(Duration.ofMillis(60)).withMinIdle(1);
    ConnectionPool pool = track(ConnectionPool.longConnections(connector, options));
    List<Channel> channels = new ArrayList<>();
    for (int i = 0; i < 3; i++) channels.add(pool.acquire(server.localAddress()).get());
    channels.forEach(pool::release);
    assertThat(pool.idleCount()).isEqualTo(3);
    await(() -> pool.idleCount() == 1 && pool.openCount() == 1 && server.connectionCount() == 1);
    // the survivor is the most recently used one, and still works
    Channel kept = pool.acquire(server.localAddress()).get();
    assertThat(kept).isSameAs(channels.get(2));
    assertThat(Echo.roundTrip(kept, "still alive")).isEqualTo("still alive");
  }

  @Test
  void aConnectionThatReceivesDataWhileIdleIsNotReused() throws Exception {
    TransportServer late = track(TransportServer.bind(transport, Address.tcp("127.0.0.1", 0), delayedEcho(100)));
    ConnectionPool pool = track(ConnectionPool.longConnections(connector, PoolOptions.DEFAULT));
    Channel ch = pool.acquire(late.localAddress()).get();
    ch.writeAndFlush(io.netty.buffer.Unpooled.copiedBuffer(new byte[] {42})).sync();
    pool.release(ch); // released before the (late) reply arrived: a confused exchange
    assertThat(ch.closeFuture().await(5, TimeUnit.SECONDS)).isTrue();
    await(() -> pool.idleCount() == 0 && pool.openCount() == 0);
    Channel next = pool.acquire(late.localAddress()).get();
    assertThat(next).isNotSameAs(ch);
    assertThat(next.isActive()).isTrue();
  }

  @Test
  void closedIdleConnectionIsReplacedOnCheckout() throws Exception {
    ConnectionPool pool = track(ConnectionPool.longConnections(connector, PoolOptions.DEFAULT));
    Channel ch = pool.acquire(server.localAddress()).get();
    pool.release(ch);
    // The client's connect can complete before the server has registered the accepted channel.
    await(() -> server.connectionCount() == 1);
    server.closeConnections().get(); // the peer closes the idle connection
    assertThat(ch.closeFuture().await(5, TimeUnit.SECONDS)).isTrue();
    Channel next = pool.acquire(server.localAddress()).get();
    assertThat(next).isNotSameAs(ch);
    assertThat(Echo.roundTrip(next, "fresh")).isEqualTo("fresh");
  }

  @Test
  void atMaxConnectionsACheckoutWaitsForARelease() throws Exception {
    ConnectionPool pool = track(ConnectionPool.longConnections(connector, PoolOptions.DEFAULT.withMaxConnections(1)));
    Channel a = pool.acquire(server.localAddress()).get();
    CompletableFuture<Channel> waiting = pool.acquire(server.localAddress());
    Thread.sleep(50);
    assertThat(waiting).isNotDone();
    pool.release(a);
    assertThat(waiting.get(1, TimeUnit.SECONDS)).isSameAs(a);
    assertThat(pool.openCount()).isEqualTo(1);
  }

  @Test
  void atMaxConnectionsADiscardLetsAWaiterOpenANewConnection() throws Exception {
    ConnectionPool pool = track(ConnectionPool.longConnections(connector, PoolOptions.DEFAULT.withMaxConnections(1)));
    Channel a = pool.acquire(server.localAddress()).get();
    CompletableFuture<Channel> waiting = pool.acquire(server.localAddress());
    pool.discard(a);
    Channel b = waiting.get(2, TimeUnit.SECONDS);
    assertThat(b).isNotSameAs(a);
    assertThat(a.isActive()).isFalse();
    assertThat(Echo.roundTrip(b, "new")).isEqualTo("new");
  }

  @Test
  void aWaiterGivesUpAfterTheConnectTimeout() throws Exception {
    ConnectionPool pool = track(ConnectionPool.longConnections(connector, PoolOptions.DEFAULT.withMaxConnections(1)));
    pool.acquire(server.localAddress()).get();
    long start = System.nanoTime();
    assertThatThrownBy(() -> pool.acquire(server.localAddress()).get(5, TimeUnit.SECONDS))
        .cause().isInstanceOfSatisfying(RpcTimeoutException.class,
            e -> assertThat(e.phase()).isEqualTo(RpcTimeoutException.Phase.CONNECT))
        .hasMessageContaining("became free");
    assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(250));
  }

  @Test
  void aConnectionOpenedForAnAbandonedCheckoutGoesBackToThePool() throws Exception {
    ConnectionPool pool = track(ConnectionPool.longConnections(connector, PoolOptions.DEFAULT));
    CompletableFuture<Channel> f = pool.acquire(server.localAddress());
    if (!f.completeExceptionally(new IllegalStateException("caller gave up"))) pool.release(f.get());
    await(() -> pool.idleCount() == 1);
    assertThat(pool.acquire(server.localAddress()).get().isActive()).isTrue();
    assertThat(pool.openCount()).isEqualTo(1);
  }

  @Test
  void refusedConnectionIsConnectFailed() throws Exception {
    Address closed = server.localAddress();
    server.close();
    ConnectionPool pool = track(ConnectionPool.longConnections(connector, PoolOptions.DEFAULT));
    assertThatThrownBy(() -> pool.acquire(closed).get())
        .isInstanceOf(ExecutionException.class)
        .cause().isInstanceOfSatisfying(TransportException.class, e -> {
          assertThat(e.kind()).isEqualTo(TransportException.Kind.CONNECT_FAILED);
          assertThat(e.isRetryable()).isTrue();
        });
    assertThat(pool.openCount()).isZero();
    assertThatThrownBy(() -> pool.acquire(Address.unix(dir.resolve("missing.sock"))).get())
        .cause().isInstanceOfSatisfying(TransportException.class,
            e -> assertThat(e.kind()).isEqualTo(TransportException.Kind.CONNECT_FAILED));
  }

  @Test
  void connectTimeoutIsAnRpcTimeoutInTheConnectPhase() throws Exception {
    // A listener that never accepts and whose backlog is full: the kernel drops further SYNs.
    try (ServerSocket full = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      List<Socket> fillers = new ArrayList<>();
      try {
        boolean saturated = false;
        for (int i = 0; i < 16 && !saturated; i++) {
          Socket s = new Socket();
          fillers.add(s);
          try {
            s.connect(full.getLocalSocketAddress(), 200);
          } catch (SocketTimeoutException e) {
            saturated = true;
          }
        }
        assertThat(saturated).as("backlog saturated").isTrue();
        ConnectionPool pool = track(ConnectionPool.shortConnections(connector));
        InetSocketAddress a = (InetSocketAddress) full.getLocalSocketAddress();
        assertThatThrownBy(() -> pool.acquire(Address.tcp("127.0.0.1", a.getPort())).get(5, TimeUnit.SECONDS))
            .cause().isInstanceOfSatisfying(RpcTimeoutException.class,
                e -> assertThat(e.phase()).isEqualTo(RpcTimeoutException.Phase.CONNECT));
      } finally {
        for (Socket s : fillers) s.close();
      }
    }
  }

  @Test
  void closingThePoolFailsWaitersClosesIdleAndLaterReturnedConnections() throws Exception {
    ConnectionPool pool = ConnectionPool.longConnections(connector, PoolOptions.DEFAULT.withMaxConnections(2));
    Channel idle = pool.acquire(server.localAddress()).get();
    Channel inUse = pool.acquire(server.localAddress()).get();
    pool.release(idle);
    pool.acquire(server.localAddress()).get(); // takes `idle` again
    CompletableFuture<Channel> waiting = pool.acquire(server.localAddress());
    pool.release(idle);
    assertThat(waiting.get()).isSameAs(idle);
    CompletableFuture<Channel> waiting2 = pool.acquire(server.localAddress());

    pool.close();
    assertThatThrownBy(waiting2::get).cause().isInstanceOfSatisfying(TransportException.class,
        e -> assertThat(e.kind()).isEqualTo(TransportException.Kind.SHUTTING_DOWN));
    assertThatThrownBy(() -> pool.acquire(server.localAddress()).get()).cause()
        .isInstanceOf(TransportException.class);
    assertThat(inUse.isActive()).isTrue(); // calls in flight may finish
    assertThat(Echo.roundTrip(inUse, "last call")).isEqualTo("last call");
    pool.release(inUse);
    pool.release(idle);
    assertThat(inUse.closeFuture().await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(idle.closeFuture().await(5, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void shortConnectionsConnectPerCheckoutAndCloseOnRelease() throws Exception {
    ConnectionPool pool = track(ConnectionPool.shortConnections(connector));
    Channel a = pool.acquire(server.localAddress()).get();
    assertThat(Echo.roundTrip(a, "short")).isEqualTo("short");
    pool.release(a);
    assertThat(a.closeFuture().await(5, TimeUnit.SECONDS)).isTrue();
    Channel b = pool.acquire(server.localAddress()).get();
    assertThat(b).isNotSameAs(a);
    assertThat(pool.idleCount()).isZero();
    assertThat(pool.openCount()).isEqualTo(1);
    pool.release(b);
    await(() -> pool.openCount() == 0 && server.connectionCount() == 0);
  }

  /** An echo server that answers {@code delayMillis} late. */
  private static ChannelHandler delayedEcho(long delayMillis) {
    return new ChannelInitializer<>() {
      @Override
      protected void initChannel(Channel ch) {
        ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
          @Override
          public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ctx.executor().schedule(() -> ctx.writeAndFlush(msg), delayMillis, TimeUnit.MILLISECONDS);
          }
        });
      }
    };
  }

  private <T extends AutoCloseable> T track(T closeable) {
    closeables.add(closeable);
    return closeable;
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) throw new AssertionError("condition not met within 5 s");
      Thread.sleep(5);
    }
  }
}
