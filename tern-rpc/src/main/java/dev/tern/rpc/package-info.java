/**
 * Thrift RPC over Tern's transport, the counterpart of Kitex: {@link dev.tern.rpc.ThriftServer}
 * hosts services generated from IDL (or hand-built {@link dev.tern.thrift.ThriftServiceDefinition}s),
 * {@link dev.tern.rpc.ThriftClient} is the {@link dev.tern.thrift.ThriftCaller} generated stubs
 * call through. Both speak Buffered, Framed, TTHeader and THeader framing with the binary and
 * compact protocols, and run every call through a chain of {@link dev.tern.core.Middleware}.
 */
package dev.tern.rpc;
