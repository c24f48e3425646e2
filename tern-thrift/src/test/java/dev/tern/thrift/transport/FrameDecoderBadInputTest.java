package dev.tern.thrift.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tern.core.ProtocolException;
import dev.tern.core.ProtocolException.Kind;
import dev.tern.thrift.TMessageType;
import dev.tern.thrift.TType;
import dev.tern.thrift.ThriftLimits;
import dev.tern.thrift.ThriftProtocol;
import dev.tern.thrift.ThriftProtocols;
import dev.tern.thrift.ThriftWriter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.HexFormat;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The decoder turns every kind of bad input into one ProtocolException, then ignores the connection. */
class FrameDecoderBadInputTest {

  static ByteBuf hex(String hex) {
    return Unpooled.wrappedBuffer(HexFormat.of().parseHex(hex.replace(" ", "")));
  }

  static EmbeddedChannel server() {
    return new EmbeddedChannel(new ThriftFrameDecoder(ThriftLimits.DEFAULT));
  }

  static void assertRejects(EmbeddedChannel ch, ByteBuf in, Kind kind, String messagePart) {
    assertThatThrownBy(() -> ch.writeInbound(in))
        .isInstanceOfSatisfying(ProtocolException.class, e -> {
          assertThat(e.kind()).isEqualTo(kind);
          assertThat(e.getMessage()).contains(messagePart);
        });
  }

  static ByteBuf frame(Framing framing, ThriftProtocol protocol, Consumer<ThriftWriter> body) {
    ByteBuf out = Unpooled.buffer();
    int mark = ThriftFrames.beginFrame(out, framing, protocol, null);
    body.accept(ThriftProtocols.writer(protocol, out));
    ThriftFrames.endFrame(out, framing, mark);
    return out;
  }

  static void emptyCall(ThriftWriter w) {
    w.writeMessageBegin("m", TMessageType.CALL, 1);
    w.writeStructBegin("a");
    w.writeFieldStop();
    w.writeStructEnd();
  }

  @Test
  void twoGibLengthPrefixFailsAtOnce() {
    // Only the 6 detection bytes arrive; nothing waits for or buffers the 2 GiB.
    assertRejects(server(), hex("80000000 8001"), Kind.SIZE_LIMIT, "2147483648");
    assertRejects(server(), hex("7fffffff 1000"), Kind.SIZE_LIMIT, "2147483647");
    assertRejects(server(), hex("7fffffff 0fff"), Kind.SIZE_LIMIT, "2147483647");
    EmbeddedChannel client = new EmbeddedChannel(new ThriftFrameDecoder(ThriftLimits.DEFAULT, Framing.FRAMED, ThriftProtocol.BINARY));
    assertRejects(client, hex("7fffffff"), Kind.SIZE_LIMIT, "exceeds the limit");
  }

  @Test
  void frameLargerThanTheConfiguredLimit() {
    EmbeddedChannel ch = new EmbeddedChannel(new ThriftFrameDecoder(ThriftLimits.DEFAULT.withMaxFrameSize(100)));
    assertRejects(ch, hex("00000065 8001"), Kind.SIZE_LIMIT, "101");
  }

  @Test
  void unknownFirstBytesAreShownInHex() {
    ByteBuf http = Unpooled.copiedBuffer("GET / HTTP/1.1\r\n", java.nio.charset.StandardCharsets.US_ASCII);
    assertRejects(server(), http, Kind.BAD_VERSION, "47 45 54 20 2f 20");
  }

  @Test
  void unsupportedProtocolIds() {
    // TTHeader, protocol id 9
    assertRejects(server(), hex("00000016 1000 0000 00000001 0001 09000000 80010001 00000000 00000001 00"),
        Kind.BAD_VERSION, "protocol id 9");
    // TTHeader, Kitex protobuf id but a payload without its 0x9001 magic
    assertRejects(server(), hex("00000010 1000 0000 00000001 0001 04000000 8001"),
        Kind.BAD_VERSION, "KITEX_PROTOBUF");
    // THeader, protocol id 1 (JSON)
    assertRejects(server(), hex("0000000f 0fff 0000 00000001 0001 01000000 5b315d0000"),
        Kind.BAD_VERSION, "JSON");
    // THeader, snappy transform
    assertRejects(server(), hex("0000000f 0fff 0000 00000001 0001 00010300 0000000000"),
        Kind.NOT_IMPLEMENTED, "snappy");
    // Binary payload with a bad version
    assertRejects(server(), hex("00000006 8002 0001 0000"), Kind.BAD_VERSION, "80 02");
  }

  @Test
  void malformedHeaders() {
    // header size (4 words) larger than the frame
    assertRejects(server(), hex("0000000e 1000 0000 00000001 0004 00000000"), Kind.INVALID_DATA, "exceeds its frame");
    // a string KV block announcing 5 entries, none present
    assertRejects(server(), hex("00000012 1000 0000 00000001 0002 0000 010005 00 80010001 00"),
        Kind.INVALID_DATA, "truncated");
    // unknown TTHeader info id
    assertRejects(server(), hex("00000012 1000 0000 00000001 0001 0000 4200 80010001 00000000 0000"),
        Kind.INVALID_DATA, "info id 0x42");
    // frame shorter than the fixed header
    assertRejects(server(), hex("00000004 1000 0000"), Kind.INVALID_DATA, "shorter");
  }

  @Test
  void truncatedFramesWaitAndLeaveNothingBehindOnClose() {
    ByteBuf whole = frame(Framing.TTHEADER, ThriftProtocol.BINARY, FrameDecoderBadInputTest::emptyCall);
    EmbeddedChannel ch = server();
    ch.writeInbound(whole.retainedSlice(0, whole.readableBytes() - 1));
    assertThat(ch.<Object>readInbound()).isNull();
    assertThat(ch.finish()).isFalse();
    whole.release();
  }

  @Test
  void aLaterFrameOfAnotherKindIsAProtocolError() {
    EmbeddedChannel ch = server();
    ch.writeInbound(frame(Framing.FRAMED, ThriftProtocol.BINARY, FrameDecoderBadInputTest::emptyCall));
    ((ThriftFrame) ch.readInbound()).release();
    assertRejects(ch, frame(Framing.TTHEADER, ThriftProtocol.BINARY, FrameDecoderBadInputTest::emptyCall),
        Kind.BAD_VERSION, "expected a BINARY message in the FRAMED frame");

    EmbeddedChannel tt = server();
    tt.writeInbound(frame(Framing.TTHEADER, ThriftProtocol.BINARY, FrameDecoderBadInputTest::emptyCall));
    ((ThriftFrame) tt.readInbound()).release();
    assertRejects(tt, frame(Framing.FRAMED, ThriftProtocol.BINARY, FrameDecoderBadInputTest::emptyCall),
        Kind.BAD_VERSION, "expected a TTHEADER frame");

    EmbeddedChannel th = server();
    th.writeInbound(frame(Framing.THEADER, ThriftProtocol.BINARY, FrameDecoderBadInputTest::emptyCall));
    ((ThriftFrame) th.readInbound()).release();
    assertRejects(th, frame(Framing.THEADER, ThriftProtocol.COMPACT, FrameDecoderBadInputTest::emptyCall),
        Kind.BAD_VERSION, "connection speaks BINARY");

    EmbeddedChannel buffered = server();
    buffered.writeInbound(frame(Framing.BUFFERED, ThriftProtocol.COMPACT, FrameDecoderBadInputTest::emptyCall));
    ((ThriftFrame) buffered.readInbound()).release();
    assertRejects(buffered, frame(Framing.BUFFERED, ThriftProtocol.BINARY, FrameDecoderBadInputTest::emptyCall),
        Kind.BAD_VERSION, "compact protocol id 0x80");
  }

  @Test
  void afterAnErrorEverythingIsDiscardedQuietly() {
    EmbeddedChannel ch = server();
    ByteBuf good = frame(Framing.FRAMED, ThriftProtocol.COMPACT, FrameDecoderBadInputTest::emptyCall);
    ByteBuf bad = hex("7fffffff 82");
    // A good frame and a bad one in the same read: the good one is delivered first.
    assertRejects(ch, Unpooled.wrappedBuffer(good, bad), Kind.SIZE_LIMIT, "exceeds");
    ThriftFrame first = ch.readInbound();
    assertThat(first.framing()).isEqualTo(Framing.FRAMED);
    first.release();
    ch.writeInbound(frame(Framing.FRAMED, ThriftProtocol.COMPACT, FrameDecoderBadInputTest::emptyCall));
    assertThat(ch.<Object>readInbound()).isNull();
    ch.checkException();
    assertThat(ch.finish()).isFalse();
  }

  static String nested(ThriftProtocol protocol, int depth) {
    boolean binary = protocol == ThriftProtocol.BINARY;
    return (binary ? "0c0001" : "1c").repeat(depth);
  }

  @ParameterizedTest
  @EnumSource(value = ThriftProtocol.class, names = {"BINARY", "COMPACT"})
  void tenThousandDeepBufferedMessageFailsInTheScanner(ThriftProtocol protocol) {
    String header = protocol == ThriftProtocol.BINARY ? "80010001 00000001 6d 00000001" : "8221 01 01 6d";
    assertRejects(server(), hex(header + nested(protocol, 10_000)), Kind.DEPTH_LIMIT, "64");
    String lists = protocol == ThriftProtocol.BINARY ? "0f0001" + "0f00000001".repeat(10_000) : "19" + "19".repeat(10_000);
    assertRejects(server(), hex(header + lists), Kind.DEPTH_LIMIT, "64");
  }

  @ParameterizedTest
  @EnumSource(value = ThriftProtocol.class, names = {"BINARY", "COMPACT"})
  void tenThousandDeepFramedMessageFailsInTheReader(ThriftProtocol protocol) {
    ByteBuf payload = hex(nested(protocol, 10_000));
    assertThatThrownBy(() -> ThriftProtocols.reader(protocol, payload, ThriftLimits.DEFAULT).skip(TType.STRUCT))
        .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.kind()).isEqualTo(Kind.DEPTH_LIMIT));
  }

  @ParameterizedTest
  @EnumSource(value = ThriftProtocol.class, names = {"BINARY", "COMPACT"})
  void overLimitStringInABufferedMessageFailsBeforeItArrives(ThriftProtocol protocol) {
    EmbeddedChannel ch = new EmbeddedChannel(new ThriftFrameDecoder(ThriftLimits.DEFAULT.withMaxStringLength(1000)));
    // A string field declaring 1001 bytes; none of them sent yet.
    String msg = protocol == ThriftProtocol.BINARY
        ? "80010001 00000001 6d 00000001" + "0b0001" + "000003e9"
        : "8221 01 01 6d" + "18" + "e907";
    assertRejects(ch, hex(msg), Kind.SIZE_LIMIT, "1001");
  }

  @ParameterizedTest
  @EnumSource(value = ThriftProtocol.class, names = {"BINARY", "COMPACT"})
  void bufferedMessageLargerThanTheFrameLimit(ThriftProtocol protocol) {
    ThriftLimits limits = ThriftLimits.DEFAULT.withMaxFrameSize(4096);
    EmbeddedChannel ch = new EmbeddedChannel(new ThriftFrameDecoder(limits));
    // A list of 4000 i64 (over 4 KiB) whose bytes arrive in chunks: rejected once 4 KiB are in.
    ByteBuf msg = frame(Framing.BUFFERED, protocol, w -> {
      w.writeMessageBegin("m", TMessageType.CALL, 1);
      w.writeStructBegin("a");
      w.writeFieldBegin(TType.LIST, (short) 1);
      w.writeListBegin(TType.I64, 4000);
      for (int i = 0; i < 4000; i++) {
        w.writeI64(Long.MIN_VALUE);
      }
    });
    Throwable thrown = null;
    int fed = 0;
    while (msg.isReadable() && thrown == null) {
      int n = Math.min(512, msg.readableBytes());
      fed += n;
      try {
        ch.writeInbound(msg.readRetainedSlice(n));
      } catch (ProtocolException e) {
        thrown = e;
      }
    }
    msg.release();
    assertThat(thrown).isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.kind()).isEqualTo(Kind.SIZE_LIMIT));
    assertThat(fed).isLessThanOrEqualTo(4096 + 512);
  }

  @Test
  void nonStrictBinaryIsAcceptedOnlyWhereThePeerIsKnown() {
    String nonStrict = "00000001 6d 01 00000001 00";
    EmbeddedChannel client = new EmbeddedChannel(new ThriftFrameDecoder(ThriftLimits.DEFAULT, Framing.BUFFERED, ThriftProtocol.BINARY));
    client.writeInbound(hex(nonStrict));
    ThriftFrame f = client.readInbound();
    assertThat(ByteBufUtil.hexDump(f.payload())).isEqualTo(nonStrict.replace(" ", ""));
    f.release();
    EmbeddedChannel framedClient = new EmbeddedChannel(new ThriftFrameDecoder(ThriftLimits.DEFAULT, Framing.FRAMED, ThriftProtocol.BINARY));
    framedClient.writeInbound(hex("0000000b" + nonStrict));
    ((ThriftFrame) framedClient.readInbound()).release();
  }
}
