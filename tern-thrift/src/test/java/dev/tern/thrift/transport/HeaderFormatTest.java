package dev.tern.thrift.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.thrift.TMessageType;
import dev.tern.thrift.ThriftLimits;
import dev.tern.thrift.ThriftProtocol;
import dev.tern.thrift.ThriftProtocols;
import dev.tern.thrift.ThriftWriter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * TTHeader and THeader frames against bytes assembled by hand from the formats' descriptions
 * (cloudwego/gopkg protocol/ttheader; Apache Thrift doc/specs/HeaderFormat.md).
 */
class HeaderFormatTest {

  static String hex(String s) {
    return HexFormat.of().formatHex(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  /** "echo" CALL seq 7, empty args struct, binary. */
  static final String BINARY_MESSAGE = "80010001" + "00000004" + hex("echo") + "00000007" + "00";
  /** The same in compact. */
  static final String COMPACT_MESSAGE = "82" + "21" + "07" + "04" + hex("echo") + "00";

  static ByteBuf bytes(String hex) {
    return Unpooled.wrappedBuffer(HexFormat.of().parseHex(hex));
  }

  static void writeEcho(ThriftWriter w) {
    w.writeMessageBegin("echo", TMessageType.CALL, 7);
    w.writeStructBegin("echo_args");
    w.writeFieldStop();
    w.writeStructEnd();
    w.writeMessageEnd();
  }

  // Header info: protocol id 0, no transforms (2 bytes)
  //   + ACL token: 11 | 0005 "token"                                   (8 bytes)
  //   + string KVs: 01 | 0001 | 0003 "isn" | 0004 "Echo"                (14 bytes)
  //   + int KVs: 10 | 0002 | 0003 0006 "client" | 0009 0004 "echo"      (21 bytes)
  //   = 45 bytes, padded with 3 zeros to 48 = 12 words.
  static final String TTHEADER_INFO = "00" + "00"
      + "11" + "0005" + hex("token")
      + "01" + "0001" + "0003" + hex("isn") + "0004" + hex("Echo")
      + "10" + "0002" + "0003" + "0006" + hex("client") + "0009" + "0004" + hex("echo")
      + "000000";

  static final String TTHEADER_FRAME =
      String.format("%08x", 10 + 48 + BINARY_MESSAGE.length() / 2) // length after the length field
          + "1000" + "0001" // magic, flags
          + "00000007" // sequence id
          + "000c" // header size in words
          + TTHEADER_INFO + BINARY_MESSAGE;

  static HeaderInfo ttheaderInfo() {
    return new HeaderInfo().seqId(7).flags(HeaderInfo.FLAG_SUPPORT_OUT_OF_ORDER).aclToken("token")
        .header(HeaderInfo.IDL_SERVICE_NAME, "Echo")
        .intHeader(HeaderInfo.FROM_SERVICE, "client")
        .intHeader(HeaderInfo.TO_METHOD, "echo");
  }

  @Test
  void kitexIntKeysHaveKitexNumbers() {
    assertThat(HeaderInfo.FROM_SERVICE).isEqualTo(3);
    assertThat(HeaderInfo.TO_METHOD).isEqualTo(9);
    assertThat(HeaderInfo.RPC_TIMEOUT).isEqualTo(12);
    assertThat(HeaderInfo.CONN_TIMEOUT).isEqualTo(17);
    assertThat(HeaderInfo.MSG_TYPE).isEqualTo(22);
  }

  @Test
  void writesTTHeaderAsSpecified() {
    ByteBuf out = Unpooled.buffer();
    int mark = ThriftFrames.beginFrame(out, Framing.TTHEADER, ThriftProtocol.BINARY, ttheaderInfo());
    writeEcho(ThriftProtocols.writer(ThriftProtocol.BINARY, out));
    ThriftFrames.endFrame(out, Framing.TTHEADER, mark);
    assertThat(ByteBufUtil.hexDump(out)).isEqualTo(TTHEADER_FRAME);
  }

  @Test
  void readsTTHeaderAsSpecified() {
    EmbeddedChannel ch = new EmbeddedChannel(new ThriftFrameDecoder(ThriftLimits.DEFAULT));
    ch.writeInbound(bytes(TTHEADER_FRAME));
    ThriftFrame frame = ch.readInbound();
    try {
      assertThat(frame.framing()).isEqualTo(Framing.TTHEADER);
      assertThat(frame.protocol()).isEqualTo(ThriftProtocol.BINARY);
      HeaderInfo h = frame.header();
      assertThat(h.seqId()).isEqualTo(7);
      assertThat(h.flags()).isEqualTo(1);
      assertThat(h.aclToken()).isEqualTo("token");
      assertThat(h.headers()).containsExactly(Map.entry("isn", "Echo"));
      assertThat(h.intHeaders()).containsExactly(Map.entry(3, "client"), Map.entry(9, "echo"));
      assertThat(ByteBufUtil.hexDump(frame.payload())).isEqualTo(BINARY_MESSAGE);
    } finally {
      frame.release();
    }
  }

  @Test
  void ttheaderTakesTheProtocolFromThePayloadAsKitexDoes() {
    // Kitex writes protocol id 0 whatever the payload; a compact payload is still compact.
    String frame = String.format("%08x", 10 + 4 + COMPACT_MESSAGE.length() / 2) + "1000" + "0000" + "00000007" + "0001"
        + "00000000" + COMPACT_MESSAGE;
    EmbeddedChannel ch = new EmbeddedChannel(new ThriftFrameDecoder(ThriftLimits.DEFAULT));
    ch.writeInbound(bytes(frame));
    ThriftFrame f = ch.readInbound();
    assertThat(f.protocol()).isEqualTo(ThriftProtocol.COMPACT);
    assertThat(ByteBufUtil.hexDump(f.payload())).isEqualTo(COMPACT_MESSAGE);
    f.release();
  }

  // THeader info: varint protocol id 2 (compact), varint 0 transforms,
  //   info 1 (key-values): varint count 2, varint-length strings "k1" "v1" "isn" "Echo"
  //   = 1 + 1 + 1 + 1 + 3 + 3 + 4 + 5 = 19 bytes, padded with 1 zero to 20 = 5 words.
  static final String THEADER_INFO = "02" + "00" + "01" + "02"
      + "02" + hex("k1") + "02" + hex("v1") + "03" + hex("isn") + "04" + hex("Echo") + "00";

  static final String THEADER_FRAME =
      String.format("%08x", 10 + 20 + COMPACT_MESSAGE.length() / 2)
          + "0fff" + "0000" + "00000007" + "0005" + THEADER_INFO + COMPACT_MESSAGE;

  @Test
  void writesTHeaderAsSpecified() {
    ByteBuf out = Unpooled.buffer();
    HeaderInfo h = new HeaderInfo().seqId(7).header("k1", "v1").header("isn", "Echo");
    int mark = ThriftFrames.beginFrame(out, Framing.THEADER, ThriftProtocol.COMPACT, h);
    writeEcho(ThriftProtocols.writer(ThriftProtocol.COMPACT, out));
    ThriftFrames.endFrame(out, Framing.THEADER, mark);
    assertThat(ByteBufUtil.hexDump(out)).isEqualTo(THEADER_FRAME);
  }

  @Test
  void readsTHeaderAsSpecified() {
    EmbeddedChannel ch = new EmbeddedChannel(new ThriftFrameDecoder(ThriftLimits.DEFAULT));
    ch.writeInbound(bytes(THEADER_FRAME));
    ThriftFrame frame = ch.readInbound();
    try {
      assertThat(frame.framing()).isEqualTo(Framing.THEADER);
      assertThat(frame.protocol()).isEqualTo(ThriftProtocol.COMPACT);
      assertThat(frame.header().protocolId()).isEqualTo(2);
      assertThat(frame.header().seqId()).isEqualTo(7);
      assertThat(frame.header().headers()).containsExactly(Map.entry("k1", "v1"), Map.entry("isn", "Echo"));
      assertThat(ByteBufUtil.hexDump(frame.payload())).isEqualTo(COMPACT_MESSAGE);
    } finally {
      frame.release();
    }
  }

  @Test
  void theaderReaderIgnoresInfosItDoesNotKnow() {
    // info id 7 is unknown: the rest of the header is skipped, the payload still found.
    String info = "00" + "00" + "07" + "aabbccddeeff" + "000000"; // 12 bytes
    String frame = String.format("%08x", 10 + 12 + BINARY_MESSAGE.length() / 2) + "0fff" + "0000" + "00000001"
        + "0003" + info + BINARY_MESSAGE;
    EmbeddedChannel ch = new EmbeddedChannel(new ThriftFrameDecoder(ThriftLimits.DEFAULT));
    ch.writeInbound(bytes(frame));
    ThriftFrame f = ch.readInbound();
    assertThat(f.header().hasHeaders()).isFalse();
    assertThat(ByteBufUtil.hexDump(f.payload())).isEqualTo(BINARY_MESSAGE);
    f.release();
  }

  @Test
  void emptyHeaderInfoIsPaddedToAWord() {
    ByteBuf out = Unpooled.buffer();
    int mark = ThriftFrames.beginFrame(out, Framing.TTHEADER, ThriftProtocol.COMPACT, null);
    writeEcho(ThriftProtocols.writer(ThriftProtocol.COMPACT, out));
    ThriftFrames.endFrame(out, Framing.TTHEADER, mark);
    assertThat(ByteBufUtil.hexDump(out)).isEqualTo(
        String.format("%08x", 10 + 4 + COMPACT_MESSAGE.length() / 2) + "1000" + "0000" + "00000000" + "0001"
            + "02000000" + COMPACT_MESSAGE);
  }
}
