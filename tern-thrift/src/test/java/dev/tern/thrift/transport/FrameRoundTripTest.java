package dev.tern.thrift.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.thrift.TMessageType;
import dev.tern.thrift.ThriftLimits;
import dev.tern.thrift.ThriftProtocol;
import dev.tern.thrift.ThriftProtocols;
import dev.tern.thrift.testing.Samples;
import dev.tern.thrift.testing.Values;
import dev.tern.thrift.testing.Values.Msg;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every framing with both Thrift protocols, and Kitex Protobuf where it may go (Framed, TTHeader):
 * ThriftFrames encodes, ThriftFrameDecoder decodes.
 */
class FrameRoundTripTest {

  static Stream<Arguments> framingsAndProtocols() {
    List<Arguments> out = new ArrayList<>();
    for (Framing f : Framing.values()) {
      for (ThriftProtocol p : ThriftProtocol.THRIFT) {
        out.add(Arguments.of(f, p));
      }
    }
    out.add(Arguments.of(Framing.FRAMED, ThriftProtocol.KITEX_PROTOBUF));
    out.add(Arguments.of(Framing.TTHEADER, ThriftProtocol.KITEX_PROTOBUF));
    return out.stream();
  }

  static HeaderInfo header(Framing framing, int seqId) {
    HeaderInfo h = new HeaderInfo().seqId(seqId).header(HeaderInfo.IDL_SERVICE_NAME, "Echo").header("trace-ü", "x-1");
    if (framing == Framing.TTHEADER) {
      h.flags(HeaderInfo.FLAG_SUPPORT_OUT_OF_ORDER)
          .intHeader(HeaderInfo.FROM_SERVICE, "client")
          .intHeader(HeaderInfo.TO_METHOD, "sampleMethod")
          .intHeader(HeaderInfo.RPC_TIMEOUT, "1500")
          .aclToken("secret");
    }
    return h;
  }

  static byte[] messageBytes(ThriftProtocol protocol, Msg m) {
    ByteBuf buf = Unpooled.buffer();
    Values.write(ThriftProtocols.writer(protocol, buf), m);
    return ByteBufUtil.getBytes(buf);
  }

  /** Three frames back to back in one buffer, each written in place after its frame header. */
  static ByteBuf threeFrames(Framing framing, ThriftProtocol protocol) {
    ByteBuf out = PooledByteBufAllocator.DEFAULT.directBuffer();
    for (int seq = 1; seq <= 3; seq++) {
      int mark = ThriftFrames.beginFrame(out, framing, protocol, header(framing, seq));
      Msg m = new Msg("sampleMethod", TMessageType.CALL, seq, Samples.body());
      Values.write(ThriftProtocols.writer(protocol, out), m);
      ThriftFrames.endFrame(out, framing, mark);
    }
    return out;
  }

  static void checkFrames(List<ThriftFrame> frames, Framing framing, ThriftProtocol protocol) {
    assertThat(frames).hasSize(3);
    for (int i = 0; i < 3; i++) {
      ThriftFrame frame = frames.get(i);
      int seq = i + 1;
      Msg expected = new Msg("sampleMethod", TMessageType.CALL, seq, Samples.body());
      try {
        assertThat(frame.framing()).isEqualTo(framing);
        assertThat(frame.protocol()).isEqualTo(protocol);
        assertThat(ByteBufUtil.getBytes(frame.payload())).isEqualTo(messageBytes(protocol, expected));
        if (framing.hasHeader()) {
          HeaderInfo h = frame.header();
          HeaderInfo sent = header(framing, seq);
          assertThat(h.seqId()).isEqualTo(seq);
          assertThat(h.flags()).isEqualTo(sent.flags());
          assertThat(h.protocolId()).isEqualTo(switch (protocol) {
            case BINARY -> HeaderInfo.PROTOCOL_BINARY;
            case COMPACT -> HeaderInfo.PROTOCOL_COMPACT;
            case KITEX_PROTOBUF -> HeaderInfo.PROTOCOL_KITEX_PROTOBUF;
          });
          assertThat(h.headers()).containsExactlyEntriesOf(sent.headers());
          assertThat(h.hasIntHeaders()).isEqualTo(sent.hasIntHeaders());
          if (sent.hasIntHeaders()) {
            assertThat(h.intHeaders()).containsExactlyEntriesOf(sent.intHeaders());
          }
          assertThat(h.aclToken()).isEqualTo(sent.aclToken());
        } else {
          assertThat(frame.header()).isNull();
        }
        assertThat(Values.read(frame.reader(ThriftLimits.DEFAULT), expected)).isEqualTo(expected);
      } finally {
        frame.release();
      }
    }
  }

  static List<ThriftFrame> drain(EmbeddedChannel ch) {
    List<ThriftFrame> frames = new ArrayList<>();
    ThriftFrame f;
    while ((f = ch.readInbound()) != null) {
      frames.add(f);
    }
    return frames;
  }

  @ParameterizedTest
  @MethodSource("framingsAndProtocols")
  void serverDetectsAndDecodesAllAtOnce(Framing framing, ThriftProtocol protocol) {
    ThriftFrameDecoder decoder = new ThriftFrameDecoder(ThriftLimits.DEFAULT);
    EmbeddedChannel ch = new EmbeddedChannel(decoder);
    ch.writeInbound(threeFrames(framing, protocol));
    checkFrames(drain(ch), framing, protocol);
    assertThat(decoder.framing()).isEqualTo(framing);
    assertThat(decoder.protocol()).isEqualTo(protocol);
    assertThat(ch.finish()).isFalse();
  }

  @ParameterizedTest
  @MethodSource("framingsAndProtocols")
  void serverDecodesBytesFedOneAtATime(Framing framing, ThriftProtocol protocol) {
    EmbeddedChannel ch = new EmbeddedChannel(new ThriftFrameDecoder(ThriftLimits.DEFAULT));
    ByteBuf all = threeFrames(framing, protocol);
    List<ThriftFrame> frames = new ArrayList<>();
    while (all.isReadable()) {
      ch.writeInbound(all.readRetainedSlice(1));
      frames.addAll(drain(ch));
    }
    all.release();
    checkFrames(frames, framing, protocol);
    assertThat(ch.finish()).isFalse();
  }

  @ParameterizedTest
  @MethodSource("framingsAndProtocols")
  void clientDecodesWhatItExpects(Framing framing, ThriftProtocol protocol) {
    EmbeddedChannel ch = new EmbeddedChannel(new ThriftFrameDecoder(ThriftLimits.DEFAULT, framing, protocol));
    ByteBuf all = threeFrames(framing, protocol);
    // uneven chunks that split headers and payloads
    int[] sizes = {3, 1, 7, 13, 64, 2};
    for (int i = 0; all.isReadable(); i++) {
      ch.writeInbound(all.readRetainedSlice(Math.min(sizes[i % sizes.length], all.readableBytes())));
    }
    all.release();
    checkFrames(drain(ch), framing, protocol);
    assertThat(ch.finish()).isFalse();
  }

  @ParameterizedTest
  @MethodSource("framingsAndProtocols")
  void payloadIsASliceOfTheInboundBufferNotACopy(Framing framing, ThriftProtocol protocol) {
    EmbeddedChannel ch = new EmbeddedChannel(new ThriftFrameDecoder(ThriftLimits.DEFAULT));
    ByteBuf in = threeFrames(framing, protocol);
    ch.writeInbound(in);
    List<ThriftFrame> frames = drain(ch);
    // The decoder received the whole buffer at once, so every payload shares its memory. (The
    // buffer may be wrapped by leak detection; its unwrap() is then the pooled buffer.)
    assertThat(frames).allSatisfy(f -> assertThat(f.payload().unwrap()).isIn(in, in.unwrap()));
    assertThat(in.refCnt()).isEqualTo(3);
    frames.forEach(ThriftFrame::release);
    assertThat(in.refCnt()).isZero();
    ch.finish();
  }
}
