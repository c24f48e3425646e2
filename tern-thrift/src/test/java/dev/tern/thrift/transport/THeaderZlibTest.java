package dev.tern.thrift.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tern.core.ProtocolException;
import dev.tern.core.ProtocolException.Kind;
import dev.tern.thrift.ThriftLimits;
import dev.tern.thrift.ThriftProtocol;
import dev.tern.thrift.ThriftProtocols;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.util.HexFormat;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import org.junit.jupiter.api.Test;

/** THeader's zlib transform, checked against java.util.zip as an independent zlib. */
class THeaderZlibTest {

  static final byte[] MESSAGE = HexFormat.of().parseHex(HeaderFormatTest.BINARY_MESSAGE);

  static byte[] deflate(byte[] data) {
    Deflater d = new Deflater();
    d.setInput(data);
    d.finish();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] chunk = new byte[4096];
    while (!d.finished()) {
      out.write(chunk, 0, d.deflate(chunk));
    }
    d.end();
    return out.toByteArray();
  }

  static byte[] inflate(byte[] data) throws Exception {
    Inflater i = new Inflater();
    i.setInput(data);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] chunk = new byte[4096];
    while (!i.finished()) {
      out.write(chunk, 0, i.inflate(chunk));
    }
    i.end();
    return out.toByteArray();
  }

  /** A THeader frame with one zlib transform, protocol binary, around {@code payload}. */
  static ByteBuf frame(byte[] payload) {
    ByteBuf out = Unpooled.buffer();
    out.writeInt(10 + 4 + payload.length).writeShort(0x0fff).writeShort(0).writeInt(7).writeShort(1);
    out.writeBytes(new byte[] {0, 1, 1, 0}); // protocol 0, 1 transform: zlib, padding
    return out.writeBytes(payload);
  }

  @Test
  void writesTheMessageCompressed() throws Exception {
    ByteBuf out = Unpooled.buffer();
    int mark = ThriftFrames.beginFrame(out, Framing.THEADER, ThriftProtocol.BINARY,
        new HeaderInfo().seqId(7).transforms(HeaderInfo.TRANSFORM_ZLIB));
    HeaderFormatTest.writeEcho(ThriftProtocols.writer(ThriftProtocol.BINARY, out));
    ThriftFrames.endFrame(out, Framing.THEADER, mark);

    assertThat(out.getInt(0)).isEqualTo(out.readableBytes() - 4);
    assertThat(ByteBufUtil.hexDump(out, 4, 14)).isEqualTo("0fff" + "0000" + "00000007" + "0001" + "00010100");
    byte[] compressed = ByteBufUtil.getBytes(out, 18, out.readableBytes() - 18);
    assertThat(inflate(compressed)).isEqualTo(MESSAGE);
  }

  @Test
  void readsACompressedFrame() {
    EmbeddedChannel ch = new EmbeddedChannel(new ThriftFrameDecoder(ThriftLimits.DEFAULT));
    ch.writeInbound(frame(deflate(MESSAGE)));
    ThriftFrame f = ch.readInbound();
    assertThat(f.header().transforms()).containsExactly(HeaderInfo.TRANSFORM_ZLIB);
    assertThat(ByteBufUtil.getBytes(f.payload())).isEqualTo(MESSAGE);
    assertThat(f.release()).isTrue();
    assertThat(ch.finish()).isFalse();
  }

  @Test
  void roundTripsThroughEncoderAndDecoder() {
    ByteBuf out = Unpooled.buffer();
    for (int i = 0; i < 2; i++) {
      int mark = ThriftFrames.beginFrame(out, Framing.THEADER, ThriftProtocol.COMPACT,
          new HeaderInfo().seqId(i).header("k", "v").transforms(HeaderInfo.TRANSFORM_ZLIB));
      HeaderFormatTest.writeEcho(ThriftProtocols.writer(ThriftProtocol.COMPACT, out));
      ThriftFrames.endFrame(out, Framing.THEADER, mark);
    }
    EmbeddedChannel ch = new EmbeddedChannel(new ThriftFrameDecoder(ThriftLimits.DEFAULT));
    while (out.isReadable()) {
      ch.writeInbound(out.readRetainedSlice(Math.min(5, out.readableBytes())));
    }
    out.release();
    for (int i = 0; i < 2; i++) {
      ThriftFrame f = ch.readInbound();
      assertThat(f.header().seqId()).isEqualTo(i);
      assertThat(f.header().header("k")).isEqualTo("v");
      assertThat(ByteBufUtil.hexDump(f.payload())).isEqualTo(HeaderFormatTest.COMPACT_MESSAGE);
      f.release();
    }
  }

  @Test
  void aSmallFrameMayNotInflatePastTheFrameLimit() {
    byte[] bomb = deflate(new byte[1 << 20]); // 1 MiB of zeros in about 1 KiB
    EmbeddedChannel ch = new EmbeddedChannel(new ThriftFrameDecoder(ThriftLimits.DEFAULT.withMaxFrameSize(64 << 10)));
    assertThatThrownBy(() -> ch.writeInbound(frame(bomb)))
        .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.kind()).isEqualTo(Kind.SIZE_LIMIT));
  }

  @Test
  void corruptOrTruncatedZlibData() {
    byte[] good = deflate(MESSAGE);
    byte[] corrupt = good.clone();
    corrupt[0] = 0x12;
    byte[] truncated = java.util.Arrays.copyOf(good, good.length - 3);
    for (byte[] bad : new byte[][] {corrupt, truncated}) {
      EmbeddedChannel ch = new EmbeddedChannel(new ThriftFrameDecoder(ThriftLimits.DEFAULT));
      assertThatThrownBy(() -> ch.writeInbound(frame(bad)))
          .isInstanceOfSatisfying(ProtocolException.class, e -> {
            assertThat(e.kind()).isEqualTo(Kind.INVALID_DATA);
            assertThat(e.getMessage()).contains("zlib");
          });
    }
  }
}
