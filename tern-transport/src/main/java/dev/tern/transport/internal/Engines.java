package dev.tern.transport.internal;

import dev.tern.transport.Address;
import dev.tern.transport.TransportKind;
import io.netty.channel.Channel;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDomainSocketChannel;
import io.netty.channel.socket.nio.NioServerDomainSocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringDomainSocketChannel;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerDomainSocketChannel;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.channel.uring.IoUringSocketChannel;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;

/**
 * What differs between the three Netty engines: the I/O handler, the channel classes and how a
 * Unix socket address is spelled. Everything else in the transport is engine-neutral.
 */
public final class Engines {
  private Engines() {}

  /** Whether the engine's native part loads and works on this machine. */
  public static boolean isAvailable(TransportKind kind) {
    try {
      return switch (kind) {
        case IO_URING -> IoUring.isAvailable();
        case EPOLL -> Epoll.isAvailable();
        case NIO -> true;
      };
    } catch (LinkageError e) { // native classes present but unloadable on this platform
      return false;
    }
  }

  /** Why the engine is unavailable, for error messages; null when it is available. */
  public static Throwable unavailabilityCause(TransportKind kind) {
    try {
      return switch (kind) {
        case IO_URING -> IoUring.unavailabilityCause();
        case EPOLL -> Epoll.unavailabilityCause();
        case NIO -> null;
      };
    } catch (LinkageError e) {
      return e;
    }
  }

  public static IoHandlerFactory ioHandlerFactory(TransportKind kind) {
    return switch (kind) {
      case IO_URING -> IoUringIoHandler.newFactory();
      case EPOLL -> EpollIoHandler.newFactory();
      case NIO -> NioIoHandler.newFactory();
    };
  }

  public static Class<? extends ServerChannel> serverChannel(TransportKind kind, Address address) {
    boolean unix = address instanceof Address.Unix;
    return switch (kind) {
      case IO_URING -> unix ? IoUringServerDomainSocketChannel.class : IoUringServerSocketChannel.class;
      case EPOLL -> unix ? EpollServerDomainSocketChannel.class : EpollServerSocketChannel.class;
      case NIO -> unix ? NioServerDomainSocketChannel.class : NioServerSocketChannel.class;
    };
  }

  public static Class<? extends Channel> clientChannel(TransportKind kind, Address address) {
    boolean unix = address instanceof Address.Unix;
    return switch (kind) {
      case IO_URING -> unix ? IoUringDomainSocketChannel.class : IoUringSocketChannel.class;
      case EPOLL -> unix ? EpollDomainSocketChannel.class : EpollSocketChannel.class;
      case NIO -> unix ? NioDomainSocketChannel.class : NioSocketChannel.class;
    };
  }

  /**
   * The socket address the engine's channels take. TCP hosts stay unresolved so that Netty's
   * resolver resolves them at connect time (and a failure surfaces as a connect failure).
   */
  public static SocketAddress socketAddress(TransportKind kind, Address address) {
    return switch (address) {
      case Address.Tcp t -> InetSocketAddress.createUnresolved(t.host(), t.port());
      case Address.Unix u -> kind == TransportKind.NIO
          ? UnixDomainSocketAddress.of(u.path())
          : new DomainSocketAddress(u.path().toString());
    };
  }

  /** A bind address: TCP hosts resolved now (binding needs an address, not a name). */
  public static SocketAddress bindAddress(TransportKind kind, Address address) {
    return switch (address) {
      case Address.Tcp t -> new InetSocketAddress(t.host(), t.port());
      case Address.Unix u -> socketAddress(kind, u);
    };
  }

  /** The {@link Address} of a socket address reported by any engine; null for unknown kinds. */
  public static Address toAddress(SocketAddress socketAddress) {
    return switch (socketAddress) {
      case InetSocketAddress i -> Address.tcp(i.getHostString(), i.getPort());
      case DomainSocketAddress d -> Address.unix(Path.of(d.path()));
      case UnixDomainSocketAddress u -> Address.unix(u.getPath());
      case null, default -> null;
    };
  }
}
