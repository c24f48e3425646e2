package dev.tern.rpc.internal;

import dev.tern.core.RpcTimeoutException;

/** The call's deadline passed before its handler could run; the server answers without running it. */
final class DeadlineExceededException extends RpcTimeoutException {
  DeadlineExceededException(String message) {
    super(Phase.RPC, message);
  }
}
