package dev.tern.http.client;

import java.io.IOException;

/** Sends a request and returns its response: the client's transport, or middleware around it. */
@FunctionalInterface
public interface ClientHandler {

  /**
   * @throws IOException when no response could be had: {@link java.net.ConnectException} (nothing
   *     was sent), {@link java.net.http.HttpConnectTimeoutException},
   *     {@link java.net.http.HttpTimeoutException} (the request timeout),
   *     {@link java.net.SocketTimeoutException} (the read timeout), or another I/O failure
   */
  ClientResponse send(ClientRequest request) throws IOException;
}
