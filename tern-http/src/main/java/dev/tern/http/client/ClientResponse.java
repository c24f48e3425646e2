package dev.tern.http.client;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

/**
 * A response. From {@link HttpClient#send} the body has been read in full; from
 * {@link HttpClient#stream} it is read from {@link #bodyStream()} as it arrives, and the response
 * must be closed (a response closed before its body ended closes its connection, since the rest
 * of the body would otherwise be read as the next response).
 */
public interface ClientResponse extends AutoCloseable {

  int status();

  /** {@code HTTP/1.1} or {@code HTTP/2}. */
  String protocol();

  /** The first value of a header (case-insensitive), or {@code null}. */
  String header(String name);

  List<String> headers(String name);

  /** All headers, names in lower case. */
  Map<String, List<String>> headers();

  /**
   * The body; on a streamed response this reads what is left of it (up to the client's response
   * size limit).
   */
  byte[] body() throws IOException;

  /** The body decoded with the response's charset, UTF-8 by default. */
  String bodyString() throws IOException;

  /** The body read as JSON into {@code type} with the client's Jackson mapper. */
  <T> T json(Class<T> type) throws IOException;

  /** The body as a stream; on a streamed response, the bytes as they arrive. */
  InputStream bodyStream();

  /** The request this is the response to (after middleware, as last sent). */
  ClientRequest request();

  /** Releases the connection (closing it if the body was not read to its end). */
  @Override
  void close();
}
