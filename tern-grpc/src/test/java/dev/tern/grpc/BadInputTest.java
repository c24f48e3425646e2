package dev.tern.grpc;

import static dev.tern.grpc.Echo.s;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.StringValue;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a broken or hostile client can send, over a raw socket: each gets the right status or GOAWAY,
 * and the server keeps serving everyone else.
 */
class BadInputTest {

  private static final int CANCEL = 0x8;
  private static final String UNARY = "/tern.test.Echo/Unary";
  private static final String HOLD = "/tern.test.Echo/Hold";
  private static final String FLOOD = "/tern.test.Echo/Flood";
  private static final int FLOOD_MESSAGE = 16 * 1024;

  private static GrpcServer server;
  private static GrpcClient client;
  private static final AtomicInteger unaryCalls = new AtomicInteger();
  private static volatile CountDownLatch holdEntered;
  private static volatile CompletableFuture<GrpcStatus.Code> holdEnded;
  private static final AtomicInteger flooded = new AtomicInteger();
  private static final AtomicReference<Thread> flooder = new AtomicReference<>();
  private static volatile CompletableFuture<GrpcStatus.Code> floodEnded;

  @BeforeAll
  static void start() {
    GrpcServiceDefinition svc = Echo.blocking()
        .bidiStreaming(Echo.method("Hold", MethodType.BIDI_STREAMING), (in, out) -> {
          holdEntered.countDown();
          try {
            in.receive();
            holdEnded.complete(GrpcStatus.Code.OK);
          } catch (GrpcStatusException e) {
            holdEnded.complete(e.code());
          }
        })
        .serverStreaming(Echo.method("Flood", MethodType.SERVER_STREAMING), (r, out) -> {
          flooder.set(Thread.currentThread());
          StringValue chunk = s("f".repeat(FLOOD_MESSAGE));
          try {
            while (true) {
              out.send(chunk);
              flooded.incrementAndGet();
            }
          } catch (GrpcStatusException e) {
            floodEnded.complete(e.code());
          }
        })
        .build();
    GrpcServiceDefinition counting = GrpcServiceDefinition.builder("tern.test.Count")
        .unary(MethodDescriptor.of("tern.test.Count", "Call", MethodType.UNARY, Echo.STRING, Echo.STRING), r -> {
          unaryCalls.incrementAndGet();
          return r;
        }).build();
    server = GrpcServer.builder().port(0).addService(svc).addService(counting).gracePeriod(Duration.ZERO).build().start();
    client = GrpcClient.builder().address("127.0.0.1:" + server.port()).rpcTimeout(Duration.ofSeconds(5)).build();
  }

  @AfterAll
  static void stop() {
    client.close();
    server.close();
  }

  @BeforeEach
  void reset() {
    holdEntered = new CountDownLatch(1);
    holdEnded = new CompletableFuture<>();
    floodEnded = new CompletableFuture<>();
    flooded.set(0);
  }

  private static void othersStillServed() {
    assertThat(client.unary(Echo.UNARY, s("still here")).getValue()).isEqualTo("echo:still here");
  }

  /** A unary call on the raw connection, to show the connection itself still works. */
  private static void unaryWorks(RawHttp2 raw, int streamId) throws IOException {
    raw.headers(streamId, RawHttp2.request(UNARY), false);
    raw.data(streamId, RawHttp2.message(s("raw").toByteArray()), true);
    RawHttp2.Frame data = raw.await(f -> f.type() == RawHttp2.DATA && f.streamId() == streamId);
    assertThat(StringValue.parseFrom(ByteBuffer.wrap(data.payload(), 5, data.payload().length - 5)).getValue())
        .isEqualTo("echo:raw");
    assertThat(raw.trailers(streamId).grpcStatus()).isEqualTo("0");
  }

  @Test
  void malformedFrameGetsGoAwayAndOnlyThatConnectionCloses() throws Exception {
    try (RawHttp2 raw = RawHttp2.connect(server.port())) {
      raw.frame(RawHttp2.PING, 0, 0, new byte[7]); // PING payloads are 8 bytes
      RawHttp2.Frame goAway = raw.await(f -> f.type() == RawHttp2.GOAWAY);
      assertThat(goAway.errorCode()).isEqualTo(0x6); // FRAME_SIZE_ERROR
      assertThat(raw.closedByServer()).isTrue();
    }
    try (RawHttp2 raw = RawHttp2.connect(server.port())) {
      raw.frame(RawHttp2.DATA, 0, 2, new byte[] {1}); // a stream the client may not open (even id)
      assertThat(raw.await(f -> f.type() == RawHttp2.GOAWAY).errorCode()).isEqualTo(0x1); // PROTOCOL_ERROR
    }
    othersStillServed();
  }

  @Test
  void headersOverTheLimitGetResourceExhausted() throws Exception {
    try (RawHttp2 raw = RawHttp2.connect(server.port())) {
      raw.headers(1, RawHttp2.request(UNARY).set("x-big", "a".repeat(9000)), false);
      RawHttp2.Frame answer = raw.await(f -> f.type() == RawHttp2.HEADERS && f.streamId() == 1);
      assertThat(answer.grpcStatus()).isEqualTo("8");
      assertThat(answer.headers().get("grpc-message").toString()).contains("header list");
      unaryWorks(raw, 3);
    }
    try (RawHttp2 raw = RawHttp2.connect(server.port())) {
      // a header block far over the limit (more than a quarter above it, encoded; '~' does not
      // compress): the connection is not worth keeping
      raw.headers(1, RawHttp2.request(UNARY).set("x-big", "~".repeat(6000)).set("x-big2", "~".repeat(6000)), false);
      assertThat(raw.await(f -> f.type() == RawHttp2.GOAWAY)).isNotNull();
      assertThat(raw.closedByServer()).isTrue();
    }
    othersStillServed();
  }

  @Test
  void messageOverTheLimitIsRefusedFromItsLengthPrefix() throws Exception {
    try (RawHttp2 raw = RawHttp2.connect(server.port())) {
      raw.headers(1, RawHttp2.request(UNARY), false);
      // declares a 2 GiB message and sends ten bytes of it: the server must not wait for the rest
      raw.data(1, ByteBuffer.allocate(15).put((byte) 0).putInt(Integer.MAX_VALUE).array(), false);
      RawHttp2.Frame answer = raw.trailers(1);
      assertThat(answer.grpcStatus()).isEqualTo("8");
      assertThat(answer.headers().get("grpc-message").toString()).contains("larger than max");
      unaryWorks(raw, 3);
    }
    assertThatStatus(() -> client.unary(Echo.UNARY, s("x".repeat(5 << 20))), GrpcStatus.Code.RESOURCE_EXHAUSTED);
    othersStillServed();
  }

  @Test
  void streamResetMidMessageCancelsTheHandler() throws Exception {
    try (RawHttp2 raw = RawHttp2.connect(server.port())) {
      raw.headers(1, RawHttp2.request(HOLD), false);
      assertThat(holdEntered.await(5, TimeUnit.SECONDS)).isTrue();
      raw.data(1, ByteBuffer.allocate(15).put((byte) 0).putInt(100).array(), false); // 10 of 100 bytes
      raw.rst(1, CANCEL);
      assertThat(holdEnded.get(5, TimeUnit.SECONDS)).isEqualTo(GrpcStatus.Code.CANCELLED);
      unaryWorks(raw, 3);
    }
    othersStillServed();
  }

  @Test
  void aStreamEndingInsideAMessageIsInternal() throws Exception {
    try (RawHttp2 raw = RawHttp2.connect(server.port())) {
      raw.headers(1, RawHttp2.request(UNARY), false);
      raw.data(1, ByteBuffer.allocate(8).put((byte) 0).putInt(10).array(), true);
      RawHttp2.Frame answer = raw.trailers(1);
      assertThat(answer.grpcStatus()).isEqualTo("13");
      unaryWorks(raw, 3);
    }
  }

  @Test
  void aConnectionThatNeverReadsStopsTheWriter() throws Exception {
    try (RawHttp2 raw = RawHttp2.connect(server.port())) {
      // open every window wide: only the socket, which this client never reads, holds the server back
      raw.frame(RawHttp2.SETTINGS, 0, 0, ByteBuffer.allocate(6).putShort((short) 4).putInt(Integer.MAX_VALUE).array());
      raw.frame(RawHttp2.WINDOW_UPDATE, 0, 0, ByteBuffer.allocate(4).putInt(Integer.MAX_VALUE - 65535).array());
      raw.headers(1, RawHttp2.request(FLOOD), false);
      raw.data(1, RawHttp2.message(new byte[0]), true);
      awaitBlocked();
      int sent = flooded.get();
      // socket buffers (a few MiB on loopback) plus the stream's high-water mark; nothing grows beyond
      assertThat((long) sent * FLOOD_MESSAGE).isLessThan(64L << 20);
      othersStillServed();
      assertThat(flooded.get()).isEqualTo(sent);
    }
    assertThat(floodEnded.get(5, TimeUnit.SECONDS)).isEqualTo(GrpcStatus.Code.CANCELLED);
  }

  @Test
  void aClientThatGrantsNoWindowStopsTheWriterAtTheWindow() throws Exception {
    try (RawHttp2 raw = RawHttp2.connect(server.port())) {
      raw.headers(1, RawHttp2.request(FLOOD), false);
      raw.data(1, RawHttp2.message(new byte[0]), true);
      awaitBlocked();
      // the default 64 KiB stream window, the 32 KiB high-water mark and one message in hand
      assertThat(flooded.get()).isBetween(3, 8);
      raw.rst(1, CANCEL);
      assertThat(floodEnded.get(5, TimeUnit.SECONDS)).isEqualTo(GrpcStatus.Code.CANCELLED);
    }
  }

  private static void awaitBlocked() throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < end) {
      Thread t = flooder.get();
      if (t != null && flooded.get() > 0 && t.getState() == Thread.State.WAITING) {
        int before = flooded.get();
        Thread.sleep(50);
        if (flooded.get() == before && t.getState() == Thread.State.WAITING) return;
      }
      Thread.sleep(10);
    }
    throw new AssertionError("the flooding handler never blocked; sent " + flooded.get());
  }

  @Test
  void deadlineAlreadyExpiredOnArrivalIsRefusedAtOnce() throws Exception {
    int before = unaryCalls.get();
    try (RawHttp2 raw = RawHttp2.connect(server.port())) {
      raw.headers(1, RawHttp2.request("/tern.test.Count/Call").set("grpc-timeout", "0m"), false);
      raw.data(1, RawHttp2.message(s("x").toByteArray()), true);
      RawHttp2.Frame answer = raw.trailers(1);
      assertThat(answer.grpcStatus()).isEqualTo("4");
      assertThat(answer.headers().status().toString()).isEqualTo("200"); // trailers-only
      raw.headers(3, RawHttp2.request("/tern.test.Count/Call").set("grpc-timeout", "5x"), true);
      assertThat(raw.trailers(3).grpcStatus()).isEqualTo("13");
    }
    assertThat(unaryCalls.get()).isEqualTo(before);
  }

  @Test
  void theServerEnforcesTheDeadlineItWasSent() throws Exception {
    try (RawHttp2 raw = RawHttp2.connect(server.port())) {
      long start = System.nanoTime();
      raw.headers(1, RawHttp2.request(HOLD).set("grpc-timeout", "200m"), false);
      RawHttp2.Frame answer = raw.trailers(1);
      assertThat(answer.grpcStatus()).isEqualTo("4");
      assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(190));
      assertThat(holdEnded.get(5, TimeUnit.SECONDS)).isEqualTo(GrpcStatus.Code.DEADLINE_EXCEEDED);
      // the client had not finished sending: the server asks it to stop, without error
      RawHttp2.Frame rst = raw.await(f -> f.type() == RawHttp2.RST_STREAM && f.streamId() == 1);
      assertThat(rst.errorCode()).isZero();
    }
  }

  @Test
  void requestsThatAreNotGrpc() throws Exception {
    try (RawHttp2 raw = RawHttp2.connect(server.port())) {
      raw.headers(1, RawHttp2.request(UNARY).set("content-type", "application/json"), true);
      assertThat(raw.trailers(1).headers().status().toString()).isEqualTo("415");
      raw.headers(3, RawHttp2.request(UNARY).method("GET"), true);
      assertThat(raw.trailers(3).headers().status().toString()).isEqualTo("405");
      raw.headers(5, RawHttp2.request(UNARY).set("grpc-encoding", "br"), true);
      RawHttp2.Frame enc = raw.trailers(5);
      assertThat(enc.grpcStatus()).isEqualTo("12");
      assertThat(enc.headers().get("grpc-accept-encoding").toString()).contains("gzip");
      raw.headers(7, RawHttp2.request("/nonsense"), true);
      assertThat(raw.trailers(7).grpcStatus()).isEqualTo("12");
      raw.headers(9, RawHttp2.request(UNARY), false);
      raw.data(9, RawHttp2.message(new byte[] {(byte) 0xff, 0x01}), true); // not a StringValue
      assertThat(raw.trailers(9).grpcStatus()).isEqualTo("13");
      unaryWorks(raw, 11);
    }
  }

  @Test
  void responsesCarryTheRequestsContentSubtype() throws Exception {
    try (RawHttp2 raw = RawHttp2.connect(server.port())) {
      raw.headers(1, RawHttp2.request(UNARY).set("content-type", "application/grpc+proto"), false);
      raw.data(1, RawHttp2.message(s("x").toByteArray()), true);
      RawHttp2.Frame headers = raw.await(f -> f.type() == RawHttp2.HEADERS && f.streamId() == 1);
      assertThat(headers.headers().get("content-type").toString()).isEqualTo("application/grpc+proto");
      raw.headers(3, RawHttp2.request("/tern.test.Echo/Missing").set("content-type", "application/grpc+thrift"), true);
      RawHttp2.Frame rejected = raw.trailers(3);
      assertThat(rejected.grpcStatus()).isEqualTo("12");
      assertThat(rejected.headers().get("content-type").toString()).isEqualTo("application/grpc+thrift");
    }
  }

  private static void assertThatStatus(Runnable call, GrpcStatus.Code code) {
    try {
      call.run();
      throw new AssertionError("expected " + code);
    } catch (GrpcStatusException e) {
      assertThat(e.code()).isEqualTo(code);
    }
  }
}
