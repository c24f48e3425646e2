package dev.tern.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The Thrift contestants and the bare Netty ceiling: each client against its server, in this JVM. */
class ThriftEchoTest {

  @ParameterizedTest
  @ValueSource(strings = {"tern-ttheader", "tern-framed", "tern-to-libthrift", "libthrift", "armeria-thrift", "netty"})
  void closedLoopCallsWithoutErrors(String id) throws Exception {
    Contestant c = Contestant.byId(id);
    Loads.echoes(c.server(), EchoServer.HandlerMode.BLOCKING, c.client());
  }

  @Test
  void asyncTernHandlerEchoes() throws Exception {
    Loads.echoes(ServerKind.TERN_THRIFT, EchoServer.HandlerMode.ASYNC, ClientKind.TERN_TTHEADER);
  }

  @Test
  void everyThriftContestantIsListed() {
    assertThat(Contestant.ALL).filteredOn(c -> c.family() == Contestant.Family.THRIFT)
        .extracting(Contestant::id)
        .containsExactly("tern-ttheader", "tern-framed", "tern-to-libthrift", "libthrift", "armeria-thrift", "netty");
  }
}
