package dev.tern.transport;

import dev.tern.core.TransportException;
import dev.tern.transport.internal.Engines;
import dev.tern.transport.internal.NettyFutures;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A listening socket whose accepted connections get a pipeline from the caller: the bottom half
 * of a server, protocol-agnostic.
 *
 * <p>Connections get {@code TCP_NODELAY} (on TCP), the listening socket {@code SO_REUSEADDR}, and
 * both the transport's pooled direct allocator. A Unix socket file is created by the bind and
 * removed on close; binding over a stale socket file (left by a process that died) replaces it,
 * while a socket some process still listens on, or a file that is not a socket, is an error.
 *
 * <p>Shutdown is in steps so that the protocol layer can drain in between: {@link #stopAccepting()}
 * closes the listening socket, the caller waits for its in-flight calls, then
 * {@link #closeConnections()} closes what is left. {@link #close()} does both at once.
 */
public final class TransportServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(TransportServer.class);

  private final Channel serverChannel;
  private final ChannelGroup connections;
  private final Address localAddress;
  private final TransportFactory transport;
  private final java.util.concurrent.atomic.AtomicInteger closeState = new java.util.concurrent.atomic.AtomicInteger(); // 0 open, 1 closing, 2 closed

  private TransportServer(Channel serverChannel, ChannelGroup connections, Address localAddress,
      TransportFactory transport) {
    this.serverChannel = serverChannel;
    this.connections = connections;
    this.localAddress = localAddress;
    this.transport = transport;
  }

  /**
   * Binds and starts accepting.
   *
   * @param childHandler installed on every accepted connection; shared between connections, so it
   *     must be {@code @Sharable}, typically a {@link ChannelInitializer}
   * @throws TransportException of kind {@code IO} if the address cannot be bound
   */
  public static TransportServer bind(TransportFactory transport, Address address, ChannelHandler childHandler) {
    return bind(transport, address, childHandler, Integer.MAX_VALUE);
  }

  /**
   * Binds and starts accepting at most {@code maxConnections} connections at a time: one accepted
   * past the limit is closed at once, before any byte is read (Kitex's connection limit), so a
   * flood of connections cannot exhaust the server's memory or file descriptors.
   *
   * @throws IllegalArgumentException if {@code maxConnections} is not positive
   */
  public static TransportServer bind(TransportFactory transport, Address address, ChannelHandler childHandler,
      int maxConnections) {
    if (maxConnections <= 0) throw new IllegalArgumentException("maxConnections must be positive: " + maxConnections);
    java.util.concurrent.atomic.AtomicInteger open = new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.atomic.AtomicLong refused = new java.util.concurrent.atomic.AtomicLong();
    Objects.requireNonNull(transport, "transport");
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(childHandler, "childHandler");
    ChannelGroup connections = new DefaultChannelGroup("tern-connections", GlobalEventExecutor.INSTANCE);
    ServerBootstrap b = new ServerBootstrap()
        .group(transport.group())
        .channel(Engines.serverChannel(transport.kind(), address))
        .option(ChannelOption.ALLOCATOR, transport.allocator())
        .childOption(ChannelOption.ALLOCATOR, transport.allocator())
        .childHandler(new ChannelInitializer<>() {
          @Override
          protected void initChannel(Channel ch) {
            if (open.incrementAndGet() > maxConnections) {
              open.decrementAndGet();
              long n = refused.incrementAndGet();
              if (Long.bitCount(n) == 1) { // 1st, 2nd, 4th, 8th...: visible without flooding the log
                log.warn("refused a connection from {}: {} open, the limit ({} refused so far)",
                    ch.remoteAddress(), maxConnections, n);
              }
              ch.close();
              return;
            }
            ch.closeFuture().addListener(f -> open.decrementAndGet());
            connections.add(ch); // removed automatically when the channel closes
            ch.pipeline().addLast(childHandler);
          }
        });
    if (address instanceof Address.Tcp) {
      b.option(ChannelOption.SO_REUSEADDR, true).childOption(ChannelOption.TCP_NODELAY, true);
    }
    if (address instanceof Address.Unix u) checkSocketPathFree(u);
    Channel channel;
    try {
      channel = b.bind(Engines.bindAddress(transport.kind(), address)).syncUninterruptibly().channel();
    } catch (Exception e) { // Netty rethrows the bind failure (checked IOExceptions included) as is
      throw new TransportException(TransportException.Kind.IO, "cannot listen on " + address + ": " + e.getMessage(), e);
    }
    Address bound = Engines.toAddress(channel.localAddress());
    log.debug("listening on {} ({})", bound, transport.kind().id());
    return new TransportServer(channel, connections, bound != null ? bound : address, transport);
  }

  /** The bound address; for TCP port 0, with the port the system chose. */
  public Address localAddress() {
    return localAddress;
  }

  /** The bound TCP port, or -1 for a Unix domain socket. */
  public int port() {
    return localAddress instanceof Address.Tcp t ? t.port() : -1;
  }

  public boolean isAccepting() {
    return serverChannel.isOpen();
  }

  /** Connections accepted and still open. */
  public int connectionCount() {
    return connections.size();
  }

  /** Closes the listening socket; open connections are left alone. Completes once closed. */
  public CompletableFuture<Void> stopAccepting() {
    if (closeState.compareAndSet(0, 1)) transport.serverClosing();
    return NettyFutures.toCompletable(serverChannel.close()).handle((v, e) -> {
      deleteSocketFile();
      return null;
    });
  }

  /** Closes every accepted connection that is still open. */
  public CompletableFuture<Void> closeConnections() {
    return NettyFutures.toCompletable(connections.close()).exceptionally(e -> null).whenComplete((v, e) -> {
      int was = closeState.getAndSet(2);
      if (was == 1) transport.serverClosed();
    });
  }

  /** Stops accepting and closes all connections at once, waiting for both. */
  @Override
  public void close() {
    stopAccepting().join();
    closeConnections().join();
  }

  /**
   * Netty's native engines unlink whatever is at the path before binding; only a stale socket may
   * go, so check first (and make NIO, which refuses any existing file, behave the same).
   */
  private static void checkSocketPathFree(Address.Unix address) {
    Path path = address.path();
    BasicFileAttributes attrs;
    try {
      attrs = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      return;
    } catch (IOException e) {
      throw new TransportException(TransportException.Kind.IO, "cannot listen on " + address + ": " + e, e);
    }
    if (!attrs.isOther()) {
      throw new TransportException(TransportException.Kind.IO,
          "cannot listen on " + address + ": the path exists and is not a socket");
    }
    boolean live;
    try {
      SocketChannel.open(UnixDomainSocketAddress.of(path)).close();
      live = true;
    } catch (IOException refused) { // nobody listens: a stale socket file
      live = false;
    }
    if (live) {
      throw new TransportException(TransportException.Kind.IO,
          "cannot listen on " + address + ": another process is listening there");
    }
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      throw new TransportException(TransportException.Kind.IO, "cannot remove stale socket " + path + ": " + e, e);
    }
  }

  private void deleteSocketFile() {
    if (localAddress instanceof Address.Unix u) {
      try {
        Files.deleteIfExists(u.path());
      } catch (IOException e) {
        log.debug("could not delete socket file {}", u.path(), e);
      }
    }
  }

  @Override
  public String toString() {
    return "TransportServer{" + localAddress + (isAccepting() ? "" : ", closed") + ", connections=" + connectionCount() + '}';
  }
}
