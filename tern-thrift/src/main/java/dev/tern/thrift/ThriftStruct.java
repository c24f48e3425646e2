package dev.tern.thrift;

/**
 * Implemented by every generated struct, union, exception and service args/result type. Each
 * generated type also has a {@code public static final ThriftCodec<T> CODEC} that reads it.
 */
public interface ThriftStruct {

  /** Writes this struct (struct begin, fields, stop, struct end). */
  void write(ThriftWriter out);
}
