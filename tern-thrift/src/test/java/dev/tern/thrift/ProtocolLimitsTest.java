package dev.tern.thrift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.tern.core.ProtocolException;
import dev.tern.core.ProtocolException.Kind;
import dev.tern.thrift.testing.Libthrift;
import dev.tern.thrift.testing.Samples;
import dev.tern.thrift.testing.Values;
import dev.tern.thrift.testing.Values.Msg;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.HexFormat;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Hostile and broken input: every failure is a ProtocolException of the right kind. */
class ProtocolLimitsTest {

  static final ThriftLimits SMALL = ThriftLimits.DEFAULT.withMaxStringLength(10).withMaxContainerLength(10).withMaxDepth(8);
  /** Limits that do not stop a huge declared length, so the remaining-bytes check must. */
  static final ThriftLimits HUGE = new ThriftLimits(Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE, 64);

  static ThriftReader reader(ThriftProtocol protocol, ThriftLimits limits, String hex) {
    return ThriftProtocols.reader(protocol, Unpooled.wrappedBuffer(HexFormat.of().parseHex(hex.replace(" ", ""))), limits);
  }

  static void assertFails(Kind kind, ThrowingCallable call) {
    assertThatThrownBy(call).isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.kind()).isEqualTo(kind));
  }

  static byte[] written(ThriftProtocol protocol, java.util.function.Consumer<ThriftWriter> body) {
    ByteBuf buf = Unpooled.buffer();
    body.accept(ThriftProtocols.writer(protocol, buf));
    byte[] bytes = new byte[buf.readableBytes()];
    buf.readBytes(bytes);
    return bytes;
  }

  @ParameterizedTest
  @EnumSource(value = ThriftProtocol.class, names = {"BINARY", "COMPACT"})
  void stringOverTheLimit(ThriftProtocol protocol) {
    byte[] ok = written(protocol, w -> w.writeString("0123456789"));
    byte[] tooLong = written(protocol, w -> w.writeString("0123456789a"));
    assertThat(ThriftProtocols.reader(protocol, Unpooled.wrappedBuffer(ok), SMALL).readString()).isEqualTo("0123456789");
    assertFails(Kind.SIZE_LIMIT, () -> ThriftProtocols.reader(protocol, Unpooled.wrappedBuffer(tooLong), SMALL).readString());
    assertFails(Kind.SIZE_LIMIT, () -> ThriftProtocols.reader(protocol, Unpooled.wrappedBuffer(tooLong), SMALL).readBinary());
    assertFails(Kind.SIZE_LIMIT, () -> ThriftProtocols.reader(protocol, Unpooled.wrappedBuffer(tooLong), SMALL).skip(TType.STRING));
  }

  @ParameterizedTest
  @EnumSource(value = ThriftProtocol.class, names = {"BINARY", "COMPACT"})
  void containerOverTheLimit(ThriftProtocol protocol) {
    byte[] list = written(protocol, w -> {
      w.writeListBegin(TType.BYTE, 11);
      for (int i = 0; i < 11; i++) {
        w.writeByte((byte) i);
      }
    });
    byte[] map = written(protocol, w -> {
      w.writeMapBegin(TType.BYTE, TType.BYTE, 11);
      for (int i = 0; i < 22; i++) {
        w.writeByte((byte) i);
      }
    });
    assertFails(Kind.SIZE_LIMIT, () -> ThriftProtocols.reader(protocol, Unpooled.wrappedBuffer(list), SMALL).readListBegin());
    assertFails(Kind.SIZE_LIMIT, () -> ThriftProtocols.reader(protocol, Unpooled.wrappedBuffer(list), SMALL).readSetBegin());
    assertFails(Kind.SIZE_LIMIT, () -> ThriftProtocols.reader(protocol, Unpooled.wrappedBuffer(map), SMALL).readMapBegin());
    assertFails(Kind.SIZE_LIMIT, () -> ThriftProtocols.reader(protocol, Unpooled.wrappedBuffer(map), SMALL).skip(TType.MAP));
  }

  @Test
  void negativeSizes() {
    assertFails(Kind.NEGATIVE_SIZE, () -> reader(ThriftProtocol.BINARY, HUGE, "ffffffff").readString());
    assertFails(Kind.NEGATIVE_SIZE, () -> reader(ThriftProtocol.BINARY, HUGE, "08 ffffffff").readListBegin());
    assertFails(Kind.NEGATIVE_SIZE, () -> reader(ThriftProtocol.BINARY, HUGE, "0808 80000000").readMapBegin());
    assertFails(Kind.NEGATIVE_SIZE, () -> reader(ThriftProtocol.COMPACT, HUGE, "ffffffff0f").readBinary());
    assertFails(Kind.NEGATIVE_SIZE, () -> reader(ThriftProtocol.COMPACT, HUGE, "f5 ffffffff0f").readListBegin());
    assertFails(Kind.NEGATIVE_SIZE, () -> reader(ThriftProtocol.COMPACT, HUGE, "8080808008 55").readMapBegin());
  }

  @Test
  void declaredLengthsBeyondTheBufferFailBeforeAllocating() {
    // 2 GiB - 1 declared, 3 bytes present: must not try to allocate or read.
    assertFails(Kind.INVALID_DATA, () -> reader(ThriftProtocol.BINARY, HUGE, "7fffffff 616263").readBinary());
    assertFails(Kind.INVALID_DATA, () -> reader(ThriftProtocol.COMPACT, HUGE, "ffffffff07 616263").readBinary());
    assertFails(Kind.INVALID_DATA, () -> reader(ThriftProtocol.BINARY, HUGE, "0c 7fffffff 00").readListBegin());
    assertFails(Kind.INVALID_DATA, () -> reader(ThriftProtocol.COMPACT, HUGE, "fc ffffffff07 00").readListBegin());
    assertFails(Kind.INVALID_DATA, () -> reader(ThriftProtocol.BINARY, HUGE, "0b0b 00100000 00").readMapBegin());
  }

  static String repeat(String hex, int n) {
    return hex.repeat(n);
  }

  @ParameterizedTest
  @EnumSource(value = ThriftProtocol.class, names = {"BINARY", "COMPACT"})
  void tenThousandDeepNestingFailsCleanly(ThriftProtocol protocol) {
    boolean binary = protocol == ThriftProtocol.BINARY;
    // struct { 1: struct { 1: struct { ... } } }
    String structs = repeat(binary ? "0c0001" : "1c", 10_000);
    // list<list<list<...>>> of one element each
    String lists = repeat(binary ? "0f00000001" : "19", 10_000);
    // map<i32, map<i32, ...>> of one entry each
    String maps = repeat(binary ? "080d00000001" + "00000000" : "01" + "5b" + "00", 10_000);
    assertFails(Kind.DEPTH_LIMIT, () -> reader(protocol, ThriftLimits.DEFAULT, structs).skip(TType.STRUCT));
    assertFails(Kind.DEPTH_LIMIT, () -> reader(protocol, ThriftLimits.DEFAULT, lists).skip(TType.LIST));
    assertFails(Kind.DEPTH_LIMIT, () -> reader(protocol, ThriftLimits.DEFAULT, maps).skip(TType.MAP));
  }

  @ParameterizedTest
  @EnumSource(value = ThriftProtocol.class, names = {"BINARY", "COMPACT"})
  void depthCountsStructsAndContainersInNormalReads(ThriftProtocol protocol) {
    // list<struct{1: list<struct{...}>}>: each level is two deep; SMALL allows 8.
    ThriftReader r = ThriftProtocols.reader(protocol, Unpooled.wrappedBuffer(written(protocol, w -> {
      for (int i = 0; i < 5; i++) {
        w.writeListBegin(TType.STRUCT, 1);
        w.writeStructBegin("S");
        w.writeFieldBegin(TType.LIST, (short) 1);
      }
    })), SMALL);
    for (int i = 0; i < 4; i++) {
      r.readListBegin();
      r.readStructBegin();
      r.readFieldBegin();
    }
    assertFails(Kind.DEPTH_LIMIT, r::readListBegin);
  }

  @ParameterizedTest
  @EnumSource(value = ThriftProtocol.class, names = {"BINARY", "COMPACT"})
  void closedContainersAndStructsGiveTheirDepthBack(ThriftProtocol protocol) {
    ThriftReader r = ThriftProtocols.reader(protocol, Unpooled.wrappedBuffer(written(protocol, w -> {
      for (int i = 0; i < 100; i++) {
        w.writeListBegin(TType.I32, 0);
        w.writeMapBegin(TType.I32, TType.I32, 0);
        w.writeStructBegin("S");
        w.writeFieldStop();
      }
    })), SMALL);
    for (int i = 0; i < 100; i++) {
      r.readListBegin();
      r.readListEnd();
      r.readMapBegin();
      r.readMapEnd();
      r.readStructBegin();
      r.readFieldBegin();
      r.readStructEnd();
    }
  }

  @ParameterizedTest
  @EnumSource(value = ThriftProtocol.class, names = {"BINARY", "COMPACT"})
  void everyTruncationIsReportedAsTruncated(ThriftProtocol protocol) {
    Msg m = Samples.call();
    byte[] bytes = Libthrift.write(protocol, w -> Values.write(w, m));
    for (int n = 0; n < bytes.length; n++) {
      ByteBuf prefix = Unpooled.wrappedBuffer(bytes, 0, n);
      Throwable t = catchThrowable(() -> Values.read(ThriftProtocols.reader(protocol, prefix, ThriftLimits.DEFAULT), m));
      assertThat(t).as("prefix of %d bytes", n).isInstanceOf(ProtocolException.class);
      assertThat(((ProtocolException) t).kind()).isEqualTo(Kind.INVALID_DATA);
      assertThat(t.getMessage()).startsWith("truncated");
    }
  }

  @Test
  void badVersions() {
    assertFails(Kind.BAD_VERSION, () -> reader(ThriftProtocol.BINARY, HUGE, "80020001 00000000 00000000").readMessageBegin());
    assertFails(Kind.BAD_VERSION, () -> reader(ThriftProtocol.COMPACT, HUGE, "8321 00 00").readMessageBegin());
    assertFails(Kind.BAD_VERSION, () -> reader(ThriftProtocol.COMPACT, HUGE, "8222 00 00").readMessageBegin());
  }

  @Test
  void unknownTypeIds() {
    assertFails(Kind.INVALID_DATA, () -> reader(ThriftProtocol.BINARY, HUGE, "").skip((byte) 7));
    assertFails(Kind.INVALID_DATA, () -> reader(ThriftProtocol.BINARY, HUGE, "110001 00").skip(TType.STRUCT));
    assertFails(Kind.INVALID_DATA, () -> reader(ThriftProtocol.BINARY, HUGE, "1100000001 00").skip(TType.LIST));
    assertFails(Kind.INVALID_DATA, () -> reader(ThriftProtocol.COMPACT, HUGE, "1e 00").readFieldBegin());
    assertFails(Kind.INVALID_DATA, () -> reader(ThriftProtocol.COMPACT, HUGE, "1f").readListBegin());
    assertFails(Kind.INVALID_DATA, () -> reader(ThriftProtocol.COMPACT, HUGE, "01 e5").readMapBegin());
  }

  @Test
  void overlongVarints() {
    assertFails(Kind.INVALID_DATA, () -> reader(ThriftProtocol.COMPACT, HUGE, "ffffffffff01").readI32());
    assertFails(Kind.INVALID_DATA, () -> reader(ThriftProtocol.COMPACT, HUGE, "ffffffffffffffffffff01").readI64());
  }
}
