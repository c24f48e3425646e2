package dev.tern.thrift.testing;

import dev.tern.thrift.ThriftMessage;
import dev.tern.thrift.ThriftProtocol;
import dev.tern.thrift.ThriftReader;
import dev.tern.thrift.ThriftWriter;
import java.nio.ByteBuffer;
import java.util.UUID;
import org.apache.thrift.TException;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.protocol.TCompactProtocol;
import org.apache.thrift.protocol.TField;
import org.apache.thrift.protocol.TList;
import org.apache.thrift.protocol.TMap;
import org.apache.thrift.protocol.TMessage;
import org.apache.thrift.protocol.TProtocol;
import org.apache.thrift.protocol.TSet;
import org.apache.thrift.protocol.TStruct;
import org.apache.thrift.transport.TMemoryBuffer;
import org.apache.thrift.transport.TMemoryInputTransport;
import org.apache.thrift.transport.TTransport;

/**
 * Apache libthrift 0.20 behind Tern's ThriftWriter/ThriftReader API, so that one test script can
 * drive both implementations. (libthrift 0.20 has no uuid support.)
 */
public final class Libthrift {
  private Libthrift() {}

  public interface Body {
    void write(ThriftWriter w) throws Exception;
  }

  public static TProtocol protocol(ThriftProtocol protocol, TTransport transport) {
    return protocol == ThriftProtocol.BINARY ? new TBinaryProtocol(transport) : new TCompactProtocol(transport);
  }

  /** Bytes libthrift writes for the body. */
  public static byte[] write(ThriftProtocol protocol, Body body) {
    try {
      TMemoryBuffer buffer = new TMemoryBuffer(64);
      body.write(new Writer(protocol(protocol, buffer)));
      byte[] out = new byte[buffer.length()];
      System.arraycopy(buffer.getArray(), 0, out, 0, out.length);
      return out;
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  public static ThriftReader reader(ThriftProtocol protocol, byte[] bytes) {
    try {
      return new Reader(protocol(protocol, new TMemoryInputTransport(bytes)));
    } catch (TException e) {
      throw new AssertionError(e);
    }
  }

  @FunctionalInterface
  interface Op {
    void run() throws TException;
  }

  @FunctionalInterface
  interface Get<T> {
    T get() throws TException;
  }

  static void call(Op op) {
    try {
      op.run();
    } catch (TException e) {
      throw new IllegalStateException(e);
    }
  }

  static <T> T get(Get<T> op) {
    try {
      return op.get();
    } catch (TException e) {
      throw new IllegalStateException(e);
    }
  }

  public static final class Writer extends ThriftWriter {
    private final TProtocol p;

    public Writer(TProtocol p) {
      this.p = p;
    }

    public TProtocol tprotocol() {
      return p;
    }

    @Override public void writeMessageBegin(String name, byte type, int seqId) { call(() -> p.writeMessageBegin(new TMessage(name, type, seqId))); }
    @Override public void writeMessageEnd() { call(p::writeMessageEnd); }
    @Override public void writeStructBegin(String name) { call(() -> p.writeStructBegin(new TStruct(name))); }
    @Override public void writeStructEnd() { call(p::writeStructEnd); }
    @Override public void writeFieldBegin(byte type, short id) { call(() -> p.writeFieldBegin(new TField("", type, id))); }
    @Override public void writeFieldEnd() { call(p::writeFieldEnd); }
    @Override public void writeFieldStop() { call(p::writeFieldStop); }
    @Override public void writeMapBegin(byte k, byte v, int size) { call(() -> p.writeMapBegin(new TMap(k, v, size))); }
    @Override public void writeMapEnd() { call(p::writeMapEnd); }
    @Override public void writeListBegin(byte e, int size) { call(() -> p.writeListBegin(new TList(e, size))); }
    @Override public void writeListEnd() { call(p::writeListEnd); }
    @Override public void writeSetBegin(byte e, int size) { call(() -> p.writeSetBegin(new TSet(e, size))); }
    @Override public void writeSetEnd() { call(p::writeSetEnd); }
    @Override public void writeBool(boolean v) { call(() -> p.writeBool(v)); }
    @Override public void writeByte(byte v) { call(() -> p.writeByte(v)); }
    @Override public void writeI16(short v) { call(() -> p.writeI16(v)); }
    @Override public void writeI32(int v) { call(() -> p.writeI32(v)); }
    @Override public void writeI64(long v) { call(() -> p.writeI64(v)); }
    @Override public void writeDouble(double v) { call(() -> p.writeDouble(v)); }
    @Override public void writeString(String v) { call(() -> p.writeString(v)); }
    @Override public void writeBinary(byte[] v) { call(() -> p.writeBinary(ByteBuffer.wrap(v))); }
    @Override public void writeUuid(UUID v) { throw new UnsupportedOperationException("libthrift 0.20 has no uuid"); }
  }

  public static final class Reader extends ThriftReader {
    private final TProtocol p;
    private byte keyType;
    private byte valueType;
    private byte elementType;

    public Reader(TProtocol p) {
      this.p = p;
    }

    @Override public ThriftMessage readMessageBegin() {
      TMessage m = get(p::readMessageBegin);
      return new ThriftMessage(m.name, m.type, m.seqid);
    }
    @Override public void readMessageEnd() { call(p::readMessageEnd); }
    @Override public void readStructBegin() { call(p::readStructBegin); }
    @Override public void readStructEnd() { call(p::readStructEnd); }
    @Override public int readFieldBegin() {
      TField f = get(p::readFieldBegin);
      return (f.type & 0xff) << 16 | (f.id & 0xffff);
    }
    @Override public void readFieldEnd() { call(p::readFieldEnd); }
    @Override public int readMapBegin() {
      TMap m = get(p::readMapBegin);
      keyType = m.keyType;
      valueType = m.valueType;
      return m.size;
    }
    @Override public void readMapEnd() { call(p::readMapEnd); }
    @Override public int readListBegin() {
      TList l = get(p::readListBegin);
      elementType = l.elemType;
      return l.size;
    }
    @Override public void readListEnd() { call(p::readListEnd); }
    @Override public int readSetBegin() {
      TSet s = get(p::readSetBegin);
      elementType = s.elemType;
      return s.size;
    }
    @Override public void readSetEnd() { call(p::readSetEnd); }
    @Override public byte lastKeyType() { return keyType; }
    @Override public byte lastValueType() { return valueType; }
    @Override public byte lastElementType() { return elementType; }
    @Override public boolean readBool() { return get(p::readBool); }
    @Override public byte readByte() { return get(p::readByte); }
    @Override public short readI16() { return get(p::readI16); }
    @Override public int readI32() { return get(p::readI32); }
    @Override public long readI64() { return get(p::readI64); }
    @Override public double readDouble() { return get(p::readDouble); }
    @Override public String readString() { return get(p::readString); }
    @Override public byte[] readBinary() {
      ByteBuffer b = get(p::readBinary);
      byte[] out = new byte[b.remaining()];
      b.get(out);
      return out;
    }
    @Override public UUID readUuid() { throw new UnsupportedOperationException("libthrift 0.20 has no uuid"); }
    @Override public void skip(byte type) { call(() -> p.skip(type)); }
  }
}
