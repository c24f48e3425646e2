package dev.tern.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tern.governance.discovery.Instance;
import dev.tern.governance.discovery.StaticResolver;
import dev.tern.governance.retry.Backoff;
import dev.tern.http.client.ClientMiddleware;
import dev.tern.http.client.ClientResponse;
import dev.tern.http.client.HttpClient;
import dev.tern.http.client.RetryPolicy;
import dev.tern.transport.Address;
import dev.tern.transport.PoolOptions;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The HTTP client against Tern servers: both protocols, TLS, pooling, timeouts, retries, middleware, streaming, discovery. */
class HttpClientTest {

  record Item(String name, int qty) {}

  static HttpServer server;
  static HttpServer tlsServer;
  static HttpServer http1OnlyTlsServer;
  static final Tls tls = Tls.selfSigned();
  static final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
  static final CountDownLatch stall = new CountDownLatch(1);
  static String base;

  static void routes(HttpServer s, String name) {
    s.get("/who", ctx -> ctx.text(name + " " + ctx.protocol() + " " + ctx.remoteAddress()));
    s.post("/items", ctx -> {
      Item item = ctx.bodyJson(Item.class);
      ctx.status(201).json(new Item(item.name().toUpperCase(), item.qty() + 1));
    });
    s.get("/headers", ctx -> ctx.text(ctx.header("X-One") + "," + ctx.header("X-Two") + "," + ctx.query("q")));
    s.route("GET", "/flaky/:key", ctx -> {
      int n = hits.computeIfAbsent(ctx.pathParam("key"), k -> new AtomicInteger()).incrementAndGet();
      if (n < 3) throw new HttpStatusException(503, "try again");
      ctx.text("ok after " + n);
    });
    s.post("/flaky-post/:key", ctx -> {
      int n = hits.computeIfAbsent(ctx.pathParam("key"), k -> new AtomicInteger()).incrementAndGet();
      if (n < 2) throw new HttpStatusException(503, "try again");
      ctx.text("ok after " + n);
    });
    s.get("/slow", ctx -> {
      stall.await(10, TimeUnit.SECONDS);
      ctx.text("late");
    });
    s.get("/trickle", ctx -> {
      try (OutputStream out = ctx.stream("text/plain")) {
        out.write("first".getBytes(StandardCharsets.UTF_8));
        out.flush();
        stall.await(10, TimeUnit.SECONDS);
      }
    });
    s.get("/big/:mib", ctx -> {
      int mib = Integer.parseInt(ctx.pathParam("mib"));
      byte[] chunk = new byte[1 << 20];
      try (OutputStream out = ctx.stream("application/octet-stream")) {
        for (int i = 0; i < mib; i++) {
          java.util.Arrays.fill(chunk, (byte) i);
          out.write(chunk);
        }
      }
    });
    s.put("/upload", HttpHandler.streamingBody(ctx -> {
      CRC32 crc = new CRC32();
      long n = 0;
      byte[] buf = new byte[8192];
      try (InputStream in = ctx.bodyStream()) {
        for (int r; (r = in.read(buf)) > 0; n += r) crc.update(buf, 0, r);
      }
      ctx.text(n + " " + Long.toHexString(crc.getValue()));
    }));
  }

  @BeforeAll
  static void start() {
    server = HttpServer.builder().address("127.0.0.1:0").build();
    routes(server, "plain");
    server.start();
    tlsServer = HttpServer.builder().address("127.0.0.1:0").tls(tls).build();
    routes(tlsServer, "tls");
    tlsServer.start();
    http1OnlyTlsServer = HttpServer.builder().address("127.0.0.1:0").tls(tls).http2(false).build();
    routes(http1OnlyTlsServer, "tls-h1");
    http1OnlyTlsServer.start();
    base = "http://127.0.0.1:" + server.port();
  }

  @AfterAll
  static void stop() {
    stall.countDown();
    server.close();
    tlsServer.close();
    http1OnlyTlsServer.close();
  }

  @Test
  void jsonRoundTripOverPooledHttp1Connections() throws Exception {
    try (HttpClient client = HttpClient.builder().baseUri(base).build()) {
      ClientResponse r = client.post("/items").json(new Item("pen", 2)).send();
      assertThat(r.status()).isEqualTo(201);
      assertThat(r.header("Content-Type")).isEqualTo("application/json");
      assertThat(r.json(Item.class)).isEqualTo(new Item("PEN", 3));
      Set<String> who = new HashSet<>();
      for (int i = 0; i < 5; i++) who.add(client.get("/who").send().bodyString());
      assertThat(who).hasSize(1); // one connection, reused: the same client port every time
      assertThat(who.iterator().next()).startsWith("plain HTTP/1.1");
    }
  }

  @Test
  void http2PriorKnowledgeMultiplexesOnOneConnection() throws Exception {
    try (HttpClient client = HttpClient.builder().baseUri(base).protocol(HttpClient.Protocol.HTTP_2).build()) {
      List<CompletableFuture<ClientResponse>> calls = new ArrayList<>();
      for (int i = 0; i < 30; i++) calls.add(client.get("/who").sendAsync());
      Set<String> who = new HashSet<>();
      for (var c : calls) {
        ClientResponse r = c.get(20, TimeUnit.SECONDS);
        assertThat(r.protocol()).isEqualTo("HTTP/2");
        who.add(r.bodyString());
      }
      assertThat(who).hasSize(1);
      assertThat(who.iterator().next()).startsWith("plain HTTP/2");
      assertThat(client.post("/items").json(new Item("ink", 0)).send().json(Item.class)).isEqualTo(new Item("INK", 1));
    }
  }

  @Test
  void tlsWithAlpnChoosesHttp2OrFallsBackToHttp1() throws Exception {
    try (HttpClient h2 = HttpClient.builder().tls(Tls.clientTrusting(tls.certificate())).protocol(HttpClient.Protocol.HTTP_2).build()) {
      ClientResponse r = h2.get("https://127.0.0.1:" + tlsServer.port() + "/who").send();
      assertThat(r.protocol()).isEqualTo("HTTP/2");
      assertThat(r.bodyString()).startsWith("tls HTTP/2");
      ClientResponse old = h2.get("https://127.0.0.1:" + http1OnlyTlsServer.port() + "/who").send();
      assertThat(old.protocol()).isEqualTo("HTTP/1.1");
      assertThat(old.bodyString()).startsWith("tls-h1 HTTP/1.1");
      assertThat(h2.get("https://127.0.0.1:" + http1OnlyTlsServer.port() + "/who").send().protocol()).isEqualTo("HTTP/1.1");
    }
    try (HttpClient h1 = HttpClient.builder().tls(Tls.clientTrusting(tls.certificate())).build()) {
      assertThat(h1.get("https://localhost:" + tlsServer.port() + "/who").send().bodyString()).startsWith("tls HTTP/1.1");
    }
  }

  @Test
  void anUntrustedCertificateFailsTheHandshake() {
    try (HttpClient client = HttpClient.builder().tls(Tls.client()).build()) {
      assertThatThrownBy(() -> client.get("https://127.0.0.1:" + tlsServer.port() + "/who").send())
          .isInstanceOf(IOException.class);
    }
  }

  @Test
  void middlewareWrapsInOrderAndSeesOneCallAcrossRetries() throws Exception {
    List<String> seen = new ArrayList<>();
    ClientMiddleware one = next -> req -> {
      seen.add("one " + req.uri().getPath());
      return next.send(req.withHeader("X-One", "1"));
    };
    ClientMiddleware two = next -> req -> next.send(req.withHeader("X-Two", req.header("X-One") + "+2"));
    try (HttpClient client = HttpClient.builder().baseUri(base).use(one, two)
        .retry(RetryPolicy.attempts(3).backoff(Backoff.none())).build()) {
      assertThat(client.get("/headers").query("q", "a b&c").send().bodyString()).isEqualTo("1,1+2,a b&c");
      assertThat(client.get("/flaky/mw").send().bodyString()).isEqualTo("ok after 3");
      assertThat(seen).containsExactly("one /headers", "one /flaky/mw");
    }
  }

  @Test
  void retriesFollowThePredicate() throws Exception {
    try (HttpClient client = HttpClient.builder().baseUri(base).retry(RetryPolicy.attempts(3).backoff(Backoff.none())).build()) {
      assertThat(client.get("/flaky/get").send().bodyString()).isEqualTo("ok after 3");
      assertThat(client.post("/flaky-post/default").send().status()).isEqualTo(503); // POST is not idempotent
    }
    RetryPolicy posts = RetryPolicy.attempts(2).backoff(Backoff.none()).retryOn((req, resp, err) -> resp != null && resp.status() == 503);
    try (HttpClient client = HttpClient.builder().baseUri(base).retry(posts).build()) {
      assertThat(client.post("/flaky-post/custom").send().bodyString()).isEqualTo("ok after 2");
    }
  }

  @Test
  void timeoutsAndConnectFailures() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    try (HttpClient client = HttpClient.builder().baseUri(base)
        .requestTimeout(Duration.ofMillis(300)).readTimeout(Duration.ofMillis(300)).build()) {
      assertThatThrownBy(() -> client.get("/slow").send()).isInstanceOf(HttpTimeoutException.class);
      assertThatThrownBy(() -> client.get("/trickle").send()).isInstanceOf(SocketTimeoutException.class);
      try (ClientResponse r = client.get("/trickle").stream()) {
        assertThat(new String(r.bodyStream().readNBytes(5), StandardCharsets.UTF_8)).isEqualTo("first");
        assertThatThrownBy(() -> r.bodyStream().read()).isInstanceOf(SocketTimeoutException.class);
      }
      assertThatThrownBy(() -> client.get("http://127.0.0.1:" + closedPort + "/").send()).isInstanceOf(ConnectException.class);
      assertThat(client.get("/who").timeout(Duration.ofSeconds(5)).send().status()).isEqualTo(200); // still usable
    }
  }

  @Test
  void bodiesStreamBothWays() throws Exception {
    byte[] data = new byte[5 << 20];
    for (int i = 0; i < data.length; i++) data[i] = (byte) (i ^ (i >> 11));
    CRC32 crc = new CRC32();
    crc.update(data);
    for (HttpClient.Protocol p : HttpClient.Protocol.values()) {
      try (HttpClient client = HttpClient.builder().baseUri(base).protocol(p).maxResponseBodySize(1 << 20).build()) {
        ClientResponse up = client.put("/upload").body(new ByteArrayInputStream(data), -1, "application/octet-stream").send();
        assertThat(up.bodyString()).as(p.name()).isEqualTo(data.length + " " + Long.toHexString(crc.getValue()));
        try (ClientResponse down = client.get("/big/8").stream()) {
          long n = 0;
          byte[] buf = new byte[64 * 1024];
          try (InputStream in = down.bodyStream()) {
            for (int r; (r = in.read(buf)) > 0; n += r) assertThat(buf[0]).isEqualTo((byte) (n >> 20));
          }
          assertThat(n).isEqualTo(8L << 20);
        }
        assertThatThrownBy(() -> client.get("/big/2").send()).hasMessageContaining("larger than");
        assertThat(client.get("/who").send().status()).isEqualTo(200);
      }
    }
  }

  @Test
  void discoveryBalancesOverInstancesAndRetriesElsewhere() throws Exception {
    HttpServer other = HttpServer.builder().address("127.0.0.1:0").build();
    routes(other, "other");
    other.start();
    int deadPort;
    try (ServerSocket s = new ServerSocket(0)) {
      deadPort = s.getLocalPort();
    }
    StaticResolver resolver = StaticResolver.create();
    resolver.update("users", List.of(Instance.of(Address.tcp("127.0.0.1", server.port())),
        Instance.of(Address.tcp("127.0.0.1", other.port()))));
    try (HttpClient client = HttpClient.builder().discovery(resolver).pool(PoolOptions.DEFAULT)
        .retry(RetryPolicy.attempts(2).backoff(Backoff.none())).build()) {
      List<String> names = new ArrayList<>();
      for (int i = 0; i < 4; i++) names.add(client.get("http://users/who").send().bodyString().split(" ")[0]);
      assertThat(names).containsExactlyInAnyOrder("plain", "plain", "other", "other");
      resolver.update("users", List.of(Instance.of(Address.tcp("127.0.0.1", deadPort)),
          Instance.of(Address.tcp("127.0.0.1", other.port()))));
      for (int i = 0; i < 4; i++) {
        assertThat(client.get("http://users/who").send().bodyString()).startsWith("other"); // the dead one is retried away
      }
    } finally {
      other.close();
    }
  }
}
