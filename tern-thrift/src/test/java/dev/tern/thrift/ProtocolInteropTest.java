package dev.tern.thrift;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.thrift.testing.Libthrift;
import dev.tern.thrift.testing.Samples;
import dev.tern.thrift.testing.Values;
import dev.tern.thrift.testing.Values.Msg;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Tern's binary and compact protocols against Apache libthrift 0.20: same bytes, both directions. */
class ProtocolInteropTest {

  static byte[] ternBytes(ThriftProtocol protocol, Msg m) {
    ByteBuf buf = PooledByteBufAllocator.DEFAULT.directBuffer(16); // small, so that writes must grow it
    try {
      Values.write(ThriftProtocols.writer(protocol, buf), m);
      return ByteBufUtil.getBytes(buf);
    } finally {
      buf.release();
    }
  }

  @ParameterizedTest
  @EnumSource(value = ThriftProtocol.class, names = {"BINARY", "COMPACT"})
  void writesTheSameBytesAsLibthrift(ThriftProtocol protocol) {
    for (byte type : new byte[] {TMessageType.CALL, TMessageType.REPLY, TMessageType.EXCEPTION, TMessageType.ONEWAY}) {
      Msg m = Samples.message(type);
      byte[] expected = Libthrift.write(protocol, w -> Values.write(w, m));
      assertThat(ByteBufUtil.hexDump(ternBytes(protocol, m))).isEqualTo(ByteBufUtil.hexDump(expected));
    }
  }

  @ParameterizedTest
  @EnumSource(value = ThriftProtocol.class, names = {"BINARY", "COMPACT"})
  void readsWhatLibthriftWrites(ThriftProtocol protocol) {
    Msg m = Samples.call();
    byte[] bytes = Libthrift.write(protocol, w -> Values.write(w, m));
    ByteBuf in = Unpooled.wrappedBuffer(bytes);
    assertThat(Values.read(ThriftProtocols.reader(protocol, in, ThriftLimits.DEFAULT), m)).isEqualTo(m);
    assertThat(in.readableBytes()).isZero();
  }

  @ParameterizedTest
  @EnumSource(value = ThriftProtocol.class, names = {"BINARY", "COMPACT"})
  void libthriftReadsWhatTernWrites(ThriftProtocol protocol) {
    Msg m = Samples.call();
    byte[] bytes = ternBytes(protocol, m);
    assertThat(Values.read(Libthrift.reader(protocol, bytes), m)).isEqualTo(m);
  }

  @ParameterizedTest
  @EnumSource(value = ThriftProtocol.class, names = {"BINARY", "COMPACT"})
  void skipsEveryTypeLikeLibthrift(ThriftProtocol protocol) {
    // Skipping the whole body must land exactly on the end of the message.
    Msg m = Samples.call();
    ByteBuf in = Unpooled.wrappedBuffer(Libthrift.write(protocol, w -> Values.write(w, m)));
    ThriftReader r = ThriftProtocols.reader(protocol, in, ThriftLimits.DEFAULT);
    assertThat(r.readMessageBegin()).isEqualTo(new ThriftMessage("sampleMethod", TMessageType.CALL, -42));
    r.skip(TType.STRUCT);
    assertThat(in.readableBytes()).isZero();
  }

  @ParameterizedTest
  @EnumSource(value = ThriftProtocol.class, names = {"BINARY", "COMPACT"})
  void readsFromDirectAndCompositeBuffers(ThriftProtocol protocol) {
    Msg m = Samples.call();
    byte[] bytes = Libthrift.write(protocol, w -> Values.write(w, m));
    ByteBuf direct = PooledByteBufAllocator.DEFAULT.directBuffer().writeBytes(bytes);
    ByteBuf composite = Unpooled.wrappedBuffer(
        Unpooled.wrappedBuffer(bytes, 0, 7), Unpooled.wrappedBuffer(bytes, 7, bytes.length - 7));
    try {
      assertThat(Values.read(ThriftProtocols.reader(protocol, direct, ThriftLimits.DEFAULT), m)).isEqualTo(m);
      assertThat(Values.read(ThriftProtocols.reader(protocol, composite, ThriftLimits.DEFAULT), m)).isEqualTo(m);
    } finally {
      direct.release();
      composite.release();
    }
  }
}
