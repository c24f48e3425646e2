package dev.tern.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tern.core.RemoteException;
import dev.tern.thrift.ThriftProtocol;
import dev.tern.thrift.transport.Framing;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every framing with every protocol, Tern client to Tern server: one server answers them all. */
class FramingProtocolMatrixTest extends RpcTestSupport {

  static Stream<Arguments> combinations() {
    List<Arguments> all = new ArrayList<>();
    for (Framing f : Framing.values()) {
      for (ThriftProtocol p : ThriftProtocol.THRIFT) all.add(Arguments.of(f, p));
    }
    return all.stream();
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("combinations")
  void everyKindOfCall(Framing framing, ThriftProtocol protocol) throws Exception {
    ThriftServer server = server();
    ThriftClient client = client(server, b -> b.framing(framing).protocol(protocol));

    // plain call, with non-ASCII text
    assertThat(client.call(Echo.ECHO, Echo.args("héllo, wörld ✓")).success()).isEqualTo("héllo, wörld ✓");

    // a declared exception travels inside the result struct
    Echo.Result failed = client.call(Echo.FAIL, Echo.args("bad input"));
    assertThat(failed.success()).isNull();
    assertThat(failed.error().reason()).isEqualTo("bad input");

    // an undeclared exception becomes INTERNAL_ERROR with the exception's class and message
    assertThatThrownBy(() -> client.call(Echo.ECHO, Echo.args("boom")))
        .isInstanceOfSatisfying(RemoteException.class, e -> {
          assertThat(e.code()).isEqualTo(RemoteException.INTERNAL_ERROR);
          assertThat(e.getMessage()).contains("java.lang.IllegalStateException: boom");
        });

    // an unknown method is answered and the connection stays usable
    assertThatThrownBy(() -> client.call(Echo.method(Echo.SERVICE, "nope"), Echo.args("x")))
        .isInstanceOfSatisfying(RemoteException.class, e -> {
          assertThat(e.code()).isEqualTo(RemoteException.UNKNOWN_METHOD);
          assertThat(e.getMessage()).contains("nope");
        });
    assertThat(client.call(Echo.ECHO, Echo.args("after unknown")).success()).isEqualTo("after unknown");

    // oneway: completes once written, and the server gets it
    assertThat(client.call(Echo.NOTIFY, Echo.args("fire and forget"))).isNull();
    await(() -> notified.contains("fire and forget"));

    // concurrent calls use several pooled connections
    List<CompletableFuture<Echo.Result>> calls = new ArrayList<>();
    for (int i = 0; i < 20; i++) calls.add(client.callAsync(Echo.ECHO, Echo.args("n" + i)));
    for (int i = 0; i < 20; i++) assertThat(calls.get(i).get(5, TimeUnit.SECONDS).success()).isEqualTo("n" + i);

    // every call is accounted for once its reply is written
    await(() -> server.inFlight() == 0);
  }
}
