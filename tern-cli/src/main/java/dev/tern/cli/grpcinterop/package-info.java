/**
 * gRPC's interop suite on Tern: {@link dev.tern.cli.grpcinterop.InteropTestService} implements
 * {@code grpc.testing.TestService} for {@code ./tern grpc-interop-server}, and
 * {@link dev.tern.cli.grpcinterop.InteropClient} runs the {@link dev.tern.cli.grpcinterop.InteropCase}s
 * for {@code ./tern grpc-interop-client}, both on the stubs Tern generates from the interop
 * protos (io.grpc.testing.integration, unpacked from grpc-java's interop jar at build time).
 */
package dev.tern.cli.grpcinterop;
