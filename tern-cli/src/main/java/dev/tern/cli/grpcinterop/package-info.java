/**
 * gRPC's interop suite and benchmark service on Tern: {@link dev.tern.cli.grpcinterop.InteropTestService}
 * implements {@code grpc.testing.TestService} for {@code ./tern grpc-interop-server},
 * {@link dev.tern.cli.grpcinterop.InteropClient} runs the {@link dev.tern.cli.grpcinterop.InteropCase}s
 * for {@code ./tern grpc-interop-client}, and {@link dev.tern.cli.grpcinterop.BenchmarkService}
 * implements {@code grpc.testing.BenchmarkService} for gRPC's load tools
 * ({@code ./tern grpc-benchmark-server}, and the interop server). All use the stubs Tern generates
 * from grpc-java's protos (io.grpc.testing.integration and io.grpc.benchmarks.proto, unpacked from
 * its interop and benchmarks jars at build time).
 */
package dev.tern.cli.grpcinterop;
