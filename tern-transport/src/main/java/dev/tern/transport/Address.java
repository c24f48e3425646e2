package dev.tern.transport;

import dev.tern.core.AttributeKey;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a server listens or a client connects: a TCP {@link Tcp host and port} or a
 * {@link Unix Unix domain socket} path. Written as text, {@code "host:port"} ({@code "[::1]:port"}
 * for IPv6 literals) and {@code "unix:/path/to/socket"}; see {@link #parse(String)}.
 *
 * <p>Addresses are values: equal addresses share one connection pool on the client.
 */
public sealed interface Address permits Address.Tcp, Address.Unix {

  /**
   * Where a client call goes: set on the call's context by a load balancer (or any middleware),
   * read by the client's transport. Without it a client uses its configured addresses in turn.
   */
  AttributeKey<Address> CALL_TARGET = AttributeKey.of("tern.callTarget");

  /** The URI-like prefix that marks a Unix domain socket path. */
  String UNIX_PREFIX = "unix:";

  /**
   * Parses {@code "host:port"}, {@code "[ipv6]:port"} or {@code "unix:/path"}.
   *
   * @throws IllegalArgumentException if the text is neither form
   */
  static Address parse(String text) {
    Objects.requireNonNull(text, "address");
    String s = text.strip();
    if (s.startsWith(UNIX_PREFIX)) {
      String path = s.substring(UNIX_PREFIX.length());
      if (path.startsWith("//")) path = path.substring(2); // tolerate unix:///path
      if (path.isEmpty()) throw new IllegalArgumentException("empty unix socket path: " + text);
      return new Unix(Path.of(path));
    }
    int colon = s.lastIndexOf(':');
    if (colon <= 0 || colon == s.length() - 1) {
      throw new IllegalArgumentException("expected host:port or unix:/path, got: " + text);
    }
    String host = s.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    } else if (host.indexOf(':') >= 0) {
      throw new IllegalArgumentException("IPv6 literals must be bracketed, as in [::1]:8888: " + text);
    }
    int port;
    try {
      port = Integer.parseInt(s.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("bad port in address: " + text);
    }
    return new Tcp(host, port);
  }

  /**
   * The address of a socket address: an {@link InetSocketAddress} (its host string, not a reverse
   * lookup) or a {@link UnixDomainSocketAddress}.
   *
   * @throws IllegalArgumentException for other kinds of socket address
   */
  static Address of(SocketAddress socketAddress) {
    return switch (Objects.requireNonNull(socketAddress, "socketAddress")) {
      case InetSocketAddress i -> tcp(i.getHostString(), i.getPort());
      case UnixDomainSocketAddress u -> unix(u.getPath());
      default -> throw new IllegalArgumentException("not a TCP or Unix socket address: " + socketAddress);
    };
  }

  /**
   * This address as a JDK socket address: an {@link InetSocketAddress} (host names are resolved
   * now) or a {@link UnixDomainSocketAddress}.
   */
  default SocketAddress toSocketAddress() {
    return switch (this) {
      case Tcp t -> new InetSocketAddress(t.host(), t.port());
      case Unix u -> UnixDomainSocketAddress.of(u.path());
    };
  }

  static Tcp tcp(String host, int port) {
    return new Tcp(host, port);
  }

  static Unix unix(Path path) {
    return new Unix(path);
  }

  /** A TCP endpoint; the host is a name or an IP literal, resolved when connecting. */
  record Tcp(String host, int port) implements Address {
    public Tcp {
      Objects.requireNonNull(host, "host");
      if (host.isEmpty()) throw new IllegalArgumentException("empty host");
      if (port < 0 || port > 65535) throw new IllegalArgumentException("port out of range: " + port);
    }

    @Override
    public String toString() {
      return (host.indexOf(':') >= 0 ? '[' + host + ']' : host) + ':' + port;
    }
  }

  /** A Unix domain socket at a file system path. */
  record Unix(Path path) implements Address {
    public Unix {
      Objects.requireNonNull(path, "path");
    }

    @Override
    public String toString() {
      return UNIX_PREFIX + path;
    }
  }
}
