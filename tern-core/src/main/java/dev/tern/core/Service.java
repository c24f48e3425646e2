package dev.tern.core;

import java.util.concurrent.CompletableFuture;

/**
 * The one abstraction of Tern: anything that handles a call.
 *
 * <p>A client is a chain of {@link Middleware} that ends in the transport; a server is a chain
 * that ends in the user's handler. Calls are asynchronous at the core so that the event loop never
 * blocks; blocking user code is adapted at the edges (server handlers run on virtual threads,
 * generated blocking clients wait on the returned future).
 *
 * @param <Req> the request type (for Thrift RPC, the generated {@code *Args} struct)
 * @param <Resp> the response type (for Thrift RPC, the generated {@code *Result} struct)
 */
@FunctionalInterface
public interface Service<Req, Resp> {

  /**
   * Handles one call. Must not block the calling thread; failures complete the future
   * exceptionally (preferably with an {@link RpcException} or a declared exception).
   */
  CompletableFuture<Resp> call(CallContext ctx, Req request);
}
