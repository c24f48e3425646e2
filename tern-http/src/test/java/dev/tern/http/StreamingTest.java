package dev.tern.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Streamed request bodies (HTTP/1.1 and HTTP/2) and Server-Sent Events. */
class StreamingTest {

  static HttpServer server;
  static HttpClient client;
  static String base;
  static final CountDownLatch uploadStarted = new CountDownLatch(1);
  static final CountDownLatch sseGone = new CountDownLatch(1);

  @BeforeAll
  static void start() {
    server = HttpServer.builder().address("127.0.0.1:0").maxBodySize(1000).requestTimeout(Duration.ofSeconds(2)).build();
    server.put("/upload", HttpHandler.streamingBody(ctx -> {
      CRC32 crc = new CRC32();
      long n = 0;
      byte[] buf = new byte[16 * 1024];
      try (InputStream in = ctx.bodyStream()) {
        for (int r; (r = in.read(buf)) > 0; ) {
          if (n == 0) uploadStarted.countDown();
          crc.update(buf, 0, r);
          n += r;
        }
      }
      ctx.text(n + " " + Long.toHexString(crc.getValue()) + " " + ctx.protocol());
    }));
    server.post("/whole", HttpHandler.streamingBody(ctx -> ctx.text(String.valueOf(ctx.body().length))));
    server.post("/refuse", HttpHandler.streamingBody(ctx -> ctx.status(403).text("no thanks")));
    server.get("/events", ctx -> {
      try (EventStream events = ctx.sse()) {
        events.retry(Duration.ofSeconds(3));
        events.send("1", "greeting", "hello\nworld");
        events.sendJson("tick", Map.of("n", 1));
        events.comment("keep-alive");
        events.send("last");
      }
    });
    server.get("/endless", ctx -> {
      try (EventStream events = ctx.sse()) {
        for (int i = 0; ; i++) {
          events.send(String.valueOf(i));
          Thread.sleep(5);
        }
      } catch (IOException gone) {
        sseGone.countDown();
      }
    });
    server.start();
    client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    base = "http://127.0.0.1:" + server.port();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static String crcOf(byte[] data) {
    CRC32 crc = new CRC32();
    crc.update(data);
    return Long.toHexString(crc.getValue());
  }

  static byte[] pattern(int size) {
    byte[] data = new byte[size];
    for (int i = 0; i < size; i++) data[i] = (byte) (i * 31 + (i >> 9));
    return data;
  }

  @Test
  void anUploadFarOverTheBodyLimitIsStreamedToTheHandler() throws Exception {
    byte[] data = pattern(8 << 20); // 8 MiB through a server whose buffered-body limit is 1000 bytes
    HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(base + "/upload"))
        .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(data))).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo(data.length + " " + crcOf(data) + " HTTP/1.1");
  }

  @Test
  void theHandlerRunsBeforeTheBodyHasArrived() throws Exception {
    try (RawConnection c = new RawConnection(server.port())) {
      c.send("PUT /upload HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n");
      assertThat(uploadStarted.await(5, TimeUnit.SECONDS)).isTrue(); // reading while the rest is still to come
      RawConnection.Response r = c.send("6\r\n world\r\n0\r\n\r\n").read();
      assertThat(r.body()).isEqualTo("11 " + crcOf("hello world".getBytes(StandardCharsets.US_ASCII)) + " HTTP/1.1");
      // the connection stays usable
      assertThat(c.send("POST /whole HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc").read().body()).isEqualTo("3");
    }
  }

  @Test
  void anUploadOverHttp2IsStreamedWithFlowControl(@TempDir Path dir) throws Exception {
    Curl.assumeHttp2();
    byte[] data = pattern(3 << 20);
    Path file = dir.resolve("up.bin");
    Files.write(file, data);
    Curl.Result r = Curl.run("--http2-prior-knowledge", "-X", "PUT", "--data-binary", "@" + file, base + "/upload");
    assertThat(r.version()).isEqualTo("2");
    assertThat(r.body()).isEqualTo(data.length + " " + crcOf(data) + " HTTP/2");
  }

  @Test
  void readingAStreamedBodyWholeStillHasTheBodyLimit() throws Exception {
    try (RawConnection c = new RawConnection(server.port())) {
      assertThat(c.send("POST /whole HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n0123456789").read().body()).isEqualTo("10");
      RawConnection.Response big = c.send("POST /whole HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\n" + "x".repeat(5000)).read();
      assertThat(big.status()).isEqualTo(413);
    }
  }

  @Test
  void aHandlerThatRefusesWithoutReadingNeverInvitesTheBody() throws Exception {
    try (RawConnection c = new RawConnection(server.port())) {
      RawConnection.Response r = c.send("POST /refuse HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\nExpect: 100-continue\r\n\r\n").read();
      assertThat(r.status()).isEqualTo(403); // no 100 Continue first
      assertThat(r.header("Connection")).isEqualTo("close"); // the unread body would otherwise be taken for a request
      assertThat(c.closedByServer()).isTrue();
    }
  }

  @Test
  void aBadChunkInAStreamedBodyFailsTheRequestWith400() throws Exception {
    try (RawConnection c = new RawConnection(server.port())) {
      RawConnection.Response r = c.send("PUT /upload HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
          + "5\r\nhello\r\nzz\r\nnope\r\n0\r\n\r\nGET /events HTTP/1.1\r\nHost: x\r\n\r\n").read();
      assertThat(r.status()).isEqualTo(400);
      assertThat(c.closedByServer()).isTrue(); // and the smuggled GET is never answered
    }
  }

  @Test
  void aStalledStreamedBodyTimesOut() throws Exception {
    try (RawConnection c = new RawConnection(server.port())) {
      RawConnection.Response r = c.send("PUT /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nonly this").read();
      assertThat(r.status()).isEqualTo(408);
      assertThat(c.closedByServer()).isTrue();
    }
  }

  @Test
  void serverSentEventsAreFramedAndFlushedOneByOne() throws Exception {
    HttpResponse<InputStream> r = client.send(HttpRequest.newBuilder(URI.create(base + "/events")).build(),
        HttpResponse.BodyHandlers.ofInputStream());
    assertThat(r.headers().firstValue("Content-Type")).hasValue("text/event-stream; charset=UTF-8");
    assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-cache");
    List<String> lines = new ArrayList<>();
    try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
      for (String l; (l = in.readLine()) != null; ) lines.add(l);
    }
    assertThat(lines).containsExactly(
        "retry: 3000", "",
        "id: 1", "event: greeting", "data: hello", "data: world", "",
        "event: tick", "data: {\"n\":1}", "",
        ": keep-alive", "",
        "data: last", "");
  }

  @Test
  void serverSentEventsOverHttp2() throws Exception {
    Curl.assumeHttp2();
    Curl.Result r = Curl.run("--http2-prior-knowledge", base + "/events");
    assertThat(r.version()).isEqualTo("2");
    assertThat(r.body()).contains("event: greeting\ndata: hello\ndata: world\n\n", "data: last\n\n");
  }

  @Test
  void aStreamingHandlerLearnsThatTheClientLeft() throws Exception {
    try (RawConnection c = new RawConnection(server.port())) {
      c.send("GET /endless HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(c.readLine()).isEqualTo("HTTP/1.1 200 OK");
    } // the client hangs up mid-stream
    assertThat(sseGone.await(10, TimeUnit.SECONDS)).isTrue();
  }
}
