package dev.tern.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tern.core.TransportException;
import io.netty.channel.Channel;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TransportServerTest {

  @TempDir Path dir;

  private final TransportFactory transport = TransportFactory.shared();
  private final Connector connector = new Connector(transport, Echo.client(), Duration.ofSeconds(2));

  @Test
  void portZeroBindsAnEphemeralPort() {
    try (TransportServer server = TransportServer.bind(transport, Address.tcp("127.0.0.1", 0), Echo.server())) {
      assertThat(server.port()).isPositive();
      assertThat(server.localAddress()).isEqualTo(Address.tcp("127.0.0.1", server.port()));
      assertThat(server.isAccepting()).isTrue();
    }
  }

  @Test
  void gracefulCloseStopsAcceptingFirstThenClosesConnections() throws Exception {
    TransportServer server = TransportServer.bind(transport, Address.tcp("127.0.0.1", 0), Echo.server());
    Channel ch = connector.connect(server.localAddress()).get();
    assertThat(Echo.roundTrip(ch, "before")).isEqualTo("before");
    awaitConnections(server, 1);

    server.stopAccepting().get();
    assertThat(server.isAccepting()).isFalse();
    assertThatThrownBy(() -> connector.connect(server.localAddress()).get())
        .isInstanceOf(ExecutionException.class)
        .cause().isInstanceOfSatisfying(TransportException.class,
            e -> assertThat(e.kind()).isEqualTo(TransportException.Kind.CONNECT_FAILED));
    // the accepted connection keeps working while the caller drains
    assertThat(Echo.roundTrip(ch, "during drain")).isEqualTo("during drain");

    server.closeConnections().get();
    assertThat(ch.closeFuture().await(5_000)).isTrue();
    assertThat(server.connectionCount()).isZero();
  }

  @Test
  void unixSocketFileIsCreatedAndRemoved() throws Exception {
    Path path = dir.resolve("srv.sock");
    TransportServer server = TransportServer.bind(transport, Address.unix(path), Echo.server());
    assertThat(server.port()).isEqualTo(-1);
    assertThat(server.localAddress()).isEqualTo(Address.unix(path));
    assertThat(Files.exists(path)).isTrue();
    Channel ch = connector.connect(Address.parse("unix:" + path)).get();
    assertThat(Echo.roundTrip(ch, "over uds")).isEqualTo("over uds");
    server.close();
    assertThat(Files.exists(path)).isFalse();
  }

  @Test
  void bindFailureIsATransportException() throws Exception {
    try (TransportServer first = TransportServer.bind(transport, Address.tcp("127.0.0.1", 0), Echo.server())) {
      assertThatThrownBy(() -> TransportServer.bind(transport, first.localAddress(), Echo.server()))
          .isInstanceOfSatisfying(TransportException.class,
              e -> assertThat(e.kind()).isEqualTo(TransportException.Kind.IO))
          .hasMessageContaining(first.localAddress().toString());
    }
    Path regularFile = Files.writeString(dir.resolve("data.txt"), "keep me");
    assertThatThrownBy(() -> TransportServer.bind(transport, Address.unix(regularFile), Echo.server()))
        .isInstanceOf(TransportException.class).hasMessageContaining("not a socket");
    assertThat(Files.readString(regularFile)).isEqualTo("keep me");

    Path live = dir.resolve("live.sock");
    try (TransportServer first = TransportServer.bind(transport, Address.unix(live), Echo.server())) {
      assertThatThrownBy(() -> TransportServer.bind(transport, Address.unix(live), Echo.server()))
          .isInstanceOf(TransportException.class).hasMessageContaining("listening");
      assertThat(first.isAccepting()).isTrue();
    }
  }

  @Test
  void bindReplacesAStaleSocketFile() throws Exception {
    Path path = dir.resolve("stale.sock");
    // a socket file nobody listens on, as a crashed process leaves behind
    try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      dead.bind(UnixDomainSocketAddress.of(path));
    }
    assertThat(Files.exists(path)).isTrue();
    try (TransportServer server = TransportServer.bind(transport, Address.unix(path), Echo.server())) {
      Channel ch = connector.connect(server.localAddress()).get();
      assertThat(Echo.roundTrip(ch, "fresh")).isEqualTo("fresh");
    }
  }

  static void awaitConnections(TransportServer server, int n) throws InterruptedException {
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (server.connectionCount() != n && System.nanoTime() < deadline) Thread.sleep(5);
    assertThat(server.connectionCount()).isEqualTo(n);
  }
}
