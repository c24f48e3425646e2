/**
 * Thrift framing over Netty: {@link dev.tern.thrift.transport.Framing} (buffered, framed, Kitex
 * TTHeader, Apache THeader), the inbound {@link dev.tern.thrift.transport.ThriftFrameDecoder}
 * producing {@link dev.tern.thrift.transport.ThriftFrame}s, the outbound
 * {@link dev.tern.thrift.transport.ThriftFrames} that frame a message in place, header metadata in
 * {@link dev.tern.thrift.transport.HeaderInfo}, and first-bytes detection in
 * {@link dev.tern.thrift.transport.ThriftProtocolDetector}.
 */
package dev.tern.thrift.transport;
