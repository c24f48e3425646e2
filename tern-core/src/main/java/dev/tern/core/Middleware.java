package dev.tern.core;

import java.util.List;

/**
 * Adds behaviour around a call by turning one {@link Service} into another (Kitex's Middleware,
 * Motore's Layer, Finagle's Filter). Discovery, load balancing, retries, limits, metrics and a
 * user's own cross-cutting code are all Middleware and sit in the same chain.
 *
 * <p>{@code wrap} runs once when a client or server is built, not per call, so a middleware can
 * keep per-chain state in fields of the service it returns.
 */
@FunctionalInterface
public interface Middleware<Req, Resp> {

  Service<Req, Resp> wrap(Service<Req, Resp> next);

  /**
   * Builds a chain: the first middleware in the list is the outermost, so it sees the call first
   * and the response last.
   */
  static <Req, Resp> Service<Req, Resp> chain(
      List<? extends Middleware<Req, Resp>> middlewares, Service<Req, Resp> terminal) {
    Service<Req, Resp> s = terminal;
    for (int i = middlewares.size() - 1; i >= 0; i--) {
      s = middlewares.get(i).wrap(s);
    }
    return s;
  }
}
