/**
 * JMH benchmarks of Thrift encoding and decoding: Tern's generated code against libthrift's, on the
 * structs of {@code bench.thrift}. Run with {@code ./tern bench codec [JMH options]}; see
 * {@code docs/performance.md}.
 */
package dev.tern.benchmarks.codec;
