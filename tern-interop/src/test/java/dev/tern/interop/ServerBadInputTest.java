package dev.tern.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.cli.crosstest.ThriftTestHandler;
import dev.tern.cli.crosstest.thrifttest.ThriftTest;
import dev.tern.rpc.ThriftClient;
import dev.tern.rpc.ThriftServer;
import dev.tern.thrift.ThriftLimits;
import dev.tern.thrift.ThriftProtocol;
import dev.tern.thrift.transport.Framing;
import dev.tern.transport.Address;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.apache.thrift.TApplicationException;
import org.apache.thrift.TException;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.protocol.TCompactProtocol;
import org.apache.thrift.protocol.TField;
import org.apache.thrift.protocol.TMessageType;
import org.apache.thrift.protocol.TProtocol;
import org.apache.thrift.protocol.TStruct;
import org.apache.thrift.protocol.TType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import thrift.test.ThriftTest.testString_result;

/**
 * A Tern server fed hostile and broken input on raw sockets while a well-behaved client keeps
 * calling it. Each bad connection must get a PROTOCOL_ERROR application exception where its
 * framing allows one, then be closed, and be logged (the server's slf4j output, captured from
 * standard error, names the connection); the good client must never see a failure.
 */
@Timeout(10)
class ServerBadInputTest {

  private static final int STRING_LIMIT = 64 * 1024;

  private static final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
  private static PrintStream originalStderr;
  private static ThriftServer server;
  private static CountDownLatch slowCallStarted;
  private static CountDownLatch slowCallFinished;

  private GoodClient good;

  @BeforeAll
  static void startServer() {
    // slf4j-simple looks System.err up on every line, so a tee installed now sees the server's log.
    originalStderr = System.err;
    System.setErr(new PrintStream(new Tee(originalStderr, stderr), true, StandardCharsets.UTF_8));

    ThriftTest.Iface handler = new ThriftTestHandler();
    ThriftTest.Iface slowWhenAsked = (ThriftTest.Iface) Proxy.newProxyInstance(
        ServerBadInputTest.class.getClassLoader(), new Class<?>[] {ThriftTest.Iface.class}, (proxy, method, args) -> {
          if (method.getName().equals("testString") && "slow".equals(args[0])) {
            slowCallStarted.countDown();
            Thread.sleep(500);
            slowCallFinished.countDown();
          }
          try {
            return method.invoke(handler, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
    server = ThriftServer.builder()
        .address(Address.tcp("127.0.0.1", 0))
        .limits(ThriftLimits.DEFAULT.withMaxStringLength(STRING_LIMIT))
        .addService(ThriftTest.service(slowWhenAsked))
        .gracePeriod(Duration.ofMillis(200))
        .build()
        .start();
  }

  @AfterAll
  static void stopServer() {
    server.close();
    System.setErr(originalStderr);
  }

  @BeforeEach
  void startGoodClient() {
    good = new GoodClient(server.port());
  }

  @AfterEach
  void goodClientNeverFailed() throws InterruptedException {
    good.stopAfterMoreCalls(20);
    await(() -> server.inFlight() == 0, "no call left in flight");
  }

  @Test
  void truncatedFrameThenEndOfStream() throws Exception {
    byte[] whole = RawSocket.framed(RawSocket.message("testString", TMessageType.CALL, 1,
        p -> writeStringArg(p, "a string that never fully arrives")));
    try (RawSocket raw = new RawSocket(server.port())) {
      raw.send(Arrays.copyOf(whole, 20));
      raw.shutdownOutput();

      assertThat(raw.closedByServerWithNothingMore()).isTrue();
    }
  }

  @Test
  void randomBytes() throws Exception {
    byte[] noise = new byte[4096];
    new Random(20_240_601).nextBytes(noise);
    try (RawSocket raw = new RawSocket(server.port())) {
      raw.send(noise);

      assertThat(raw.closedByServer()).isTrue();
      awaitLogged(raw);
    }
  }

  @Test
  void twoGibLengthPrefix() throws Exception {
    byte[] call = RawSocket.message("testVoid", TMessageType.CALL, 5, RawSocket.Body.EMPTY_ARGS);
    byte[] bytes = ByteBuffer.allocate(4 + call.length).putInt(0x8000_0000).put(call).array();
    try (RawSocket raw = new RawSocket(server.port())) {
      raw.send(bytes);

      RawSocket.Reply reply = raw.readFramedReply(TBinaryProtocol::new);
      assertProtocolError(reply);
      assertThat(reply.error().getMessage()).contains("2147483648");
      assertThat(raw.closedByServerWithNothingMore()).isTrue();
      awaitLogged(raw);
    }
  }

  @Test
  void theaderFrameNamingAProtocolTernDoesNotSpeak() throws Exception {
    byte[] call = RawSocket.message("testVoid", TMessageType.CALL, 3, RawSocket.Body.EMPTY_ARGS);
    // THeader: length, magic 0x0FFF, flags, sequence id, header size in words, then the header:
    // varint protocol id 1 (JSON), varint 0 transforms, padding.
    byte[] header = {1, 0, 0, 0};
    ByteBuffer frame = ByteBuffer.allocate(4 + 10 + header.length + call.length);
    frame.putInt(10 + header.length + call.length).putShort((short) 0x0FFF).putShort((short) 0).putInt(3)
        .putShort((short) (header.length / 4)).put(header).put(call);
    try (RawSocket raw = new RawSocket(server.port())) {
      raw.send(frame.array());

      // The server cannot write a reply in a protocol it does not speak: it closes.
      assertThat(raw.closedByServer()).isTrue();
      awaitLogged(raw);
    }
  }

  @Test
  void compactMessageOfAnUnknownVersion() throws Exception {
    byte[] call = RawSocket.message(TCompactProtocol::new, "testVoid", TMessageType.CALL, 4, RawSocket.Body.EMPTY_ARGS);
    call[1] = (byte) ((call[1] & 0xE0) | 2); // version 2: the low five bits of the second byte
    try (RawSocket raw = new RawSocket(server.port())) {
      raw.send(RawSocket.framed(call));

      assertProtocolError(raw.readFramedReply(TCompactProtocol::new));
      assertThat(raw.closedByServerWithNothingMore()).isTrue();
      awaitLogged(raw);
    }
  }

  @Test
  void structNestedTenThousandDeep() throws Exception {
    byte[] call = RawSocket.message("testStruct", TMessageType.CALL, 9, p -> {
      for (int i = 0; i < 10_000; i++) {
        p.writeFieldBegin(new TField("thing", TType.STRUCT, (short) 1));
      }
      for (int i = 0; i <= 10_000; i++) {
        p.writeFieldStop();
      }
    });
    try (RawSocket raw = new RawSocket(server.port())) {
      raw.send(RawSocket.framed(call));

      RawSocket.Reply reply = raw.readFramedReply(TBinaryProtocol::new);
      assertProtocolError(reply);
      assertThat(reply.message().seqid).isEqualTo(9);
      assertThat(reply.message().name).isEqualTo("testStruct");
      assertThat(raw.closedByServerWithNothingMore()).isTrue();
      awaitLogged(raw);
    }
  }

  @Test
  void stringPastTheLimitInAFrame() throws Exception {
    String tooLong = "x".repeat(STRING_LIMIT + 1);
    byte[] call = RawSocket.message("testString", TMessageType.CALL, 11, p -> writeStringArg(p, tooLong));
    try (RawSocket raw = new RawSocket(server.port())) {
      raw.send(RawSocket.framed(call));

      RawSocket.Reply reply = raw.readFramedReply(TBinaryProtocol::new);
      assertProtocolError(reply);
      assertThat(reply.message().seqid).isEqualTo(11);
      assertThat(raw.closedByServerWithNothingMore()).isTrue();
      awaitLogged(raw);
    }
  }

  /** Unframed, the length must be refused when read, not after waiting for 2 GiB to arrive. */
  @Test
  void hugeStringLengthUnframed() throws Exception {
    byte[] header = RawSocket.message("testString", TMessageType.CALL, 12, p -> { });
    byte[] claim = ByteBuffer.allocate(header.length + 3 + 4 + 8)
        .put(header)
        .put(TType.STRING).putShort((short) 1) // field 1: string
        .putInt(0x7FFF_FFF0)
        .put("only a few bytes".getBytes(StandardCharsets.US_ASCII), 0, 8)
        .array();
    try (RawSocket raw = new RawSocket(server.port())) {
      raw.send(claim);

      assertProtocolError(raw.readReply());
      assertThat(raw.closedByServerWithNothingMore()).isTrue();
      awaitLogged(raw);
    }
  }

  @Test
  void unknownMethodKeepsTheConnectionUsable() throws Exception {
    try (RawSocket raw = new RawSocket(server.port())) {
      raw.send(RawSocket.framed(RawSocket.message("noSuchMethod", TMessageType.CALL, 42, RawSocket.Body.EMPTY_ARGS)));

      RawSocket.Reply unknown = raw.readFramedReply(TBinaryProtocol::new);
      assertThat(unknown.message().type).isEqualTo(TMessageType.EXCEPTION);
      assertThat(unknown.message().seqid).isEqualTo(42);
      assertThat(unknown.error().getType()).isEqualTo(TApplicationException.UNKNOWN_METHOD);
      assertThat(unknown.error().getMessage()).contains("noSuchMethod");

      raw.send(RawSocket.framed(RawSocket.message("testString", TMessageType.CALL, 43, p -> writeStringArg(p, "still here"))));

      RawSocket.Reply ok = raw.readFramedReply(TBinaryProtocol::new);
      assertThat(ok.message().type).isEqualTo(TMessageType.REPLY);
      assertThat(ok.message().seqid).isEqualTo(43);
      testString_result result = new testString_result();
      result.read(ok.rest());
      assertThat(result.getSuccess()).isEqualTo("still here");
    }
  }

  @Test
  void clientGoneWhileItsCallRuns() throws Exception {
    slowCallStarted = new CountDownLatch(1);
    slowCallFinished = new CountDownLatch(1);
    try (RawSocket raw = new RawSocket(server.port())) {
      raw.send(RawSocket.framed(RawSocket.message("testString", TMessageType.CALL, 1, p -> writeStringArg(p, "slow"))));
      assertThat(slowCallStarted.await(5, TimeUnit.SECONDS)).isTrue();
    }

    assertThat(slowCallFinished.await(5, TimeUnit.SECONDS)).isTrue();
    await(() -> server.inFlight() == 0, "the abandoned call to finish");
  }

  // ---------------------------------------------------------------------------------------------

  private static void assertProtocolError(RawSocket.Reply reply) {
    assertThat(reply.message().type).isEqualTo(TMessageType.EXCEPTION);
    assertThat(reply.error()).isNotNull();
    assertThat(reply.error().getType()).as(reply.error().getMessage()).isEqualTo(TApplicationException.PROTOCOL_ERROR);
  }

  /** The server's log names the bad connection by its address. */
  private static void awaitLogged(RawSocket raw) throws InterruptedException {
    String connection = "/127.0.0.1:" + raw.localPort();
    await(() -> stderr().lines().anyMatch(l -> l.contains("WARN") && l.contains(connection)),
        "a WARN log line naming " + connection);
  }

  private static String stderr() {
    synchronized (stderr) {
      return stderr.toString(StandardCharsets.UTF_8);
    }
  }

  private static void writeStringArg(TProtocol p, String value) throws TException {
    p.writeStructBegin(new TStruct("args"));
    p.writeFieldBegin(new TField("thing", TType.STRING, (short) 1));
    p.writeString(value);
    p.writeFieldEnd();
    p.writeFieldStop();
    p.writeStructEnd();
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("waited 5 s for " + what);
      }
      Thread.sleep(10);
    }
  }

  /** Copies what is written to both streams; the capture is read under its own lock. */
  private static final class Tee extends OutputStream {
    private final OutputStream first;
    private final ByteArrayOutputStream second;

    Tee(OutputStream first, ByteArrayOutputStream second) {
      this.first = first;
      this.second = second;
    }

    @Override
    public void write(int b) throws IOException {
      first.write(b);
      synchronized (second) {
        second.write(b);
      }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      first.write(b, off, len);
      synchronized (second) {
        second.write(b, off, len);
      }
    }

    @Override
    public void flush() throws IOException {
      first.flush();
    }
  }

  /**
   * A well-behaved Tern client calling {@code testString} in a loop over its own connection for
   * as long as a test runs; remembers the first failure.
   */
  private static final class GoodClient {
    private final ThriftClient client;
    private final ThriftTest.Iface calls;
    private final AtomicInteger succeeded = new AtomicInteger();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final Thread thread;
    private volatile boolean stop;

    GoodClient(int port) {
      client = ThriftClient.builder()
          .address(Address.tcp("127.0.0.1", port))
          .framing(Framing.FRAMED)
          .protocol(ThriftProtocol.COMPACT)
          .rpcTimeout(Duration.ofSeconds(2))
          .build();
      calls = ThriftTest.client(client);
      thread = Thread.ofVirtual().name("good-client").start(this::loop);
    }

    private void loop() {
      for (int i = 0; !stop; i++) {
        String s = "good call " + i;
        try {
          String echoed = calls.testString(s);
          if (!s.equals(echoed)) {
            throw new AssertionError("echoed " + echoed + " for " + s);
          }
          succeeded.incrementAndGet();
        } catch (Throwable t) {
          failure.compareAndSet(null, t);
          return;
        }
      }
    }

    /** Waits until {@code more} further calls succeeded, stops, and checks that none failed. */
    void stopAfterMoreCalls(int more) throws InterruptedException {
      int target = succeeded.get() + more;
      try {
        await(() -> succeeded.get() >= target || failure.get() != null, more + " more good calls");
      } finally {
        stop = true;
        thread.join(5_000);
        client.close();
      }
      assertThat(failure.get()).as("the good client's first failure").isNull();
      assertThat(succeeded.get()).isGreaterThanOrEqualTo(target);
    }
  }
}
