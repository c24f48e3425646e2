/**
 * The echo load tool, {@link dev.tern.benchmarks.load.EchoBench}: closed-loop RPC load against Tern
 * and libthrift servers, each in its own JVM. Run with {@code ./tern bench [options]}; see
 * {@code docs/performance.md}.
 */
package dev.tern.benchmarks.load;
