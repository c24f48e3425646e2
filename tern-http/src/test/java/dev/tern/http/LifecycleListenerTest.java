package dev.tern.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tern.core.ServerLifecycleListener;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Lifecycle listeners (the hook service registries use) on the HTTP server. */
@Timeout(20)
class LifecycleListenerTest {

  /** Records what it hears; on stopping, whether a request was still held, then lets it go. */
  static final class Recorder implements ServerLifecycleListener {
    final List<String> events = new CopyOnWriteArrayList<>();
    final CountDownLatch gate;

    Recorder(CountDownLatch gate) {
      this.gate = gate;
    }

    @Override
    public void onStarted(SocketAddress bound) {
      events.add("started " + ((InetSocketAddress) bound).getPort());
    }

    @Override
    public void onStopping() {
      events.add("stopping" + (gate.getCount() > 0 ? " while a request is held" : ""));
      gate.countDown();
    }
  }

  @Test
  void toldAfterBindAndOnceAtTheStartOfShutdownBeforeRequestsDrain() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch gate = new CountDownLatch(1);
    Recorder recorder = new Recorder(gate);
    HttpServer server = HttpServer.builder().address("127.0.0.1:0").gracePeriod(Duration.ofSeconds(1))
        .lifecycleListener(recorder).build();
    server.get("/held", ctx -> {
      entered.countDown();
      gate.await(10, TimeUnit.SECONDS);
      ctx.text("done");
    });
    server.start();
    assertThat(recorder.events).containsExactly("started " + server.port());

    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    CompletableFuture<HttpResponse<String>> held = http.sendAsync(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/held")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
    server.close();
    server.close();
    assertThat(recorder.events).containsExactly("started " + server.port(), "stopping while a request is held");
    assertThat(held.get(10, TimeUnit.SECONDS).body()).isEqualTo("done");
  }

  @Test
  void aListenerThatFailsOnStartFailsStartAndWithdrawsTheOnesBeforeIt() {
    Recorder first = new Recorder(new CountDownLatch(0));
    HttpServer server = HttpServer.builder().address("127.0.0.1:0")
        .lifecycleListener(first)
        .lifecycleListener(new ServerLifecycleListener() {
          @Override
          public void onStarted(SocketAddress bound) {
            throw new IllegalArgumentException("registry refused");
          }
        })
        .build();
    assertThatThrownBy(server::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("registry refused");
    assertThat(first.events).hasSize(2).last().isEqualTo("stopping");
    server.close(); // nothing more to tell
    assertThat(first.events).hasSize(2);
  }
}
