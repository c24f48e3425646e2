package dev.tern.http.internal;

/** A connection the server tracks for graceful shutdown. */
interface ServerConnection {

  /**
   * Starts closing gracefully: an idle connection closes now; a busy one finishes what it has
   * (HTTP/1.1: the current response says {@code Connection: close}; HTTP/2: GOAWAY, then the
   * open streams complete; WebSocket: a 1001 close frame).
   */
  void drain();
}
