package dev.tern.http;

/**
 * Receives the events of one {@link WebSocket}. Calls for one socket come in order and never
 * overlap, on a virtual thread, so a listener may block (while it does, no more frames are read
 * from that connection: slow listeners push back on the sender). Every method does nothing by
 * default. A listener that throws gets the socket closed with 1011.
 *
 * <pre>{@code
 * server.get("/chat", ctx -> ctx.webSocket(new WebSocketListener() {
 *   public void onText(WebSocket ws, String text) { ws.send("echo: " + text); }
 * }));
 * }</pre>
 */
public interface WebSocketListener {

  /** The handshake is done; messages may be sent. */
  default void onOpen(WebSocket ws) throws Exception {}

  /** A whole text message (fragments are joined, up to the server's message size limit). */
  default void onText(WebSocket ws, String text) throws Exception {}

  /** A whole binary message. */
  default void onBinary(WebSocket ws, byte[] data) throws Exception {}

  /**
   * The socket closed: with the peer's code and reason, or 1006 (abnormal) when the connection
   * dropped without a close frame. Called once, last.
   */
  default void onClose(WebSocket ws, int code, String reason) throws Exception {}

  /** A protocol error, a message over the size limit, or an exception from this listener. */
  default void onError(WebSocket ws, Throwable error) {}
}
