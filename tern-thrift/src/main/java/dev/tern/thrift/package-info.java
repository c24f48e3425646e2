/**
 * The Thrift runtime contract that generated code and the RPC layer share:
 * {@link dev.tern.thrift.ThriftWriter} and {@link dev.tern.thrift.ThriftReader} (obtain them from
 * {@link dev.tern.thrift.ThriftProtocols}), {@link dev.tern.thrift.ThriftCodec} and
 * {@link dev.tern.thrift.ThriftStruct} for generated types, {@link dev.tern.thrift.ThriftMethod},
 * {@link dev.tern.thrift.ThriftCaller} (what generated clients call through) and
 * {@link dev.tern.thrift.ThriftServiceDefinition} (what generated bindings register on a server).
 * Framing lives in {@code dev.tern.thrift.transport}.
 */
package dev.tern.thrift;
