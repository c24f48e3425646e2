package dev.tern.thrift.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.thrift.TMessageType;
import dev.tern.thrift.ThriftLimits;
import dev.tern.thrift.ThriftProtocol;
import dev.tern.thrift.ThriftProtocols;
import dev.tern.thrift.testing.Libthrift;
import dev.tern.thrift.testing.Samples;
import dev.tern.thrift.testing.Values;
import dev.tern.thrift.testing.Values.Msg;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayInputStream;
import java.util.Arrays;
import org.apache.thrift.transport.TMemoryBuffer;
import org.apache.thrift.transport.TIOStreamTransport;
import org.apache.thrift.transport.TTransport;
import org.apache.thrift.transport.layered.TFramedTransport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Framed and unframed transports against libthrift 0.20 (TFramedTransport, plain
 * TMemoryBuffer). libthrift for Java has no THeaderTransport; THeader is checked against the
 * specification in {@link HeaderFormatTest}.
 */
class LibthriftTransportInteropTest {

  static Msg msg(int seq) {
    return new Msg("sampleMethod", TMessageType.CALL, seq, Samples.body());
  }

  /** Two messages written by libthrift, framed or not. */
  static byte[] libthriftWrites(ThriftProtocol protocol, boolean framed) throws Exception {
    TMemoryBuffer buffer = new TMemoryBuffer(1024);
    TTransport transport = framed ? new TFramedTransport(buffer) : buffer;
    Libthrift.Writer w = new Libthrift.Writer(Libthrift.protocol(protocol, transport));
    for (int seq = 1; seq <= 2; seq++) {
      Values.write(w, msg(seq));
      transport.flush();
    }
    return Arrays.copyOf(buffer.getArray(), buffer.length());
  }

  static void decodeAndCheck(byte[] bytes, Framing framing, ThriftProtocol protocol) {
    EmbeddedChannel ch = new EmbeddedChannel(new ThriftFrameDecoder(ThriftLimits.DEFAULT));
    for (byte b : bytes) {
      ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
    }
    for (int seq = 1; seq <= 2; seq++) {
      ThriftFrame frame = ch.readInbound();
      assertThat(frame.framing()).isEqualTo(framing);
      assertThat(frame.protocol()).isEqualTo(protocol);
      assertThat(Values.read(frame.reader(ThriftLimits.DEFAULT), msg(seq))).isEqualTo(msg(seq));
      assertThat(frame.payload().readableBytes()).isZero();
      frame.release();
    }
    assertThat(ch.<Object>readInbound()).isNull();
    assertThat(ch.finish()).isFalse();
  }

  static byte[] ternWrites(ThriftProtocol protocol, Framing framing) {
    ByteBuf out = Unpooled.buffer();
    for (int seq = 1; seq <= 2; seq++) {
      int mark = ThriftFrames.beginFrame(out, framing, protocol, null);
      Values.write(ThriftProtocols.writer(protocol, out), msg(seq));
      ThriftFrames.endFrame(out, framing, mark);
    }
    return ByteBufUtil.getBytes(out);
  }

  static void libthriftReads(byte[] bytes, ThriftProtocol protocol, boolean framed) throws Exception {
    TTransport in = new TIOStreamTransport(new ByteArrayInputStream(bytes));
    if (framed) {
      in = new TFramedTransport(in);
    }
    Libthrift.Reader r = new Libthrift.Reader(Libthrift.protocol(protocol, in));
    for (int seq = 1; seq <= 2; seq++) {
      assertThat(Values.read(r, msg(seq))).isEqualTo(msg(seq));
    }
  }

  @ParameterizedTest
  @EnumSource(value = ThriftProtocol.class, names = {"BINARY", "COMPACT"})
  void decodesTFramedTransport(ThriftProtocol protocol) throws Exception {
    decodeAndCheck(libthriftWrites(protocol, true), Framing.FRAMED, protocol);
  }

  @ParameterizedTest
  @EnumSource(value = ThriftProtocol.class, names = {"BINARY", "COMPACT"})
  void decodesUnframedMessages(ThriftProtocol protocol) throws Exception {
    decodeAndCheck(libthriftWrites(protocol, false), Framing.BUFFERED, protocol);
  }

  @ParameterizedTest
  @EnumSource(value = ThriftProtocol.class, names = {"BINARY", "COMPACT"})
  void tframedTransportReadsTernFrames(ThriftProtocol protocol) throws Exception {
    byte[] tern = ternWrites(protocol, Framing.FRAMED);
    assertThat(tern).isEqualTo(libthriftWrites(protocol, true));
    libthriftReads(tern, protocol, true);
  }

  @ParameterizedTest
  @EnumSource(value = ThriftProtocol.class, names = {"BINARY", "COMPACT"})
  void libthriftReadsTernUnframedMessages(ThriftProtocol protocol) throws Exception {
    byte[] tern = ternWrites(protocol, Framing.BUFFERED);
    assertThat(tern).isEqualTo(libthriftWrites(protocol, false));
    libthriftReads(tern, protocol, false);
  }
}
