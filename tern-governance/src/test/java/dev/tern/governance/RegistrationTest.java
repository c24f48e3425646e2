package dev.tern.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tern.core.ServerLifecycleListener;
import dev.tern.governance.discovery.Instance;
import dev.tern.governance.discovery.Registration;
import dev.tern.governance.discovery.StaticResolver;
import dev.tern.governance.loadbalance.LoadBalancingMiddleware;
import dev.tern.rpc.ThriftClient;
import dev.tern.rpc.ThriftServer;
import dev.tern.thrift.ThriftServiceDefinition;
import dev.tern.transport.Address;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Servers register through their lifecycle listeners, and withdraw before they drain. */
@Timeout(20)
class RegistrationTest {

  private static ThriftServer.Builder server(ThriftServiceDefinition service, String address) {
    return ThriftServer.builder().address(address).addService(service).gracePeriod(Duration.ofSeconds(5));
  }

  @Test
  void aServerOnPortZeroRegistersItsBoundAddressWithTheInstancesWeightAndTags() {
    StaticResolver registry = StaticResolver.create();
    Registration registration = registry.registration("hello",
        new Instance(Address.tcp("0.0.0.0", 0), 30, Map.of("zone", "a")));
    try (ThriftServer s = server(new Hello.Handler("s").definition(), "127.0.0.1:0")
        .lifecycleListener(registration).build().start()) {
      Instance expected = new Instance(s.address(), 30, Map.of("zone", "a"));
      assertThat(registry.resolve("hello")).containsExactly(expected);
      assertThat(registration.registered()).isEqualTo(expected);
    }
    assertThat(registry.resolve("hello")).isEmpty();
    assertThat(registration.registered()).isNull();
  }

  @Test
  void aServerOnEveryInterfaceRegistersAnAddressOthersCanReachAndAnAdvertisedHostIsKept() {
    StaticResolver registry = StaticResolver.create();
    try (ThriftServer s = server(new Hello.Handler("s").definition(), "0.0.0.0:0")
        .lifecycleListener(registry.registration("any"))
        .lifecycleListener(registry.registration("advertised", Instance.of(Address.tcp("10.1.2.3", 0))))
        .build().start()) {
      Address.Tcp any = (Address.Tcp) registry.resolve("any").get(0).address();
      assertThat(any.host()).isNotIn("0.0.0.0", "::");
      assertThat(any.port()).isEqualTo(s.port());
      assertThat(registry.resolve("advertised")).containsExactly(Instance.of(Address.tcp("10.1.2.3", s.port())));
    }
  }

  @Test
  void closeDeregistersBeforeDrainingSoCallsInFlightFinishAndNoNewOnesArrive() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch gate = new CountDownLatch(1);
    ThriftServiceDefinition held = ThriftServiceDefinition.builder("Hello").blocking(Hello.HELLO, name -> {
      entered.countDown();
      gate.await(10, TimeUnit.SECONDS);
      return name + "@held";
    }).build();
    StaticResolver registry = StaticResolver.create();
    AtomicBoolean withdrawnWhileCallHeld = new AtomicBoolean();
    registry.subscribe("hello", list -> {
      if (list.isEmpty()) {
        withdrawnWhileCallHeld.set(gate.getCount() == 1);
        gate.countDown(); // now let the call finish, so that the drain can end
      }
    });
    ThriftServer s = server(held, "127.0.0.1:0").lifecycleListener(registry.registration("hello")).build().start();
    try (LoadBalancingMiddleware lb = LoadBalancingMiddleware.builder(registry, "hello").build();
         ThriftClient client = ThriftClient.builder().rpcTimeout(Duration.ofSeconds(10)).middleware(lb).build()) {
      CompletableFuture<String> call = client.callAsync(Hello.HELLO, "in-flight");
      assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
      s.close();
      assertThat(withdrawnWhileCallHeld).isTrue();
      assertThat(call.get(10, TimeUnit.SECONDS)).isEqualTo("in-flight@held");
    }
  }

  @Test
  void aListenerThatFailsOnStartFailsStartWithdrawsTheOthersAndFreesThePort() {
    StaticResolver registry = StaticResolver.create();
    AtomicReference<SocketAddress> told = new AtomicReference<>();
    ServerLifecycleListener failing = new ServerLifecycleListener() {
      @Override
      public void onStarted(SocketAddress bound) {
        told.set(bound);
        throw new IllegalArgumentException("registry refused");
      }
    };
    ThriftServer s = server(new Hello.Handler("s").definition(), "127.0.0.1:0")
        .lifecycleListener(registry.registration("hello"))
        .lifecycleListener(failing)
        .build();
    assertThatThrownBy(s::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("registry refused");
    assertThat(registry.resolve("hello")).isEmpty();
    int port = ((InetSocketAddress) told.get()).getPort();
    try (ThriftServer again = server(new Hello.Handler("s").definition(), "127.0.0.1:" + port).build().start()) {
      assertThat(again.port()).isEqualTo(port);
    }
    s.close(); // idempotent after a failed start
  }

  @Test
  void theRegistryDrivesAClientBalancingOverServersAsTheyComeAndGo() throws Exception {
    StaticResolver registry = StaticResolver.create();
    Hello.Handler h1 = new Hello.Handler("one");
    Hello.Handler h2 = new Hello.Handler("two");
    ThriftServer s1 = server(h1.definition(), "127.0.0.1:0").lifecycleListener(registry.registration("hello")).build().start();
    ThriftServer s2 = server(h2.definition(), "127.0.0.1:0").lifecycleListener(registry.registration("hello")).build().start();
    try (s1; s2;
         LoadBalancingMiddleware lb = LoadBalancingMiddleware.builder(registry, "hello").build();
         ThriftClient client = ThriftClient.builder().rpcTimeout(Duration.ofSeconds(5)).middleware(lb).build()) {
      for (int i = 0; i < 4; i++) client.call(Hello.HELLO, "x");
      assertThat(List.of(h1.calls.get(), h2.calls.get())).containsExactly(2, 2);
      s1.close();
      for (int i = 0; i < 4; i++) assertThat(client.call(Hello.HELLO, "y")).isEqualTo("y@two");
    }
  }
}
