package dev.tern.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.channel.Channel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every engine that runs on this machine carries TCP and Unix socket traffic end to end. */
class EnginesTest {

  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(TransportKind.class)
  void echoesOverTcpAndUnixSockets(TransportKind kind) throws Exception {
    assumeTrue(TransportFactory.isAvailable(kind), kind + " not available here");
    try (TransportFactory transport = TransportFactory.create(kind, 1)) {
      assertThat(transport.kind()).isEqualTo(kind);
      for (Address address : new Address[] {Address.tcp("127.0.0.1", 0), Address.unix(dir.resolve(kind.id() + ".sock"))}) {
        TransportServer server = TransportServer.bind(transport, address, Echo.server());
        try {
          Connector connector = new Connector(transport, Echo.client(), Duration.ofSeconds(2));
          Channel ch = connector.connect(server.localAddress()).get();
          assertThat(ch.getClass().getSimpleName()).startsWith(
              switch (kind) { case IO_URING -> "IoUring"; case EPOLL -> "Epoll"; case NIO -> "Nio"; });
          assertThat(Echo.roundTrip(ch, "hello " + address)).isEqualTo("hello " + address);
          ch.close().sync();
        } finally {
          server.close();
        }
        if (address instanceof Address.Unix u) assertThat(Files.exists(u.path())).isFalse();
      }
    }
  }

  @Test
  void sharedInstanceUsesTheBestAvailableEngine() {
    TransportFactory shared = TransportFactory.shared();
    assertThat(shared).isSameAs(TransportFactory.shared());
    assertThat(shared.isShared()).isTrue();
    assertThat(shared.kind()).isEqualTo(TransportFactory.defaultKind());
    String forced = System.getProperty(TransportFactory.KIND_PROPERTY);
    if (forced == null) {
      TransportKind best = TransportFactory.isAvailable(TransportKind.IO_URING) ? TransportKind.IO_URING
          : TransportFactory.isAvailable(TransportKind.EPOLL) ? TransportKind.EPOLL : TransportKind.NIO;
      assertThat(shared.kind()).isEqualTo(best);
    } else {
      assertThat(shared.kind()).isEqualTo(TransportKind.fromId(forced));
    }
    shared.close(); // a no-op for the shared instance
    assertThat(shared.group().isShuttingDown()).isFalse();
    assertThat(shared.group().next().inEventLoop()).isFalse();
  }
}
