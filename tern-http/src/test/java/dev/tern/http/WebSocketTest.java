package dev.tern.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** WebSocket (RFC 6455) with the JDK's client, and permessage-deflate (RFC 7692) with raw frames. */
class WebSocketTest {

  static HttpServer server;
  static String ws;
  static final BlockingQueue<String> closes = new LinkedBlockingQueue<>();

  /** Echoes text and binary; "close" makes the server close; "boom" makes the listener fail. */
  static final class Echo implements WebSocketListener {
    @Override
    public void onOpen(WebSocket socket) {
      socket.send("welcome " + socket.subprotocol());
    }

    @Override
    public void onText(WebSocket socket, String text) {
      if (text.equals("close")) {
        socket.close(4000, "asked to");
      } else if (text.equals("boom")) {
        throw new IllegalStateException("boom");
      } else {
        socket.send("echo: " + text);
      }
    }

    @Override
    public void onBinary(WebSocket socket, byte[] data) {
      socket.send(new StringBuilder(new String(data, StandardCharsets.UTF_8)).reverse().toString().getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void onClose(WebSocket socket, int code, String reason) {
      closes.add(code + " " + reason);
    }
  }

  @BeforeAll
  static void start() {
    server = HttpServer.builder().address("127.0.0.1:0").webSocketMaxMessageSize(64 * 1024).build();
    server.get("/ws", ctx -> {
      if (!"secret".equals(ctx.query("token"))) throw new HttpStatusException(401, "no token");
      ctx.setCookie("seen", "1");
      ctx.webSocket(new Echo(), "chat.v2", "chat.v1");
    });
    server.get("/plain", ctx -> ctx.webSocket(new Echo()));
    server.start();
    ws = "ws://127.0.0.1:" + server.port();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** The JDK client's side: collects messages. */
  static final class Collector implements java.net.http.WebSocket.Listener {
    final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
    final CompletableFuture<String> closed = new CompletableFuture<>();
    private final StringBuilder text = new StringBuilder();

    @Override
    public CompletionStage<?> onText(java.net.http.WebSocket webSocket, CharSequence data, boolean last) {
      text.append(data);
      if (last) {
        messages.add(text.toString());
        text.setLength(0);
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onBinary(java.net.http.WebSocket webSocket, ByteBuffer data, boolean last) {
      byte[] b = new byte[data.remaining()];
      data.get(b);
      messages.add("binary " + new String(b, StandardCharsets.UTF_8));
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(java.net.http.WebSocket webSocket, int statusCode, String reason) {
      closed.complete(statusCode + " " + reason);
      return null;
    }

    String next() throws InterruptedException {
      return messages.poll(10, TimeUnit.SECONDS);
    }
  }

  static java.net.http.WebSocket connect(String path, Collector collector, String... subprotocols) throws Exception {
    var builder = HttpClient.newHttpClient().newWebSocketBuilder();
    if (subprotocols.length > 0) builder.subprotocols(subprotocols[0], java.util.Arrays.copyOfRange(subprotocols, 1, subprotocols.length));
    return builder.buildAsync(URI.create(ws + path), collector).get(10, TimeUnit.SECONDS);
  }

  @Test
  void echoesTextAndBinaryAfterMiddlewareAndTheHandlerAccepted() throws Exception {
    Collector c = new Collector();
    java.net.http.WebSocket socket = connect("/ws?token=secret", c, "chat.v1");
    assertThat(socket.getSubprotocol()).isEqualTo("chat.v1");
    assertThat(c.next()).isEqualTo("welcome chat.v1");
    socket.sendText("hi", true).get(5, TimeUnit.SECONDS);
    assertThat(c.next()).isEqualTo("echo: hi");
    socket.sendText("frag", false);
    socket.sendText("mented", true).get(5, TimeUnit.SECONDS);
    assertThat(c.next()).isEqualTo("echo: fragmented");
    socket.sendBinary(ByteBuffer.wrap("abc".getBytes(StandardCharsets.UTF_8)), true).get(5, TimeUnit.SECONDS);
    assertThat(c.next()).isEqualTo("binary cba");
    socket.sendClose(1000, "bye").get(5, TimeUnit.SECONDS);
    assertThat(c.closed.get(5, TimeUnit.SECONDS)).startsWith("1000");
  }

  @Test
  void aRefusedHandshakeIsAnOrdinaryHttpAnswer() {
    assertThatThrownBy(() -> connect("/ws?token=wrong", new Collector()))
        .hasRootCauseMessage("Unexpected HTTP response status code 401");
  }

  @Test
  void aNonWebSocketRequestToAWebSocketRouteGets400() throws Exception {
    try (RawConnection c = new RawConnection(server.port())) {
      assertThat(c.send("GET /plain HTTP/1.1\r\nHost: x\r\n\r\n").read().status()).isEqualTo(400);
    }
  }

  @Test
  void theServerCanClose() throws Exception {
    Collector c = new Collector();
    java.net.http.WebSocket socket = connect("/plain", c);
    assertThat(c.next()).isEqualTo("welcome null");
    socket.sendText("close", true);
    assertThat(c.closed.get(10, TimeUnit.SECONDS)).isEqualTo("4000 asked to");
  }

  @Test
  void aFailingListenerClosesWith1011() throws Exception {
    Collector c = new Collector();
    java.net.http.WebSocket socket = connect("/plain", c);
    c.next();
    socket.sendText("boom", true);
    assertThat(c.closed.get(10, TimeUnit.SECONDS)).startsWith("1011");
  }

  @Test
  void aMessageOverTheLimitClosesWith1009() throws Exception {
    Collector c = new Collector();
    java.net.http.WebSocket socket = connect("/plain", c);
    c.next();
    socket.sendText("x".repeat(100 * 1024), true);
    assertThat(c.closed.get(10, TimeUnit.SECONDS)).startsWith("1009");
  }

  @Test
  void gracefulShutdownSays1001() throws Exception {
    HttpServer s = HttpServer.builder().address("127.0.0.1:0").build();
    s.get("/ws", ctx -> ctx.webSocket(new Echo()));
    s.start();
    Collector c = new Collector();
    HttpClient.newHttpClient().newWebSocketBuilder()
        .buildAsync(URI.create("ws://127.0.0.1:" + s.port() + "/ws"), c).get(10, TimeUnit.SECONDS);
    assertThat(c.next()).startsWith("welcome");
    Thread closer = Thread.ofVirtual().start(() -> s.shutdown(Duration.ofSeconds(5)));
    assertThat(c.closed.get(10, TimeUnit.SECONDS)).isEqualTo("1001 server shutting down");
    closer.join();
  }

  @Test
  void permessageDeflateIsNegotiatedAndUsedBothWays() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(5000);
      OutputStream out = socket.getOutputStream();
      DataInputStream in = new DataInputStream(socket.getInputStream());
      String key = Base64.getEncoder().encodeToString(new byte[16]);
      out.write(("GET /plain HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
          + "Sec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n"
          + "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      String head = readHead(in);
      assertThat(head).startsWith("HTTP/1.1 101").containsIgnoringCase("sec-websocket-extensions: permessage-deflate");
      Inflater inflater = new Inflater(true); // one for the session: the server keeps its window across messages
      assertThat(inflate(inflater, readFrame(in, true))).isEqualTo("welcome null");

      String text = "compress me ".repeat(50);
      out.write(maskedFrame(deflate(text.getBytes(StandardCharsets.UTF_8))));
      byte[] reply = readFrame(in, true);
      assertThat(reply.length).isLessThan(100); // compressed on the way back too
      assertThat(inflate(inflater, reply)).isEqualTo("echo: " + text);
      inflater.end();
    }
  }

  private static String readHead(InputStream in) throws Exception {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) head.write(in.read());
    return head.toString(StandardCharsets.US_ASCII);
  }

  /** Reads one unmasked server frame; checks RSV1 (compressed) is as expected. */
  private static byte[] readFrame(DataInputStream in, boolean compressed) throws Exception {
    int b0 = in.readUnsignedByte();
    assertThat((b0 & 0x40) != 0).as("RSV1 (compressed)").isEqualTo(compressed);
    int len = in.readUnsignedByte() & 0x7f;
    if (len == 126) len = in.readUnsignedShort();
    else if (len == 127) len = (int) in.readLong();
    byte[] payload = new byte[len];
    in.readFully(payload);
    return payload;
  }

  /** A final, masked, compressed text frame. */
  private static byte[] maskedFrame(byte[] payload) {
    ByteArrayOutputStream f = new ByteArrayOutputStream();
    f.write(0x80 | 0x40 | 0x1);
    if (payload.length < 126) {
      f.write(0x80 | payload.length);
    } else {
      f.write(0x80 | 126);
      f.write(payload.length >>> 8);
      f.write(payload.length);
    }
    byte[] mask = {1, 2, 3, 4};
    f.writeBytes(mask);
    for (int i = 0; i < payload.length; i++) f.write(payload[i] ^ mask[i % 4]);
    return f.toByteArray();
  }

  private static byte[] deflate(byte[] data) {
    Deflater d = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
    d.setInput(data);
    byte[] buf = new byte[data.length + 64];
    int n = d.deflate(buf, 0, buf.length, Deflater.SYNC_FLUSH);
    d.end();
    return java.util.Arrays.copyOf(buf, n - 4); // RFC 7692: drop the 00 00 ff ff tail
  }

  private static String inflate(Inflater i, byte[] data) throws Exception {
    byte[] withTail = java.util.Arrays.copyOf(data, data.length + 4);
    withTail[data.length + 2] = (byte) 0xff;
    withTail[data.length + 3] = (byte) 0xff;
    i.setInput(withTail);
    byte[] buf = new byte[64 * 1024];
    int n = i.inflate(buf);
    return new String(buf, 0, n, StandardCharsets.UTF_8);
  }

  @Test
  void closeEventsReachTheListener() throws Exception {
    Collector c = new Collector();
    java.net.http.WebSocket socket = connect("/plain", c);
    c.next();
    closes.clear();
    socket.sendClose(4001, "done").get(5, TimeUnit.SECONDS);
    assertThat(c.closed.get(10, TimeUnit.SECONDS)).startsWith("4001");
    assertThat(closes.poll(10, TimeUnit.SECONDS)).isEqualTo("4001 done");
  }
}
