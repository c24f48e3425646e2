package dev.tern.benchmarks.load;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The Dubbo contestants: Dubbo's client against its server, over Triple and the dubbo protocol. */
class DubboEchoTest {

  @ParameterizedTest
  @ValueSource(strings = {"dubbo-triple", "dubbo"})
  void closedLoopCallsWithoutErrors(String id) throws Exception {
    Contestant c = Contestant.byId(id);
    Loads.echoes(c.server(), EchoServer.HandlerMode.BLOCKING, c.client());
  }
}
