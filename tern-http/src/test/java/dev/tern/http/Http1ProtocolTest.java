package dev.tern.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * HTTP/1.1 framing over raw sockets: keep-alive, pipelining, chunked bodies, limits, and
 * malformed or hostile input. After each bad request the server must still serve others.
 */
class Http1ProtocolTest {

  static HttpServer server;
  static int port;

  @BeforeAll
  static void start() {
    server = HttpServer.builder()
        .address("127.0.0.1:0")
        .maxRequestLineLength(256)
        .maxHeaderSize(1024)
        .maxHeaderCount(20)
        .maxBodySize(1000)
        .requestTimeout(Duration.ofMillis(400))
        .build();
    server.get("/sleep/:ms", ctx -> {
      Thread.sleep(Long.parseLong(ctx.pathParam("ms")));
      ctx.text("slept " + ctx.pathParam("ms"));
    });
    server.post("/echo", ctx -> ctx.bytes(ctx.body(), "application/octet-stream"));
    server.get("/h", ctx -> ctx.text(String.valueOf(ctx.header("X-A"))));
    server.start();
    port = server.port();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static RawConnection connect() throws Exception {
    return new RawConnection(port);
  }

  /** The server still answers a fresh, well-formed request. */
  static void assertStillServing() throws Exception {
    try (RawConnection c = connect()) {
      assertThat(c.send("GET /sleep/0 HTTP/1.1\r\nHost: x\r\n\r\n").read().body()).isEqualTo("slept 0");
    }
  }

  static void assertRejected(String request, int status) throws Exception {
    try (RawConnection c = connect()) {
      RawConnection.Response r = c.send(request).read();
      assertThat(r.status()).isEqualTo(status);
      assertThat(r.header("Connection")).isEqualTo("close");
      assertThat(c.closedByServer()).isTrue();
    }
    assertStillServing();
  }

  @Test
  void keepAliveServesManyRequestsOnOneConnection() throws Exception {
    try (RawConnection c = connect()) {
      for (int i = 0; i < 5; i++) {
        RawConnection.Response r = c.send("GET /sleep/0 HTTP/1.1\r\nHost: x\r\n\r\n").read();
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Connection")).isNull();
      }
      RawConnection.Response last = c.send("GET /sleep/0 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").read();
      assertThat(last.header("Connection")).isEqualTo("close");
      assertThat(c.closedByServer()).isTrue();
    }
  }

  @Test
  void http10KeepAliveOnlyWhenAsked() throws Exception {
    try (RawConnection c = connect()) {
      RawConnection.Response r = c.send("GET /sleep/0 HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").read();
      assertThat(r.header("Connection")).isEqualTo("keep-alive");
      c.send("GET /sleep/0 HTTP/1.0\r\n\r\n").read();
      assertThat(c.closedByServer()).isTrue();
    }
  }

  @Test
  void pipelinedResponsesComeBackInRequestOrder() throws Exception {
    try (RawConnection c = connect()) {
      // the first takes longest: answering in completion order would reverse them
      c.send("GET /sleep/150 HTTP/1.1\r\nHost: x\r\n\r\n"
          + "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello"
          + "GET /sleep/0 HTTP/1.1\r\nHost: x\r\n\r\n");
      List<String> bodies = new ArrayList<>();
      for (int i = 0; i < 3; i++) bodies.add(c.read().body());
      assertThat(bodies).containsExactly("slept 150", "hello", "slept 0");
    }
  }

  @Test
  void chunkedRequestBodyIsAggregated() throws Exception {
    try (RawConnection c = connect()) {
      RawConnection.Response r = c.send("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
          + "5\r\nhello\r\n6;ext=1\r\n world\r\n0\r\nX-Trailer: t\r\n\r\n").read();
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.body()).isEqualTo("hello world");
      // still usable afterwards
      assertThat(c.send("GET /sleep/0 HTTP/1.1\r\nHost: x\r\n\r\n").read().status()).isEqualTo(200);
    }
  }

  @Test
  void badChunkSizeIsRejected() throws Exception {
    assertRejected("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n", 400);
  }

  @Test
  void contentLengthWithTransferEncodingIsRejected() throws Exception {
    // the classic CL.TE smuggling shape: the second request must never be served
    try (RawConnection c = connect()) {
      RawConnection.Response r = c.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 40\r\n"
          + "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /sleep/0 HTTP/1.1\r\nHost: x\r\n\r\n").read();
      assertThat(r.status()).isEqualTo(400);
      assertThat(c.closedByServer()).isTrue();
    }
    assertStillServing();
  }

  @Test
  void transferEncodingOtherThanChunkedIsRejected() throws Exception {
    assertRejected("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\nabc", 400);
  }

  @Test
  void duplicateDifferingContentLengthsAreRejected() throws Exception {
    assertRejected("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd", 400);
  }

  @Test
  void obsFoldIsRejected() throws Exception {
    assertRejected("GET /h HTTP/1.1\r\nHost: x\r\nX-B: one\r\n X-A: smuggled\r\n\r\n", 400);
    assertRejected("GET /h HTTP/1.1\r\nHost: x\r\nX-B: one\r\n\tcontinued\r\n\r\n", 400);
  }

  @Test
  void obsFoldInALaterPipelinedRequestIsRejectedAfterTheEarlierOnesAreAnswered() throws Exception {
    try (RawConnection c = connect()) {
      // a body with a line starting with a space is not a header and must not trip the check
      c.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n\r\na\n b"
          + "GET /h HTTP/1.1\r\nX-A: 1\r\n\r\n"
          + "GET /h HTTP/1.1\r\nX-A: 2\r\n folded\r\n\r\n");
      assertThat(c.read().body()).isEqualTo("a\n b");
      assertThat(c.read().body()).isEqualTo("1");
      assertThat(c.read().status()).isEqualTo(400);
      assertThat(c.closedByServer()).isTrue();
    }
  }

  @Test
  void headersTrickledByteByByteAreStillChecked() throws Exception {
    try (RawConnection c = connect()) {
      for (byte b : "GET /h HTTP/1.1\r\nX-A: ok\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII)) {
        c.send(new byte[] {b});
      }
      assertThat(c.read().body()).isEqualTo("ok");
      for (byte b : "GET /h HTTP/1.1\r\nX-A: ok\r\n x\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII)) {
        c.send(new byte[] {b});
      }
      assertThat(c.read().status()).isEqualTo(400);
    }
  }

  @Test
  void invalidHeaderBytesAreRejected() throws Exception {
    assertRejected("GET /h HTTP/1.1\r\nHost: x\r\nX\u0001Bad: v\r\n\r\n", 400);
    assertRejected("GET /h HTTP/1.1\r\nHost: x\r\nX-A : v\r\n\r\n", 400);
  }

  @Test
  void garbageRequestLineIsRejected() throws Exception {
    assertRejected("HELLO\r\n\r\n", 400);
  }

  @Test
  void oversizedRequestLineGets414() throws Exception {
    assertRejected("GET /" + "a".repeat(400) + " HTTP/1.1\r\nHost: x\r\n\r\n", 414);
  }

  @Test
  void oversizedHeadersGet431() throws Exception {
    assertRejected("GET /h HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(2000) + "\r\n\r\n", 431);
    StringBuilder many = new StringBuilder("GET /h HTTP/1.1\r\nHost: x\r\n");
    for (int i = 0; i < 25; i++) many.append("X-").append(i).append(": v\r\n");
    assertRejected(many.append("\r\n").toString(), 431);
  }

  @Test
  void oversizedBodiesGet413() throws Exception {
    assertRejected("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\n" + "x".repeat(5000), 413);
    String chunk = Integer.toHexString(800) + "\r\n" + "y".repeat(800) + "\r\n";
    assertRejected("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n" + chunk + chunk + "0\r\n\r\n", 413);
  }

  @Test
  void oversizedBodyAfterPipelinedRequestKeepsOrder() throws Exception {
    try (RawConnection c = connect()) {
      c.send("GET /sleep/100 HTTP/1.1\r\nHost: x\r\n\r\nPOST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\n");
      assertThat(c.read().body()).isEqualTo("slept 100");
      assertThat(c.read().status()).isEqualTo(413);
      assertThat(c.closedByServer()).isTrue();
    }
  }

  @Test
  void expectContinueGets100ThenTheResponse() throws Exception {
    try (RawConnection c = connect()) {
      c.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n");
      assertThat(c.read().status()).isEqualTo(100);
      RawConnection.Response r = c.send("ping").read();
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.body()).isEqualTo("ping");
    }
    try (RawConnection c = connect()) {
      c.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\nExpect: 100-continue\r\n\r\n");
      assertThat(c.read().status()).isEqualTo(413); // refused before the body is sent
      assertThat(c.closedByServer()).isTrue();
    }
  }

  @Test
  void continueForAPipelinedRequestWaitsForTheEarlierResponse() throws Exception {
    try (RawConnection c = connect()) {
      c.send("GET /sleep/150 HTTP/1.1\r\nHost: x\r\n\r\n"
          + "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n");
      assertThat(c.read().body()).isEqualTo("slept 150");
      assertThat(c.read().status()).isEqualTo(100);
      assertThat(c.send("pong").read().body()).isEqualTo("pong");
    }
  }

  @Test
  void slowlorisIsCutOffByTheRequestTimeout() throws Exception {
    try (RawConnection c = connect()) {
      long t0 = System.nanoTime();
      c.send("GET /h HTTP/1.1\r\n");
      boolean closed = false;
      for (int i = 0; i < 20 && !closed; i++) { // one header byte every 50 ms keeps it "active"
        Thread.sleep(50);
        try {
          c.send("X");
        } catch (java.io.IOException e) {
          closed = true;
        }
      }
      RawConnection.Response r = c.read();
      assertThat(r.status()).isEqualTo(408);
      assertThat(c.closedByServer()).isTrue();
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(3));
    }
    assertStillServing();
  }

  @Test
  void idleKeepAliveConnectionsAreClosed() throws Exception {
    HttpServer s = HttpServer.builder().address("127.0.0.1:0").idleTimeout(Duration.ofMillis(200)).build();
    s.get("/", ctx -> ctx.text("hi"));
    s.start();
    try (RawConnection c = new RawConnection(s.port())) {
      assertThat(c.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n").read().body()).isEqualTo("hi");
      long t0 = System.nanoTime();
      assertThat(c.closedByServer()).isTrue();
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThan(Duration.ofMillis(100));
    } finally {
      s.close();
    }
  }

  @Test
  void gracefulShutdownFinishesInFlightRequestsWithConnectionClose() throws Exception {
    HttpServer s = HttpServer.builder().address("127.0.0.1:0").build();
    s.get("/sleep", ctx -> {
      Thread.sleep(300);
      ctx.text("done");
    });
    s.get("/quick", ctx -> ctx.text("quick"));
    s.start();
    try (RawConnection busy = new RawConnection(s.port()); RawConnection idle = new RawConnection(s.port())) {
      assertThat(idle.send("GET /quick HTTP/1.1\r\nHost: x\r\n\r\n").read().body()).isEqualTo("quick");
      busy.send("GET /sleep HTTP/1.1\r\nHost: x\r\n\r\n");
      Thread.sleep(50);
      Thread closer = Thread.ofVirtual().start(() -> s.shutdown(Duration.ofSeconds(5)));
      RawConnection.Response r = busy.read();
      assertThat(r.body()).isEqualTo("done");
      assertThat(r.header("Connection")).isEqualTo("close");
      assertThat(busy.closedByServer()).isTrue();
      assertThat(idle.closedByServer()).isTrue();
      closer.join();
    }
    try (java.net.Socket refused = new java.net.Socket()) {
      org.assertj.core.api.Assertions.assertThatThrownBy(
          () -> refused.connect(new java.net.InetSocketAddress("127.0.0.1", s.port()), 1000))
          .isInstanceOf(java.io.IOException.class);
    }
  }
}
