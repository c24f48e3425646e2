/**
 * Tern's core: {@link dev.tern.core.Service} and {@link dev.tern.core.Middleware} (the one
 * abstraction), {@link dev.tern.core.CallContext} with {@link dev.tern.core.Metainfo}, and the
 * error model rooted at {@link dev.tern.core.RpcException}.
 */
package dev.tern.core;
