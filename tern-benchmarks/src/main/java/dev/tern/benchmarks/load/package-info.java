/**
 * The echo load tool, {@link dev.tern.benchmarks.load.EchoBench}: Tern against the Java peers it
 * replaces (libthrift, Armeria, grpc-java, Dubbo; Vert.x and Helidon for HTTP) and bare Netty as
 * the ceiling, each server in its own JVM and each load client in another (or wrk), pinned to
 * separate CPUs. Run with {@code ./tern bench [rpc|http] [options]}; see
 * {@code docs/performance.md}.
 */
package dev.tern.benchmarks.load;
