package dev.tern.core;

import java.net.SocketAddress;

/**
 * Hears when a server starts serving and when it begins to stop: the hook that service registries
 * use to announce a server (Kitex's {@code server.WithRegistry}). Both methods do nothing by
 * default.
 *
 * <p>Servers call {@link #onStarted} after binding, before {@code start()} returns, and
 * {@link #onStopping} once, at the very start of a graceful shutdown, before in-flight calls are
 * drained: a registry that withdraws the server there lets clients stop sending it new calls while
 * it finishes the old ones.
 */
public interface ServerLifecycleListener {

  /**
   * The server is listening on {@code bound} (with the real port when port 0 was asked for; an
   * {@link java.net.InetSocketAddress} or a {@link java.net.UnixDomainSocketAddress}). An exception
   * thrown here fails {@code start()}, and the server closes again.
   */
  default void onStarted(SocketAddress bound) throws Exception {}

  /**
   * The server is shutting down and will drain the calls in flight next. Exceptions are logged
   * and do not stop the shutdown.
   */
  default void onStopping() throws Exception {}
}
