package dev.tern.http;

import java.io.OutputStream;
import java.net.SocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One HTTP exchange as a handler sees it: the request and the response being built, the same on
 * HTTP/1.1 and HTTP/2. The request body has been read in full (within the server's body limit)
 * before the handler runs, unless the route was registered with
 * {@link HttpHandler#streamingBody(HttpHandler)}. Not thread-safe; it belongs to the thread
 * running the handler.
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

  /** The protocol the request came on: {@code HTTP/1.1}, {@code HTTP/1.0} or {@code HTTP/2}. */
  String protocol();

  /** {@code https} when the connection is TLS, else {@code http}. */
  String scheme();

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

  /** All request cookies by name (the first of duplicates). */
  Map<String, String> cookies();

  /**
   * The first field of an {@code application/x-www-form-urlencoded} or {@code multipart/form-data}
   * body, or {@code null}.
   */
  String form(String name);

  /** The text fields of a form body (urlencoded or multipart). */
  Map<String, List<String>> formParams();

  /**
   * The files of a {@code multipart/form-data} body, in order (empty for other bodies). On a
   * {@linkplain HttpHandler#streamingBody streaming} route the parts are decoded as they arrive,
   * large files going to temporary files, so uploads need not fit in memory; temporary files are
   * deleted when the request ends.
   *
   * @throws HttpStatusException 400 if the multipart body is malformed
   */
  List<FormFile> formFiles();

  /** The first uploaded file of a form field, or {@code null}. */
  FormFile formFile(String name);

  /**
   * The request body (empty if none). The array is the context's own: do not modify it. On a
   * {@linkplain HttpHandler#streamingBody streaming} route this reads the rest of the body first.
   *
   * @throws HttpStatusException 413 if a streamed body is larger than the server's body limit
   */
  byte[] body();

  /**
   * The request body as a stream. On a {@linkplain HttpHandler#streamingBody streaming} route the
   * bytes are read from the network as the handler consumes them (blocking while none have
   * arrived); otherwise this reads the buffered body. Reading fails with an {@code IOException} if
   * the client stops sending for longer than the server's request timeout or breaks the framing.
   */
  java.io.InputStream bodyStream();

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

  /**
   * Which of the offered media types the client prefers, by its {@code Accept} header (quality
   * values and wildcards; ties go to the order offered), or {@code null} if it accepts none. With
   * no {@code Accept} header, the first.
   *
   * <pre>{@code
   * if ("text/html".equals(ctx.accepts("application/json", "text/html"))) ctx.render("page", model); else ctx.json(model);
   * }</pre>
   */
  String accepts(String... mediaTypes);

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

  /** Adds a {@code Set-Cookie} header with all of the cookie's attributes. */
  HttpContext setCookie(Cookie cookie);

  /** Sends {@code value} as JSON ({@code application/json}). */
  void json(Object value);

  /** Sends text as {@code text/plain; charset=UTF-8}. */
  void text(String text);

  /** Sends bytes with the given content type. */
  void bytes(byte[] body, String contentType);

  /** Sends HTML ({@code text/html; charset=UTF-8}), as given: escaping is the caller's. */
  void html(String html);

  /**
   * Renders one of the server's {@linkplain HttpServer.Builder#templates templates} with a model
   * and sends it as HTML. Values are HTML-escaped unless the template says otherwise.
   *
   * @throws IllegalStateException if the server has no templates
   */
  void render(String template, Object model);

  /**
   * Sends {@code value} in the representation the client prefers ({@link #accepts}): JSON, a
   * protobuf message as {@code application/x-protobuf} (when protobuf-java is on the class path),
   * or text for a {@code CharSequence}; 406 Not Acceptable if the client takes none of them.
   */
  void negotiate(Object value);

  /** {@link #negotiate(Object)}, also offering HTML: {@code htmlTemplate} rendered with {@code value}. */
  void negotiate(Object value, String htmlTemplate);

  /**
   * Sends a file with {@code ETag} and {@code Last-Modified}, answering conditional requests
   * ({@code If-None-Match}, {@code If-Modified-Since}) with 304 and a {@code Range} request with
   * 206 (or 416); the content type comes from the file name. The file is streamed, so only
   * handlers on virtual threads may send one. See {@link StaticFiles} for whole directories.
   *
   * @throws HttpStatusException 404 if it is not a readable regular file
   */
  void sendFile(java.nio.file.Path file) throws java.io.IOException;

  /** Redirects with the status (301, 302, 303, 307 or 308) to the location. */
  void redirect(int status, String location);

  /**
   * Starts a streamed response: headers go out on the first flush, each flush sends what was
   * written (an HTTP/1.1 chunk, an HTTP/2 DATA frame), and closing the stream ends the response
   * (the server closes it if the handler does not). If the handler set {@code Content-Length}
   * first, exactly that many bytes must follow and HTTP/1.1 does not chunk. Blocks while the
   * client is not reading, so it is only for handlers on virtual threads.
   *
   * @throws IllegalStateException in a {@linkplain HttpHandler#nonBlocking non-blocking} handler
   */
  OutputStream stream(String contentType);

  /**
   * Starts a Server-Sent Events response ({@code text/event-stream}, no caching), written like
   * {@link #stream}: only for handlers on virtual threads.
   */
  EventStream sse();

  /**
   * Accepts a WebSocket handshake: once the handler returns, the server answers {@code 101} (with
   * any headers the handler set, and permessage-deflate if the client offered it and the server
   * allows it) and the connection carries WebSocket messages to {@code listener}. Middleware runs
   * first as for any request, so authentication applies to the handshake.
   *
   * @param subprotocols the subprotocols this endpoint speaks, in order of preference; the first
   *     one the client also offers is chosen ({@link WebSocket#subprotocol()})
   * @throws HttpStatusException 400 if the request is not a WebSocket handshake (or came over
   *     HTTP/2), 426 for a protocol version other than 13
   */
  void webSocket(WebSocketListener listener, String... subprotocols);
}
