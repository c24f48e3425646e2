/**
 * The gRPC runtime behind {@link dev.tern.grpc}: HTTP/2 connection handlers for both ends on
 * Netty's codec, per-stream deframing and flow control, the client's connection pool. Not API:
 * only {@link dev.tern.grpc.internal.GrpcServerCore} is meant for use outside this module (a server
 * that serves gRPC and other protocols on one port installs it on gRPC connections).
 */
package dev.tern.grpc.internal;
