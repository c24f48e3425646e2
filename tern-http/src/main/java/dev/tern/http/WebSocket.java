package dev.tern.http;

import java.net.SocketAddress;
import java.util.concurrent.CompletableFuture;

/**
 * An open WebSocket (RFC 6455). Sends may come from any thread; messages go out in the order of
 * the calls. The futures complete when a message has been written to the network.
 *
 * @see HttpContext#webSocket(WebSocketListener, String...)
 */
public interface WebSocket {

  /** Sends a text message. */
  CompletableFuture<Void> send(String text);

  /** Sends a binary message (the array is copied). */
  CompletableFuture<Void> send(byte[] data);

  /** Sends a ping; the peer answers with a pong. */
  CompletableFuture<Void> ping(byte[] payload);

  /**
   * Starts the closing handshake with a status code (1000 normal, 1001 going away, 1008 policy,
   * 1011 server error, or 4000-4999 for applications) and a reason; the connection closes when
   * the peer answers, or after a short wait. Does nothing if closing has begun.
   */
  void close(int code, String reason);

  /** {@code close(1000, "")}. */
  default void close() {
    close(1000, "");
  }

  /** Whether messages can still be sent (no close frame sent or received). */
  boolean isOpen();

  /** The subprotocol agreed in the handshake, or {@code null}. */
  String subprotocol();

  SocketAddress remoteAddress();
}
