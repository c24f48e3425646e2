package dev.tern.grpc.internal;

import dev.tern.core.RpcTimeoutException;
import dev.tern.core.TransportException;
import dev.tern.transport.Address;
import dev.tern.transport.Connector;
import dev.tern.transport.TransportFactory;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.http2.AbstractHttp2ConnectionHandlerBuilder;
import io.netty.handler.codec.http2.DefaultHttp2Connection;
import io.netty.handler.codec.http2.DefaultHttp2LocalFlowController;
import io.netty.handler.codec.http2.Http2Connection;
import io.netty.handler.codec.http2.Http2ConnectionDecoder;
import io.netty.handler.codec.http2.Http2ConnectionEncoder;
import io.netty.handler.codec.http2.Http2Settings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client's HTTP/2 connections, by address: calls to one address share a connection (HTTP/2
 * multiplexes them); a second one opens only when the first is at the server's concurrent stream
 * limit. Connections that fail or receive GOAWAY are dropped and replaced on the next call.
 */
public final class ClientConnections implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ClientConnections.class);

  private final TransportFactory transport;
  private final Connector connector;
  private final Duration connectTimeout;
  private final int maxHeaderListSize;
  private final long keepAliveTimeoutNanos;
  private volatile long keepAliveTimeNanos;
  private final ConcurrentHashMap<Address, AddressPool> pools = new ConcurrentHashMap<>();
  private volatile boolean closed;

  /**
   * @param keepAliveTimeNanos ping a quiet connection with calls open after this long; 0 for never
   */
  public ClientConnections(TransportFactory transport, Duration connectTimeout, int maxHeaderListSize,
      long keepAliveTimeNanos, long keepAliveTimeoutNanos) {
    this.transport = transport;
    this.connectTimeout = connectTimeout;
    this.maxHeaderListSize = maxHeaderListSize;
    this.keepAliveTimeNanos = keepAliveTimeNanos;
    this.keepAliveTimeoutNanos = keepAliveTimeoutNanos;
    this.connector = new Connector(transport, new ChannelInitializer<Channel>() {
      @Override
      protected void initChannel(Channel ch) {
        ch.pipeline().addLast("tern.grpcClient", newHandler());
      }
    }, connectTimeout);
  }

  public TransportFactory transport() {
    return transport;
  }

  /** A connection to {@code address} with one stream slot reserved for the caller. */
  CompletableFuture<ClientConnectionHandler> acquire(Address address) {
    if (closed) {
      return CompletableFuture.failedFuture(
          new TransportException(TransportException.Kind.SHUTTING_DOWN, "the client is closed"));
    }
    return pools.computeIfAbsent(address, AddressPool::new).acquire();
  }

  /** Open connections (for tests and metrics). */
  public int connectionCount() {
    int n = 0;
    for (AddressPool p : pools.values()) n += p.size();
    return n;
  }

  void goingAway(ClientConnectionHandler c) {
    AddressPool p = c.pool;
    if (p != null) p.remove(c);
  }

  void closed(ClientConnectionHandler c) {
    goingAway(c);
  }

  /** The server said we ping too often: halve the rate for new connections, as grpc-java does. */
  void tooManyPings() {
    long t = keepAliveTimeNanos;
    if (t > 0) {
      keepAliveTimeNanos = t > Long.MAX_VALUE / 2 ? Long.MAX_VALUE : t * 2;
      log.warn("server rejected keepalive pings as too many; keepalive time now {} ms",
          TimeUnit.NANOSECONDS.toMillis(keepAliveTimeNanos));
    }
  }

  /** Takes no new calls; open connections close once their calls finish (GOAWAY). */
  @Override
  public void close() {
    closed = true;
    for (AddressPool p : pools.values()) p.close();
  }

  private ClientConnectionHandler newHandler() {
    Http2Connection connection = new DefaultHttp2Connection(false);
    connection.local().flowController(new DefaultHttp2LocalFlowController(connection, 0.5f, true));
    Http2Settings settings = new Http2Settings()
        .pushEnabled(false)
        .maxHeaderListSize(maxHeaderListSize)
        .initialWindowSize(GrpcConnectionHandler.INITIAL_WINDOW);
    return new Builder(this, connection, settings).create();
  }

  private final class Builder extends AbstractHttp2ConnectionHandlerBuilder<ClientConnectionHandler, Builder> {
    private final ClientConnections owner;

    Builder(ClientConnections owner, Http2Connection connection, Http2Settings settings) {
      this.owner = owner;
      connection(connection);
      initialSettings(settings);
    }

    ClientConnectionHandler create() {
      return build();
    }

    @Override
    protected ClientConnectionHandler build(Http2ConnectionDecoder decoder, Http2ConnectionEncoder encoder,
        Http2Settings initialSettings) {
      return new ClientConnectionHandler(owner, decoder, encoder, initialSettings, keepAliveTimeNanos,
          keepAliveTimeoutNanos, connectTimeout.toNanos());
    }
  }

  /** The connections to one address. */
  final class AddressPool {
    private final Address address;
    private final List<ClientConnectionHandler> connections = new ArrayList<>(1);
    private CompletableFuture<ClientConnectionHandler> connecting;
    private boolean poolClosed;

    AddressPool(Address address) {
      this.address = address;
    }

    CompletableFuture<ClientConnectionHandler> acquire() {
      CompletableFuture<ClientConnectionHandler> pending;
      CompletableFuture<ClientConnectionHandler> started = null;
      synchronized (this) {
        if (connecting != null && connecting.isDone()) adopt(); // its callback may not have run yet
        for (ClientConnectionHandler c : connections) {
          if (c.tryReserve()) return CompletableFuture.completedFuture(c);
        }
        if (poolClosed) {
          return CompletableFuture.failedFuture(
              new TransportException(TransportException.Kind.SHUTTING_DOWN, "the client is closed"));
        }
        if (connecting == null) {
          connecting = connect();
          started = connecting;
        }
        pending = connecting;
      }
      if (started != null) {
        CompletableFuture<ClientConnectionHandler> f = started;
        f.whenComplete((c, err) -> connected(f));
      }
      // a new connection may be full already (many callers waited for it): then look again
      return pending.thenCompose(c -> c.tryReserve() ? CompletableFuture.completedFuture(c) : acquire());
    }

    private CompletableFuture<ClientConnectionHandler> connect() {
      return connector.connect(address).thenCompose(ch -> {
        ClientConnectionHandler h = ch.pipeline().get(ClientConnectionHandler.class);
        h.pool = this;
        return h.ready();
      });
    }

    private void connected(CompletableFuture<ClientConnectionHandler> f) {
      ClientConnectionHandler closeIt = null;
      synchronized (this) {
        if (connecting != f) return; // adopted already
        if (poolClosed) closeIt = f.getNow(null);
        else adopt();
      }
      if (closeIt != null) closeIt.ctx.channel().close();
    }

    /** Moves the finished connection attempt into the pool (if it succeeded). Holding the lock. */
    private void adopt() {
      CompletableFuture<ClientConnectionHandler> f = connecting;
      connecting = null;
      if (f.isCompletedExceptionally()) return;
      ClientConnectionHandler c = f.join();
      if (c.isUsable() && !connections.contains(c)) connections.add(c);
    }

    synchronized void remove(ClientConnectionHandler c) {
      connections.remove(c);
    }

    synchronized int size() {
      return connections.size();
    }

    void close() {
      List<ClientConnectionHandler> all;
      synchronized (this) {
        poolClosed = true;
        all = new ArrayList<>(connections);
        connections.clear();
      }
      for (ClientConnectionHandler c : all) c.ctx.channel().close(); // GOAWAY, then close when idle
    }
  }

  static RpcTimeoutException handshakeTimeout(Duration timeout) {
    return new RpcTimeoutException(RpcTimeoutException.Phase.CONNECT,
        "no HTTP/2 SETTINGS from the server within " + timeout.toMillis() + " ms");
  }
}
