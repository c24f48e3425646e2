package dev.tern.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Hostile HTTP/2 input: each malformed stream is reset on its own, connection-level abuse ends
 * the connection with GOAWAY, and the server keeps serving everyone else.
 */
class Http2RobustnessTest {

  static final int PROTOCOL_ERROR = 0x1;
  static final int ENHANCE_YOUR_CALM = 0xb;

  static HttpServer server;

  @BeforeAll
  static void start() {
    server = HttpServer.builder().address("127.0.0.1:0").requestTimeout(Duration.ofMillis(500)).build();
    server.get("/ok", ctx -> ctx.text("ok"));
    server.post("/echo", ctx -> ctx.bytes(ctx.body(), "application/octet-stream"));
    server.start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static void assertStillServing() throws Exception {
    try (RawHttp2 h2 = new RawHttp2(server.port())) {
      h2.headers(1, "GET", "/ok", true);
      assertThat(h2.response(1)).containsExactly("200", "ok");
    }
  }

  static int rstError(RawHttp2.Frame rst) {
    byte[] p = rst.payload();
    return ((p[0] & 0xff) << 24) | ((p[1] & 0xff) << 16) | ((p[2] & 0xff) << 8) | (p[3] & 0xff);
  }

  @Test
  void aBodyLongerThanItsContentLengthResetsTheStreamOnly() throws Exception {
    try (RawHttp2 h2 = new RawHttp2(server.port())) {
      h2.headers(1, "POST", "/echo", false, "content-length", "5");
      h2.data(1, "0123456789".getBytes(StandardCharsets.US_ASCII), true);
      RawHttp2.Frame rst = h2.await(RawHttp2.RST_STREAM, 1);
      assertThat(rst).isNotNull();
      assertThat(rstError(rst)).isEqualTo(PROTOCOL_ERROR);
      h2.headers(3, "GET", "/ok", true);
      assertThat(h2.response(3)).containsExactly("200", "ok");
    }
  }

  @Test
  void connectionSpecificHeadersAreMalformedInHttp2() throws Exception {
    try (RawHttp2 h2 = new RawHttp2(server.port())) {
      // Transfer-Encoding has no meaning in HTTP/2: accepting it would invite smuggling through proxies
      h2.headers(1, "POST", "/echo", false, "transfer-encoding", "chunked");
      RawHttp2.Frame rst = h2.await(RawHttp2.RST_STREAM, 1);
      assertThat(rst).isNotNull();
      assertThat(rstError(rst)).isEqualTo(PROTOCOL_ERROR);
      h2.headers(3, "GET", "/ok", true);
      assertThat(h2.response(3)[0]).isEqualTo("200");
    }
  }

  @Test
  void rapidResetFloodsEndTheConnection() throws Exception {
    try (RawHttp2 h2 = new RawHttp2(server.port())) {
      // CVE-2023-44487: open and cancel streams at once, so the server works while the client pays nothing
      ByteArrayOutputStream burst = new ByteArrayOutputStream();
      for (int stream = 1; stream < 2 * 1000; stream += 2) {
        burst.writeBytes(RawHttp2.encodeHeaders(stream, "GET", "/ok", true));
        burst.writeBytes(RawHttp2.encodeFrame(RawHttp2.RST_STREAM, 0, stream, new byte[] {0, 0, 0, 8})); // CANCEL
      }
      h2.send(burst.toByteArray());
      RawHttp2.Frame goAway = h2.await(RawHttp2.GOAWAY, 0);
      assertThat(goAway).isNotNull();
      assertThat(goAway.goAwayError()).isEqualTo(ENHANCE_YOUR_CALM);
    }
    assertStillServing();
  }

  @Test
  void aStalledPrefaceIsClosedAfterTheRequestTimeout() throws Exception {
    try (RawConnection c = new RawConnection(server.port())) {
      long t0 = System.nanoTime();
      c.send("PRI * HTTP/2.0\r\n"); // and never the rest
      assertThat(c.closedByServer()).isTrue();
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(4));
    }
    assertStillServing();
  }

  @Test
  void http1AndHttp2ShareThePortUnderAttack() throws Exception {
    try (RawHttp2 bad = new RawHttp2(server.port()); RawConnection h1 = new RawConnection(server.port())) {
      bad.frameHeader(1 << 20, RawHttp2.DATA, 0, 1); // far over the frame size limit
      assertThat(bad.await(RawHttp2.GOAWAY, 0)).isNotNull();
      assertThat(h1.send("GET /ok HTTP/1.1\r\nHost: x\r\n\r\n").read().body()).isEqualTo("ok");
    }
  }
}
