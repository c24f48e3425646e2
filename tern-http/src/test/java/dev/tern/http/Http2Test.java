package dev.tern.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * HTTP/2 against independent clients: curl (nghttp2) with prior knowledge, with
 * {@code Upgrade: h2c} and over TLS with ALPN, and the JDK's HTTP client; plus hand-written frames
 * for the limits and for GOAWAY on graceful shutdown.
 */
class Http2Test {

  static HttpServer server;
  static HttpServer tlsServer;
  static Tls tls = Tls.selfSigned();
  static String http;
  static String https;

  /** The same routes and middleware on both servers: one model for HTTP/1.1 and HTTP/2. */
  static void routes(HttpServer s) {
    s.use(next -> ctx -> {
      ctx.header("X-Seen-By", "middleware");
      next.handle(ctx);
    });
    s.get("/hello/:name", ctx -> ctx.text("hello " + ctx.pathParam("name") + " over " + ctx.protocol() + " " + ctx.scheme()));
    s.post("/echo", ctx -> ctx.bytes(ctx.body(), "application/octet-stream"));
    s.get("/query", ctx -> ctx.text(ctx.query("q") + "/" + ctx.header("X-A")));
    s.get("/stream", ctx -> {
      try (var out = ctx.stream("text/plain")) {
        for (int i = 0; i < 3; i++) {
          out.write(("part" + i + ";").getBytes(StandardCharsets.UTF_8));
          out.flush();
        }
      }
    });
  }

  @BeforeAll
  static void start() {
    server = HttpServer.builder().address("127.0.0.1:0")
        .maxBodySize(1000).maxHeaderSize(1024).requestTimeout(Duration.ofMillis(500)).build();
    routes(server);
    server.start();
    tlsServer = HttpServer.builder().address("127.0.0.1:0").tls(tls).build();
    routes(tlsServer);
    tlsServer.start();
    http = "http://127.0.0.1:" + server.port();
    https = "https://127.0.0.1:" + tlsServer.port();
  }

  @AfterAll
  static void stop() {
    server.close();
    tlsServer.close();
  }

  @Test
  void curlWithPriorKnowledge() throws Exception {
    Curl.assumeHttp2();
    Curl.Result r = Curl.run("--http2-prior-knowledge", "-H", "X-A: a", http + "/query?q=1");
    assertThat(r.version()).isEqualTo("2");
    assertThat(r.body()).isEqualTo("1/a");
    Curl.Result hello = Curl.run("--http2-prior-knowledge", http + "/hello/ada");
    assertThat(hello.body()).isEqualTo("hello ada over HTTP/2 http");
    Curl.Result post = Curl.run("--http2-prior-knowledge", "--data-binary", "posted", http + "/echo");
    assertThat(post.version()).isEqualTo("2");
    assertThat(post.body()).isEqualTo("posted");
  }

  @Test
  void curlUpgradesFromHttp1() throws Exception {
    Curl.assumeHttp2();
    Curl.Result r = Curl.run("--http2", http + "/hello/up");
    assertThat(r.version()).isEqualTo("2");
    assertThat(r.body()).isEqualTo("hello up over HTTP/2 http"); // the upgrading request is answered on stream 1
    Curl.Result post = Curl.run("--http2", "--data-binary", "upgraded body", http + "/echo");
    assertThat(post.version()).isEqualTo("2");
    assertThat(post.body()).isEqualTo("upgraded body");
  }

  @Test
  void http1IsStillServedOnTheSamePort() throws Exception {
    Curl.assumeHttp2();
    Curl.Result r = Curl.run("--http1.1", http + "/hello/old");
    assertThat(r.version()).isEqualTo("1.1");
    assertThat(r.body()).isEqualTo("hello old over HTTP/1.1 http");
  }

  @Test
  void curlOverTlsNegotiatesWithAlpn() throws Exception {
    Curl.assumeHttp2();
    Curl.Result h2 = Curl.run("--http2", "-k", https + "/hello/tls");
    assertThat(h2.exitCode()).as(h2.stderr()).isZero();
    assertThat(h2.version()).isEqualTo("2");
    assertThat(h2.body()).isEqualTo("hello tls over HTTP/2 https");
    Curl.Result h1 = Curl.run("--http1.1", "-k", https + "/hello/tls1");
    assertThat(h1.version()).isEqualTo("1.1");
    assertThat(h1.body()).isEqualTo("hello tls1 over HTTP/1.1 https");
  }

  @Test
  void streamedAndHeadResponsesOverHttp2() throws Exception {
    Curl.assumeHttp2();
    assertThat(Curl.run("--http2-prior-knowledge", http + "/stream").body()).isEqualTo("part0;part1;part2;");
    Curl.Result head = Curl.run("--http2-prior-knowledge", "-I", http + "/hello/h");
    assertThat(head.status()).isEqualTo(200);
    assertThat(head.body()).contains("content-length: 24", "x-seen-by: middleware");
  }

  @Test
  void jdkClientMultiplexesManyStreamsOverTls() throws Exception {
    KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
    trust.load(null, null);
    trust.setCertificateEntry("server", tls.certificate());
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext ssl = SSLContext.getInstance("TLS");
    ssl.init(null, tmf.getTrustManagers(), null);
    try (HttpClient client = HttpClient.newBuilder().sslContext(ssl).version(HttpClient.Version.HTTP_2).build()) {
      List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        calls.add(client.sendAsync(HttpRequest.newBuilder(URI.create(https + "/hello/" + i)).build(),
            HttpResponse.BodyHandlers.ofString()));
      }
      for (int i = 0; i < calls.size(); i++) {
        HttpResponse<String> r = calls.get(i).get(20, TimeUnit.SECONDS);
        assertThat(r.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(r.body()).isEqualTo("hello " + i + " over HTTP/2 https");
        assertThat(r.headers().firstValue("x-seen-by")).hasValue("middleware");
      }
    }
  }

  @Test
  void anOversizedBodyFailsItsStreamOnly() throws Exception {
    try (RawHttp2 h2 = new RawHttp2(server.port())) {
      h2.headers(1, "POST", "/echo", false, "content-length", "5000");
      h2.data(1, new byte[5000], true);
      assertThat(h2.response(1)[0]).isEqualTo("413");
      h2.headers(3, "GET", "/hello/after", true);
      assertThat(h2.response(3)).containsExactly("200", "hello after over HTTP/2 http");
    }
  }

  @Test
  void aHeaderListOverTheLimitGets431OnItsStream() throws Exception {
    try (RawHttp2 h2 = new RawHttp2(server.port())) {
      h2.headers(1, "GET", "/hello/big", true, "x-big", "b".repeat(1100));
      assertThat(h2.response(1)[0]).isEqualTo("431");
      h2.headers(3, "GET", "/hello/small", true);
      assertThat(h2.response(3)[0]).isEqualTo("200");
    }
  }

  @Test
  void aFrameOverTheMaxFrameSizeEndsTheConnectionWithFrameSizeError() throws Exception {
    try (RawHttp2 h2 = new RawHttp2(server.port())) {
      h2.headers(1, "POST", "/echo", false);
      // the header alone is refused; sending no payload keeps the server's close a FIN, not a reset
      h2.frameHeader(20_000, RawHttp2.DATA, 0, 1);
      RawHttp2.Frame goAway = h2.await(RawHttp2.GOAWAY, 0);
      assertThat(goAway).isNotNull();
      assertThat(goAway.goAwayError()).isEqualTo(0x6); // FRAME_SIZE_ERROR
      assertThat(h2.read()).isNull();
    }
    try (RawHttp2 h2 = new RawHttp2(server.port())) {
      h2.headers(1, "GET", "/hello/still", true);
      assertThat(h2.response(1)[0]).isEqualTo("200");
    }
  }

  @Test
  void aStreamThatNeverFinishesItsRequestGets408() throws Exception {
    try (RawHttp2 h2 = new RawHttp2(server.port())) {
      h2.headers(1, "POST", "/echo", false, "content-length", "10");
      h2.data(1, "12345".getBytes(StandardCharsets.US_ASCII), false); // and then nothing
      h2.headers(3, "GET", "/hello/meanwhile", true);
      assertThat(h2.response(3)[0]).isEqualTo("200");
      assertThat(h2.response(1)[0]).isEqualTo("408");
    }
  }

  @Test
  void gracefulShutdownSendsGoAwayAndLetsOpenStreamsFinish() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    HttpServer s = HttpServer.builder().address("127.0.0.1:0").build();
    s.get("/slow", ctx -> {
      entered.countDown();
      release.await(10, TimeUnit.SECONDS);
      ctx.text("done");
    });
    s.get("/quick", ctx -> ctx.text("quick"));
    s.start();
    try (RawHttp2 h2 = new RawHttp2(s.port())) {
      h2.headers(1, "GET", "/slow", true);
      assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
      Thread closer = Thread.ofVirtual().start(() -> s.shutdown(Duration.ofSeconds(10)));
      RawHttp2.Frame goAway = h2.await(RawHttp2.GOAWAY, 0);
      assertThat(goAway.goAwayError()).isZero(); // NO_ERROR
      assertThat(goAway.goAwayLastStream()).isEqualTo(1);
      h2.headers(3, "GET", "/quick", true); // after GOAWAY: must not be served
      release.countDown();
      assertThat(h2.response(1)).containsExactly("200", "done");
      for (RawHttp2.Frame f = h2.read(); f != null; f = h2.read()) {
        assertThat(f.type() == RawHttp2.HEADERS && f.stream() == 3).as("stream 3 was answered").isFalse();
      }
      closer.join();
    }
  }
}
