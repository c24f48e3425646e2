package dev.tern.thrift;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.core.RemoteException;
import dev.tern.thrift.testing.Libthrift;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import org.apache.thrift.TApplicationException;
import org.apache.thrift.protocol.TMessage;
import org.apache.thrift.protocol.TProtocol;
import org.apache.thrift.transport.TMemoryInputTransport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ApplicationExceptionsTest {

  @org.junit.jupiter.api.Test
  void kitexProtobufCarriesKitexsErrorProto() {
    ByteBuf buf = Unpooled.buffer();
    ApplicationExceptions.writeMessage(ThriftProtocols.writer(ThriftProtocol.KITEX_PROTOBUF, buf), "m", 9,
        RemoteException.UNKNOWN_METHOD, "né");
    // header: 0x9001 magic with type 3, name "m", seq id 9; then ErrorProto{TypeID: 1, Message: "né"}
    assertThat(ByteBufUtil.hexDump(buf)).isEqualTo("90010003" + "000000016d" + "00000009" + "0801" + "12036ec3a9");
    ThriftReader in = ThriftProtocols.reader(ThriftProtocol.KITEX_PROTOBUF, buf, ThriftLimits.DEFAULT);
    ThriftMessage m = in.readMessageBegin();
    assertThat(m.type()).isEqualTo(TMessageType.EXCEPTION);
    RemoteException e = ApplicationExceptions.read(in);
    assertThat(e.code()).isEqualTo(RemoteException.UNKNOWN_METHOD);
    assertThat(e.remoteMessage()).isEqualTo("né");
  }

  @ParameterizedTest
  @EnumSource(value = ThriftProtocol.class, names = {"BINARY", "COMPACT"})
  void writesWhatLibthriftWrites(ThriftProtocol protocol) throws Exception {
    ByteBuf buf = Unpooled.buffer();
    ApplicationExceptions.writeMessage(ThriftProtocols.writer(protocol, buf), "m", 9,
        RemoteException.UNKNOWN_METHOD, "unknown method m");
    byte[] expected = Libthrift.write(protocol, w -> {
      w.writeMessageBegin("m", TMessageType.EXCEPTION, 9);
      new TApplicationException(TApplicationException.UNKNOWN_METHOD, "unknown method m")
          .write(((Libthrift.Writer) w).tprotocol());
      w.writeMessageEnd();
    });
    assertThat(ByteBufUtil.hexDump(buf)).isEqualTo(ByteBufUtil.hexDump(expected));

    TProtocol p = Libthrift.protocol(protocol, new TMemoryInputTransport(ByteBufUtil.getBytes(buf)));
    TMessage m = p.readMessageBegin();
    assertThat(m.type).isEqualTo(TMessageType.EXCEPTION);
    TApplicationException e = TApplicationException.readFrom(p);
    assertThat(e.getType()).isEqualTo(TApplicationException.UNKNOWN_METHOD);
    assertThat(e.getMessage()).isEqualTo("unknown method m");
  }

  @ParameterizedTest
  @EnumSource(value = ThriftProtocol.class, names = {"BINARY", "COMPACT"})
  void roundTripsRemoteExceptionWithoutTheTypeSuffix(ThriftProtocol protocol) {
    ByteBuf buf = Unpooled.buffer();
    ApplicationExceptions.write(ThriftProtocols.writer(protocol, buf),
        new RemoteException(RemoteException.INTERNAL_ERROR, "boom"));
    RemoteException read = ApplicationExceptions.read(ThriftProtocols.reader(protocol, buf, ThriftLimits.DEFAULT));
    assertThat(read.code()).isEqualTo(RemoteException.INTERNAL_ERROR);
    assertThat(read.getMessage()).isEqualTo("boom (type 6)");
    assertThat(buf.readableBytes()).isZero();
  }

  @ParameterizedTest
  @EnumSource(value = ThriftProtocol.class, names = {"BINARY", "COMPACT"})
  void readsLibthriftsExceptionAndSkipsUnknownFields(ThriftProtocol protocol) {
    byte[] bytes = Libthrift.write(protocol, w -> {
      w.writeStructBegin("TApplicationException");
      w.writeFieldBegin(TType.LIST, (short) 7); // a field this reader does not know
      w.writeListBegin(TType.STRING, 1);
      w.writeString("ignored");
      w.writeListEnd();
      w.writeFieldEnd();
      w.writeFieldBegin(TType.STRING, (short) 1);
      w.writeString("bad seq");
      w.writeFieldBegin(TType.I32, (short) 2);
      w.writeI32(TApplicationException.BAD_SEQUENCE_ID);
      w.writeFieldStop();
      w.writeStructEnd();
    });
    RemoteException e = ApplicationExceptions.read(
        ThriftProtocols.reader(protocol, Unpooled.wrappedBuffer(bytes), ThriftLimits.DEFAULT));
    assertThat(e.code()).isEqualTo(RemoteException.BAD_SEQUENCE_ID);
    assertThat(e.getMessage()).startsWith("bad seq");
  }
}
