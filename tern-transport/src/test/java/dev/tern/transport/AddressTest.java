package dev.tern.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tern.transport.internal.Engines;
import io.netty.channel.unix.DomainSocketAddress;
import java.net.InetSocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class AddressTest {

  @Test
  void parsesHostPortIpv6AndUnix() {
    assertThat(Address.parse("127.0.0.1:8888")).isEqualTo(Address.tcp("127.0.0.1", 8888));
    assertThat(Address.parse(" example.org:80 ")).isEqualTo(Address.tcp("example.org", 80));
    assertThat(Address.parse("[::1]:9000")).isEqualTo(Address.tcp("::1", 9000));
    assertThat(Address.parse("unix:/tmp/a.sock")).isEqualTo(Address.unix(Path.of("/tmp/a.sock")));
    assertThat(Address.parse("unix:///tmp/a.sock")).isEqualTo(Address.unix(Path.of("/tmp/a.sock")));
  }

  @Test
  void toStringParsesBack() {
    for (String s : new String[] {"10.0.0.1:1", "[::1]:9000", "unix:/run/x.sock", "host:65535"}) {
      assertThat(Address.parse(s).toString()).isEqualTo(s);
      assertThat(Address.parse(Address.parse(s).toString())).isEqualTo(Address.parse(s));
    }
  }

  @Test
  void rejectsMalformedText() {
    for (String s : new String[] {"localhost", ":80", "host:", "host:x", "::1:80", "host:70000", "unix:"}) {
      assertThatThrownBy(() -> Address.parse(s)).as(s).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void convertsSocketAddressesOfEveryEngine() {
    assertThat(Engines.toAddress(new InetSocketAddress("127.0.0.1", 5))).isEqualTo(Address.tcp("127.0.0.1", 5));
    assertThat(Engines.toAddress(new DomainSocketAddress("/tmp/s"))).isEqualTo(Address.unix(Path.of("/tmp/s")));
    assertThat(Engines.toAddress(UnixDomainSocketAddress.of("/tmp/s"))).isEqualTo(Address.unix(Path.of("/tmp/s")));
    assertThat(Engines.socketAddress(TransportKind.NIO, Address.parse("unix:/tmp/s")))
        .isEqualTo(UnixDomainSocketAddress.of("/tmp/s"));
    assertThat(Engines.socketAddress(TransportKind.EPOLL, Address.parse("unix:/tmp/s")))
        .isEqualTo(new DomainSocketAddress("/tmp/s"));
  }

  @Test
  void transportKindIds() {
    for (TransportKind k : TransportKind.values()) assertThat(TransportKind.fromId(k.id())).isEqualTo(k);
    assertThat(TransportKind.fromId("IO-URING")).isEqualTo(TransportKind.IO_URING);
    assertThatThrownBy(() -> TransportKind.fromId("kqueue")).isInstanceOf(IllegalArgumentException.class);
  }
}
