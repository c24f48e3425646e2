package dev.tern.codegen;

import dev.tern.thrift.TType;
import dev.tern.thrift.ThriftCodec;
import dev.tern.thrift.ThriftLimits;
import dev.tern.thrift.ThriftProtocol;
import dev.tern.thrift.ThriftProtocols;
import dev.tern.thrift.ThriftReader;
import dev.tern.thrift.ThriftStruct;
import dev.tern.thrift.ThriftWriter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Encoding helpers for tests of generated code (used by the scenario sources too). */
public final class Wire {
  private Wire() {}

  /** {@code value} encoded with {@code protocol}. */
  public static byte[] bytes(ThriftStruct value, ThriftProtocol protocol) {
    return write(protocol, value::write);
  }

  /** Whatever {@code body} writes, encoded with {@code protocol}. */
  public static byte[] write(ThriftProtocol protocol, Consumer<ThriftWriter> body) {
    ByteBuf buf = Unpooled.buffer();
    try {
      body.accept(ThriftProtocols.writer(protocol, buf));
      return ByteBufUtil.getBytes(buf);
    } finally {
      buf.release();
    }
  }

  /** Decodes {@code bytes} with {@code codec}; the whole input must be consumed. */
  public static <T> T read(ThriftCodec<T> codec, byte[] bytes, ThriftProtocol protocol) {
    ByteBuf buf = Unpooled.wrappedBuffer(bytes);
    T value = codec.read(ThriftProtocols.reader(protocol, buf, ThriftLimits.DEFAULT));
    if (buf.isReadable()) {
      throw new AssertionError(buf.readableBytes() + " bytes left after reading " + value);
    }
    return value;
  }

  /** Writes {@code value} with its codec and reads it back. */
  public static <T> T roundTrip(ThriftCodec<T> codec, T value, ThriftProtocol protocol) {
    byte[] bytes = write(protocol, out -> codec.write(value, out));
    return read(codec, bytes, protocol);
  }

  /** The ids of the top-level fields of an encoded struct, in wire order. */
  public static List<Integer> fieldIds(byte[] struct, ThriftProtocol protocol) {
    ThriftReader in = ThriftProtocols.reader(protocol, Unpooled.wrappedBuffer(struct), ThriftLimits.DEFAULT);
    List<Integer> ids = new ArrayList<>();
    in.readStructBegin();
    for (int h = in.readFieldBegin(); ThriftReader.fieldType(h) != TType.STOP; h = in.readFieldBegin()) {
      ids.add((int) ThriftReader.fieldId(h));
      in.skip(ThriftReader.fieldType(h));
      in.readFieldEnd();
    }
    in.readStructEnd();
    return ids;
  }

  /** Lowercase hex of {@code bytes}, for readable byte assertions. */
  public static String hex(byte[] bytes) {
    return ByteBufUtil.hexDump(bytes);
  }
}
