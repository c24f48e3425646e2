package dev.tern.benchmarks.load;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The gRPC contestants: grpc-java's client, unary and streaming, against each gRPC server. */
class GrpcEchoTest {

  @ParameterizedTest
  @ValueSource(strings = {"grpc-java", "armeria-grpc", "grpc-java-stream"})
  void closedLoopCallsWithoutErrors(String id) throws Exception {
    Contestant c = Contestant.byId(id);
    Loads.echoes(c.server(), EchoServer.HandlerMode.BLOCKING, c.client());
  }

  @Test
  void armeriaStreamsToo() throws Exception {
    Loads.echoes(ServerKind.ARMERIA_GRPC, EchoServer.HandlerMode.BLOCKING, ClientKind.GRPC_STREAM);
  }
}
