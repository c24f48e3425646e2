package dev.tern.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Address to JDK socket address and back, as server lifecycle listeners see bound addresses. */
class AddressConversionTest {

  @Test
  void tcpAndUnixAddressesConvertBothWays() {
    for (Address a : new Address[] {Address.tcp("127.0.0.1", 8888), Address.tcp("0:0:0:0:0:0:0:1", 9000), Address.unix(Path.of("/tmp/t.sock"))}) {
      assertThat(Address.of(a.toSocketAddress())).isEqualTo(a);
    }
    assertThat(Address.tcp("127.0.0.1", 8888).toSocketAddress()).isEqualTo(new InetSocketAddress("127.0.0.1", 8888));
    assertThat(Address.unix(Path.of("/tmp/t.sock")).toSocketAddress()).isEqualTo(UnixDomainSocketAddress.of("/tmp/t.sock"));
    assertThat(Address.of(InetSocketAddress.createUnresolved("example.org", 80))).isEqualTo(Address.tcp("example.org", 80));
  }

  @Test
  void otherSocketAddressesAreRefused() {
    SocketAddress odd = new SocketAddress() {};
    assertThatThrownBy(() -> Address.of(odd)).isInstanceOf(IllegalArgumentException.class);
  }
}
