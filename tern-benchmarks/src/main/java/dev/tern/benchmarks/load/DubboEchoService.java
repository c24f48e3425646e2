package dev.tern.benchmarks.load;

import java.util.concurrent.CompletableFuture;

/**
 * The Dubbo contestants' service: a plain Java interface, the way Dubbo services are usually
 * declared, served over Triple and over the dubbo protocol with Dubbo's default serialization.
 * Public only because Dubbo generates proxies and wrappers for it and its implementation.
 */
public interface DubboEchoService {

  /** The reply carries the request's payload; asynchronous on both sides. */
  CompletableFuture<byte[]> echo(byte[] payload);

  /** The server's implementation. */
  final class Impl implements DubboEchoService {
    @Override
    public CompletableFuture<byte[]> echo(byte[] payload) {
      return CompletableFuture.completedFuture(payload);
    }
  }
}
