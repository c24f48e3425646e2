package dev.tern.http.internal;

import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpHeaders;

/**
 * The protocol side of one request, as its {@link RequestContext} sees it: where the response's
 * HTTP objects are written (the HTTP/1.1 connection, or the HTTP/2 stream whose codec turns them
 * into frames) and how a response head is finished for that protocol.
 */
interface Exchange {

  Channel channel();

  /**
   * Adds the protocol's own headers to a response head ({@code Connection} on HTTP/1.x, nothing on
   * HTTP/2); returns whether the connection closes after this response.
   */
  boolean finishHead(RequestContext c, HttpHeaders headers);
}
