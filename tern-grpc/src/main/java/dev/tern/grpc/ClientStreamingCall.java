package dev.tern.grpc;

import java.util.concurrent.CompletableFuture;

/** The client side of a client-streaming call: send requests, then {@link #completeAndReceive()}. */
public interface ClientStreamingCall<Req, Resp> extends StreamWriter<Req>, ClientCall {

  /**
   * Half-closes (if not done yet), then waits for the single response.
   *
   * @throws GrpcStatusException if the call ended with a non-OK status
   * @throws dev.tern.core.RpcTimeoutException if the deadline passed
   */
  Resp completeAndReceive();

  /** The response, completed when it arrives (or exceptionally with the call's error). */
  CompletableFuture<Resp> response();
}
