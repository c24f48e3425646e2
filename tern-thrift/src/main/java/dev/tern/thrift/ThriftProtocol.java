package dev.tern.thrift;

/** The Thrift protocols Tern speaks. */
public enum ThriftProtocol {
  BINARY,
  COMPACT
}
