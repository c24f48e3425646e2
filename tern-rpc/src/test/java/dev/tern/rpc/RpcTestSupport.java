package dev.tern.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.transport.Address;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;

/** Real servers and clients on loopback, closed after each test. */
abstract class RpcTestSupport {

  final Queue<String> notified = new LinkedBlockingQueue<>();
  private final List<AutoCloseable> resources = new ArrayList<>();

  /** A started server on a free loopback port hosting {@link Echo#service}, configured further. */
  ThriftServer server(Consumer<ThriftServer.Builder> config) {
    ThriftServer.Builder b = ThriftServer.builder()
        .address(Address.tcp("127.0.0.1", 0))
        .addService(Echo.service(notified))
        .gracePeriod(Duration.ofMillis(500));
    config.accept(b);
    return track(b.build().start());
  }

  ThriftServer server() {
    return server(b -> {});
  }

  ThriftClient client(ThriftServer server, Consumer<ThriftClient.Builder> config) {
    ThriftClient.Builder b = ThriftClient.builder().address(server.address()).rpcTimeout(Duration.ofSeconds(5));
    config.accept(b);
    return track(b.build());
  }

  ThriftClient client(ThriftServer server) {
    return client(server, b -> {});
  }

  <T extends AutoCloseable> T track(T resource) {
    resources.add(resource);
    return resource;
  }

  @AfterEach
  void closeResources() throws Exception {
    Echo.gate.countDown(); // a failed test must not leave a call blocked through the close
    for (int i = resources.size() - 1; i >= 0; i--) resources.get(i).close();
    resources.clear();
  }

  static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) throw new AssertionError("condition not met within 5 s");
      Thread.sleep(5);
    }
    assertThat(condition.getAsBoolean()).isTrue();
  }
}
