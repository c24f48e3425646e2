package dev.tern.thrift;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.HexFormat;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Encodings checked against bytes assembled by hand from the specifications, for what libthrift
 * 0.20 cannot cross-check (uuid, non-strict headers, other implementations' bool encodings).
 */
class ProtocolEncodingTest {

  static final UUID ID = UUID.fromString("00112233-4455-6677-8899-aabbccddeeff");
  static final String ID_HEX = "00112233445566778899aabbccddeeff";

  static String hex(ThriftProtocol protocol, Consumer<ThriftWriter> body) {
    ByteBuf buf = Unpooled.buffer();
    body.accept(ThriftProtocols.writer(protocol, buf));
    return ByteBufUtil.hexDump(buf);
  }

  static ThriftReader reader(ThriftProtocol protocol, String hex) {
    return ThriftProtocols.reader(protocol, Unpooled.wrappedBuffer(HexFormat.of().parseHex(hex.replace(" ", ""))),
        ThriftLimits.DEFAULT);
  }

  @Test
  void binaryMessageHeaderIsStrict() {
    assertThat(hex(ThriftProtocol.BINARY, w -> w.writeMessageBegin("ab", TMessageType.REPLY, 1)))
        .isEqualTo("80010002" + "00000002" + "6162" + "00000001");
  }

  @Test
  void binaryReadsOldNonStrictHeader() {
    ThriftReader r = reader(ThriftProtocol.BINARY, "00000002 6162 01 00000007 00");
    assertThat(r.readMessageBegin()).isEqualTo(new ThriftMessage("ab", TMessageType.CALL, 7));
    r.skip(TType.STRUCT);
  }

  @Test
  void compactMessageHeader() {
    // 0x82, type 1 << 5 | version 1, seq id varint (not zigzag), name
    assertThat(hex(ThriftProtocol.COMPACT, w -> w.writeMessageBegin("ab", TMessageType.CALL, 300)))
        .isEqualTo("82" + "21" + "ac02" + "02" + "6162");
    assertThat(hex(ThriftProtocol.COMPACT, w -> w.writeMessageBegin("", TMessageType.ONEWAY, -1)))
        .isEqualTo("82" + "81" + "ffffffff0f" + "00");
  }

  @ParameterizedTest
  @EnumSource(value = ThriftProtocol.class, names = {"BINARY", "COMPACT"})
  void uuidIsSixteenBigEndianBytes(ThriftProtocol protocol) {
    String fieldHeader = protocol == ThriftProtocol.BINARY ? "100001" : "1d";
    String listHeader = protocol == ThriftProtocol.BINARY ? "1000000002" : "2d";
    String hex = hex(protocol, w -> {
      w.writeStructBegin("S");
      w.writeFieldBegin(TType.UUID, (short) 1);
      w.writeUuid(ID);
      w.writeFieldBegin(TType.LIST, (short) 2);
      w.writeListBegin(TType.UUID, 2);
      w.writeUuid(ID);
      w.writeUuid(new UUID(-1, 0));
      w.writeFieldStop();
      w.writeStructEnd();
    });
    String listField = protocol == ThriftProtocol.BINARY ? "0f0002" : "19";
    assertThat(hex).isEqualTo(fieldHeader + ID_HEX + listField + listHeader + ID_HEX
        + "ffffffffffffffff0000000000000000" + "00");

    ThriftReader r = reader(protocol, hex);
    r.readStructBegin();
    assertThat(r.readFieldBegin()).isEqualTo(TType.UUID << 16 | 1);
    assertThat(r.readUuid()).isEqualTo(ID);
    assertThat(ThriftReader.fieldType(r.readFieldBegin())).isEqualTo(TType.LIST);
    assertThat(r.readListBegin()).isEqualTo(2);
    assertThat(r.lastElementType()).isEqualTo(TType.UUID);
    assertThat(r.readUuid()).isEqualTo(ID);
    assertThat(r.readUuid()).isEqualTo(new UUID(-1, 0));
    r.readListEnd();
    assertThat(r.readFieldBegin()).isZero();
    r.readStructEnd();
  }

  @Test
  void compactBoolsLiveInFieldHeadersAndAsBytesInContainers() {
    String hex = hex(ThriftProtocol.COMPACT, w -> {
      w.writeStructBegin("S");
      w.writeFieldBegin(TType.BOOL, (short) 1);
      w.writeBool(true);
      w.writeFieldBegin(TType.BOOL, (short) 2);
      w.writeBool(false);
      w.writeFieldBegin(TType.BOOL, (short) -1);
      w.writeBool(true);
      w.writeFieldBegin(TType.LIST, (short) 3);
      w.writeListBegin(TType.BOOL, 2);
      w.writeBool(true);
      w.writeBool(false);
      w.writeFieldStop();
      w.writeStructEnd();
    });
    // 0x11: delta 1, true; 0x12: delta 1, false; 0x01 + zigzag(-1): long form; 0x49: delta 4 (from -1), list
    assertThat(hex).isEqualTo("11" + "12" + "0101" + "49" + "21" + "01" + "02" + "00");
  }

  @Test
  void compactReadsFalseInContainersAsTwoOrZero() {
    ThriftReader r = reader(ThriftProtocol.COMPACT, "31 01 02 00");
    assertThat(r.readListBegin()).isEqualTo(3);
    assertThat(r.lastElementType()).isEqualTo(TType.BOOL);
    assertThat(r.readBool()).isTrue();
    assertThat(r.readBool()).isFalse();
    assertThat(r.readBool()).isFalse();
  }

  @Test
  void compactListAndMapForms() {
    assertThat(hex(ThriftProtocol.COMPACT, w -> w.writeListBegin(TType.I32, 14))).isEqualTo("e5");
    assertThat(hex(ThriftProtocol.COMPACT, w -> w.writeListBegin(TType.I32, 15))).isEqualTo("f50f");
    assertThat(hex(ThriftProtocol.COMPACT, w -> w.writeSetBegin(TType.STRING, 200))).isEqualTo("f8c801");
    assertThat(hex(ThriftProtocol.COMPACT, w -> w.writeMapBegin(TType.STRING, TType.I64, 0))).isEqualTo("00");
    assertThat(hex(ThriftProtocol.COMPACT, w -> w.writeMapBegin(TType.STRING, TType.I64, 3))).isEqualTo("0386");
  }

  @Test
  void compactVarintsAndDoubles() {
    assertThat(hex(ThriftProtocol.COMPACT, w -> w.writeI32(-1))).isEqualTo("01");
    assertThat(hex(ThriftProtocol.COMPACT, w -> w.writeI32(Integer.MIN_VALUE))).isEqualTo("ffffffff0f");
    assertThat(hex(ThriftProtocol.COMPACT, w -> w.writeI64(Long.MIN_VALUE))).isEqualTo("ffffffffffffffffff01");
    assertThat(hex(ThriftProtocol.COMPACT, w -> w.writeI16((short) 64))).isEqualTo("8001");
    assertThat(hex(ThriftProtocol.COMPACT, w -> w.writeDouble(1.0))).isEqualTo("000000000000f03f");
    assertThat(hex(ThriftProtocol.BINARY, w -> w.writeDouble(1.0))).isEqualTo("3ff0000000000000");
  }

  @Test
  void stringsAreUtf8() {
    assertThat(hex(ThriftProtocol.BINARY, w -> w.writeString("é€😀"))).isEqualTo("00000009" + "c3a9" + "e282ac" + "f09f9880");
    assertThat(hex(ThriftProtocol.COMPACT, w -> w.writeString("é€😀"))).isEqualTo("09" + "c3a9" + "e282ac" + "f09f9880");
    assertThat(reader(ThriftProtocol.COMPACT, "09 c3a9 e282ac f09f9880").readString()).isEqualTo("é€😀");
  }
}
