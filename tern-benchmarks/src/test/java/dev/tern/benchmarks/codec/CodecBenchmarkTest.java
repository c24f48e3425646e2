package dev.tern.benchmarks.codec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.thrift.ThriftLimits;
import dev.tern.thrift.ThriftProtocol;
import dev.tern.thrift.ThriftProtocols;
import dev.tern.thrift.ThriftStruct;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.apache.thrift.TBase;
import org.apache.thrift.TDeserializer;
import org.apache.thrift.TException;
import org.apache.thrift.TSerializer;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.protocol.TCompactProtocol;
import org.apache.thrift.protocol.TProtocolFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The benchmarks compare like with like: both libraries see the same values, their encodings are
 * interchangeable and of equal size, and every benchmark method does the whole job each time.
 */
class CodecBenchmarkTest {

  @ParameterizedTest
  @EnumSource(Payload.class)
  void payloadsHaveTheAdvertisedSizes(Payload payload) {
    int size = encode(payload.build(), ThriftProtocol.BINARY).length;
    switch (payload) {
      case SMALL -> assertThat(size).isBetween(30, 64);
      case MEDIUM -> assertThat(size).isBetween(900, 1200);
      case LARGE -> assertThat(size).isBetween(60 << 10, 68 << 10);
    }
    assertThat(payload.build()).isEqualTo(payload.build());
  }

  @ParameterizedTest
  @EnumSource(Payload.class)
  void libthriftReadsTernsBytesAndTernReadsLibthrifts(Payload payload) throws Exception {
    for (ThriftProtocol protocol : ThriftProtocol.THRIFT) {
      ThriftStruct tern = payload.build();
      byte[] ternBytes = encode(tern, protocol);
      TBase<?, ?> libthrift = libthriftDecode(payload, protocol, ternBytes);
      byte[] libthriftBytes = new TSerializer(factory(protocol)).serialize(libthrift);

      assertThat(libthriftBytes).hasSameSizeAs(ternBytes);
      assertThat(ternDecode(payload, protocol, libthriftBytes)).isEqualTo(tern);
    }
  }

  @ParameterizedTest
  @EnumSource(Payload.class)
  void benchmarkMethodsEncodeAndDecodeTheWholeValue(Payload payload) throws Exception {
    for (ThriftProtocol protocol : ThriftProtocol.THRIFT) {
      CodecBenchmark bench = new CodecBenchmark();
      bench.payload = payload;
      bench.protocol = protocol;
      bench.setUp();
      try {
        byte[] bytes = encode(payload.build(), protocol);
        TBase<?, ?> expected = libthriftDecode(payload, protocol, bytes);
        for (int i = 0; i < 3; i++) { // repeated: buffers are reused between invocations
          assertThat(bench.encodeTern()).isEqualTo(bytes.length);
          assertThat(bench.encodeLibthrift()).isEqualTo(bytes.length);
          assertThat(bench.decodeTern()).isEqualTo(payload.build());
          assertThat(bench.decodeLibthrift()).isEqualTo(expected);
        }
      } finally {
        bench.tearDown();
      }
    }
  }

  private static byte[] encode(ThriftStruct value, ThriftProtocol protocol) {
    ByteBuf buf = Unpooled.buffer();
    value.write(ThriftProtocols.writer(protocol, buf));
    byte[] bytes = new byte[buf.readableBytes()];
    buf.readBytes(bytes);
    return bytes;
  }

  private static Object ternDecode(Payload payload, ThriftProtocol protocol, byte[] bytes) {
    ByteBuf in = Unpooled.wrappedBuffer(bytes);
    return payload.ternCodec().read(ThriftProtocols.reader(protocol, in, ThriftLimits.DEFAULT));
  }

  private static TBase<?, ?> libthriftDecode(Payload payload, ThriftProtocol protocol, byte[] bytes) throws TException {
    TBase<?, ?> value = payload.newLibthrift();
    new TDeserializer(factory(protocol)).deserialize(value, bytes);
    return value;
  }

  private static TProtocolFactory factory(ThriftProtocol protocol) {
    return switch (protocol) {
      case BINARY -> new TBinaryProtocol.Factory();
      case COMPACT -> new TCompactProtocol.Factory();
      case KITEX_PROTOBUF -> throw new IllegalArgumentException("libthrift has no Kitex Protobuf");
    };
  }
}
