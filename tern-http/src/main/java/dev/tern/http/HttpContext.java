package dev.tern.http;

import java.io.OutputStream;
import java.net.SocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One HTTP exchange as a handler sees it: the request (already fully read, within the server's
 * body limit) and the response being built. Not thread-safe; it belongs to the thread running
 * the handler.
 *
 * <pre>{@code
 * server.get("/users/:id", ctx -> {
 *   long id = Long.parseLong(ctx.pathParam("id"));
 *   ctx.json(users.find(id));
 * });
 * }</pre>
 */
public interface HttpContext {

  // ---- request ----

  /** The request method in upper case, e.g. {@code GET}. */
  String method();

  /** The path of the request target, percent-encoded as sent, without the query. */
  String path();

  /** The raw query string without {@code ?}, or an empty string. */
  String rawQuery();

  /** The route pattern that matched, e.g. {@code /users/:id}; {@code null} when none did. */
  String route();

  /** A decoded {@code :param} or {@code *wildcard} value, or {@code null}. */
  String pathParam(String name);

  Map<String, String> pathParams();

  /** The first decoded query parameter of that name, or {@code null}. */
  String query(String name);

  List<String> queryAll(String name);

  Map<String, List<String>> queryParams();

  /** The first request header of that name (case-insensitive), or {@code null}. */
  String header(String name);

  List<String> headers(String name);

  /** A request cookie's value, or {@code null}. */
  String cookie(String name);

  /** The first field of an {@code application/x-www-form-urlencoded} body, or {@code null}. */
  String form(String name);

  Map<String, List<String>> formParams();

  /** The request body (empty if none). The array is the context's own: do not modify it. */
  byte[] body();

  /** The body decoded with the request's charset, UTF-8 by default. */
  String bodyString();

  /**
   * The JSON body read as {@code type} with the server's Jackson mapper.
   *
   * @throws HttpStatusException 400 if the body is not valid JSON for that type
   */
  <T> T bodyJson(Class<T> type);

  /**
   * Builds a record from the request (path, query, form, headers, JSON body; see {@link From}),
   * applies {@link Default}s and checks {@link Required}, {@link Min}, {@link Max} and
   * {@link Pattern}.
   *
   * @throws BindException listing every field that is missing, unconvertible or invalid
   */
  <T extends Record> T bind(Class<T> type);

  SocketAddress remoteAddress();

  /** A value a middleware left for later handlers in this request. */
  <T> Optional<T> attribute(String key);

  HttpContext attribute(String key, Object value);

  // ---- response ----

  /** Sets the response status (200 unless set). */
  HttpContext status(int status);

  int status();

  /** Sets (replaces) a response header. */
  HttpContext header(String name, String value);

  /** Adds a response header, keeping earlier values of the same name. */
  HttpContext addHeader(String name, String value);

  /** The first response header of that name set so far, or {@code null}. */
  String responseHeader(String name);

  /** Adds a {@code Set-Cookie} header: {@code name=value; Path=/; HttpOnly}. */
  HttpContext setCookie(String name, String value);

  /** Sends {@code value} as JSON ({@code application/json}). */
  void json(Object value);

  /** Sends text as {@code text/plain; charset=UTF-8}. */
  void text(String text);

  /** Sends bytes with the given content type. */
  void bytes(byte[] body, String contentType);

  /** Redirects with the status (301, 302, 303, 307 or 308) to the location. */
  void redirect(int status, String location);

  /**
   * Starts a chunked response: headers go out on the first flush, each flush sends a chunk, and
   * closing the stream ends the response (the server closes it if the handler does not). Blocks
   * while the client is not reading, so it is only for handlers on virtual threads.
   *
   * @throws IllegalStateException in a {@linkplain HttpHandler#nonBlocking non-blocking} handler
   */
  OutputStream stream(String contentType);
}
