package dev.tern.thrift;

/** A Thrift message header: method name, {@link TMessageType} and sequence id. */
public record ThriftMessage(String name, byte type, int seqId) {}
