package dev.tern.thrift;

import java.util.concurrent.CompletableFuture;

/**
 * What generated clients call through. Implemented by Tern's RPC client; generated code depends
 * on this interface only, so the same stubs work over any transport.
 */
public interface ThriftCaller {

  /**
   * Calls and waits. Returns the result struct (for oneway methods, null once the request is
   * written). Framework failures are thrown as {@link dev.tern.core.RpcException}s.
   */
  <A, R> R call(ThriftMethod<A, R> method, A args);

  /** Calls without blocking; the future fails with an RpcException on framework failures. */
  <A, R> CompletableFuture<R> callAsync(ThriftMethod<A, R> method, A args);
}
