package dev.tern.thrift;

/** Reads and writes values of one Thrift type; generated types expose one as {@code CODEC}. */
public interface ThriftCodec<T> {

  void write(T value, ThriftWriter out);

  T read(ThriftReader in);
}
