package dev.tern.http.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tern.http.EventStream;
import dev.tern.http.FormFile;
import dev.tern.http.HttpContext;
import dev.tern.http.HttpStatusException;
import dev.tern.http.WebSocketListener;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.CookieHeaderNames;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketAddress;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@link HttpContext} of one request, on HTTP/1.x or HTTP/2 alike. An aggregated body is a
 * copy, so no Netty buffer escapes; a streamed one is read through {@link BodyStream}.
 */
public final class RequestContext implements HttpContext {

  private static final byte[] EMPTY = new byte[0];

  private final String method;
  private final String path;
  private final String rawQuery;
  private final HttpHeaders requestHeaders;
  private byte[] body; // null while a streamed body has not been read in full
  final BodyStream requestBody; // null unless the route streams its request body
  private final SocketAddress remote;
  private final ObjectMapper mapper;
  final ServerCore server;
  final Exchange exchange;
  private String route;
  private Map<String, String> params = Map.of();
  private Map<String, List<String>> query;
  private Map<String, List<String>> form;
  private Map<String, String> cookies;
  private Multipart multipart;
  private Map<String, Object> attributes;
  boolean onEventLoop;
  boolean keepAlive = true;
  boolean head;
  boolean aborted;
  String protocol = "HTTP/1.1";

  int status = 200;
  final HttpHeaders responseHeaders = new DefaultHttpHeaders();
  byte[] responseBody = EMPTY;
  ResponseStream stream;
  WebSocketSession.Accept webSocket;

  RequestContext(String method, String uri, HttpHeaders headers, byte[] body, BodyStream requestBody,
      SocketAddress remote, ServerCore server, Exchange exchange) {
    this.method = method;
    int q = uri.indexOf('?');
    this.path = q < 0 ? uri : uri.substring(0, q);
    this.rawQuery = q < 0 ? "" : uri.substring(q + 1);
    this.requestHeaders = headers;
    this.body = body;
    this.requestBody = requestBody;
    this.remote = remote;
    this.server = server;
    this.mapper = server.mapper;
    this.exchange = exchange;
  }

  void matched(String route, Map<String, String> params) {
    this.route = route;
    this.params = params;
  }

  boolean isJson() {
    String ct = requestHeaders.get(HttpHeaderNames.CONTENT_TYPE);
    return ct == null || ct.regionMatches(true, 0, "application/json", 0, 16) || ct.contains("+json");
  }

  @Override public String method() { return method; }
  @Override public String path() { return path; }
  @Override public String rawQuery() { return rawQuery; }
  @Override public String route() { return route; }
  @Override public String pathParam(String name) { return params.get(name); }
  @Override public Map<String, String> pathParams() { return Map.copyOf(params); }

  @Override
  public String query(String name) {
    List<String> v = queryParams().get(name);
    return v == null || v.isEmpty() ? null : v.get(0);
  }

  @Override
  public List<String> queryAll(String name) {
    return queryParams().getOrDefault(name, List.of());
  }

  @Override
  public Map<String, List<String>> queryParams() {
    if (query == null) query = rawQuery.isEmpty() ? Map.of() : new QueryStringDecoder(rawQuery, false).parameters();
    return query;
  }

  @Override public String header(String name) { return requestHeaders.get(name); }
  @Override public List<String> headers(String name) { return requestHeaders.getAll(name); }

  @Override
  public String cookie(String name) {
    return cookies().get(name);
  }

  @Override
  public Map<String, String> cookies() {
    if (cookies == null) {
      Map<String, String> m = new java.util.LinkedHashMap<>();
      for (String h : requestHeaders.getAll(HttpHeaderNames.COOKIE)) {
        for (Cookie c : ServerCookieDecoder.LAX.decode(h)) m.putIfAbsent(c.name(), c.value());
      }
      cookies = java.util.Collections.unmodifiableMap(m);
    }
    return cookies;
  }

  @Override
  public String form(String name) {
    List<String> v = formParams().get(name);
    return v == null || v.isEmpty() ? null : v.get(0);
  }

  @Override
  public Map<String, List<String>> formParams() {
    if (form == null) {
      String ct = requestHeaders.get(HttpHeaderNames.CONTENT_TYPE);
      boolean urlencoded = ct != null && ct.regionMatches(true, 0, "application/x-www-form-urlencoded", 0, 33);
      if (Multipart.isMultipart(requestHeaders)) {
        form = multipart().fields;
      } else {
        form = urlencoded && body().length > 0
            ? new QueryStringDecoder(new String(body(), charset()), charset(), false).parameters()
            : Map.of();
      }
    }
    return form;
  }

  @Override
  public List<FormFile> formFiles() {
    return Multipart.isMultipart(requestHeaders) ? multipart().files : List.of();
  }

  @Override
  public FormFile formFile(String name) {
    for (FormFile f : formFiles()) if (f.name().equals(name)) return f;
    return null;
  }

  private Multipart multipart() {
    if (multipart == null) {
      String uri = rawQuery.isEmpty() ? path : path + '?' + rawQuery;
      multipart = requestBody != null && body == null
          ? Multipart.decode(method, uri, requestHeaders, requestBody, charset())
          : Multipart.decode(method, uri, requestHeaders, body(), charset());
    }
    return multipart;
  }

  /** Releases what the request held: temporary upload files, the rest of a streamed body. */
  void finish() {
    if (multipart != null) multipart.close();
    if (requestBody != null) requestBody.close();
  }

  @Override
  public String accepts(String... mediaTypes) {
    return Negotiation.best(header("Accept"), List.of(mediaTypes));
  }

  @Override
  public byte[] body() {
    if (body == null) body = readStreamedBody();
    return body;
  }

  private byte[] readStreamedBody() {
    int max = server.limits.maxBodySize();
    try (InputStream in = requestBody) {
      byte[] all = in.readNBytes(max + 1);
      if (all.length > max) throw new HttpStatusException(413, "request body is larger than " + max + " bytes");
      return all;
    } catch (java.io.IOException e) {
      throw requestBody.failure() instanceof BodyStream.Failure f ? new HttpStatusException(f.status, f.getMessage(), f)
          : new HttpStatusException(400, "cannot read the request body: " + e.getMessage(), e);
    }
  }

  @Override
  public InputStream bodyStream() {
    if (requestBody != null && body == null) return requestBody;
    return new java.io.ByteArrayInputStream(body());
  }

  @Override public String protocol() { return protocol; }

  @Override
  public String scheme() {
    return exchange.channel().pipeline().get(io.netty.handler.ssl.SslHandler.class) != null
        || (exchange.channel().parent() != null
            && exchange.channel().parent().pipeline().get(io.netty.handler.ssl.SslHandler.class) != null)
        ? "https" : "http";
  }

  @Override
  public String bodyString() {
    return new String(body(), charset());
  }

  private Charset charset() {
    String ct = requestHeaders.get(HttpHeaderNames.CONTENT_TYPE);
    return ct == null ? StandardCharsets.UTF_8 : HttpUtil.getCharset(ct, StandardCharsets.UTF_8);
  }

  @Override
  public <T> T bodyJson(Class<T> type) {
    try {
      return mapper.readValue(body(), type);
    } catch (java.io.IOException e) {
      throw new HttpStatusException(400, "malformed JSON body: " + e.getMessage().lines().findFirst().orElse(""), e);
    }
  }

  @Override
  public <T extends Record> T bind(Class<T> type) {
    return Binder.bind(type, this, mapper);
  }

  @Override public SocketAddress remoteAddress() { return remote; }

  @Override
  @SuppressWarnings("unchecked")
  public <T> Optional<T> attribute(String key) {
    return attributes == null ? Optional.empty() : Optional.ofNullable((T) attributes.get(key));
  }

  @Override
  public HttpContext attribute(String key, Object value) {
    if (attributes == null) attributes = new HashMap<>();
    attributes.put(key, value);
    return this;
  }

  @Override
  public HttpContext status(int status) {
    if (status < 100 || status > 999) throw new IllegalArgumentException("bad status " + status);
    this.status = status;
    return this;
  }

  @Override public int status() { return status; }

  @Override
  public HttpContext header(String name, String value) {
    responseHeaders.set(name, value);
    return this;
  }

  @Override
  public HttpContext addHeader(String name, String value) {
    responseHeaders.add(name, value);
    return this;
  }

  @Override public String responseHeader(String name) { return responseHeaders.get(name); }

  @Override
  public HttpContext setCookie(String name, String value) {
    responseHeaders.add(HttpHeaderNames.SET_COOKIE,
        io.netty.handler.codec.http.cookie.ServerCookieEncoder.STRICT.encode(cookieOf(name, value)));
    return this;
  }

  private static Cookie cookieOf(String name, String value) {
    var c = new io.netty.handler.codec.http.cookie.DefaultCookie(name, value);
    c.setPath("/");
    c.setHttpOnly(true);
    return c;
  }

  @Override
  public HttpContext setCookie(dev.tern.http.Cookie cookie) {
    var c = new io.netty.handler.codec.http.cookie.DefaultCookie(cookie.name(), cookie.value());
    c.setPath(cookie.path());
    c.setDomain(cookie.domain());
    if (cookie.maxAge() != null) c.setMaxAge(cookie.maxAge().toSeconds());
    c.setSecure(cookie.secure());
    c.setHttpOnly(cookie.httpOnly());
    if (cookie.sameSite() != null) {
      c.setSameSite(switch (cookie.sameSite()) {
        case STRICT -> CookieHeaderNames.SameSite.Strict;
        case LAX -> CookieHeaderNames.SameSite.Lax;
        case NONE -> CookieHeaderNames.SameSite.None;
      });
    }
    // STRICT refuses names and values RFC 6265 does not allow, rather than send a broken header
    responseHeaders.add(HttpHeaderNames.SET_COOKIE, io.netty.handler.codec.http.cookie.ServerCookieEncoder.STRICT.encode(c));
    return this;
  }

  @Override
  public void json(Object value) {
    byte[] bytes;
    try {
      bytes = mapper.writeValueAsBytes(value);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException("cannot write JSON: " + e.getOriginalMessage(), e);
    }
    bytes(bytes, "application/json");
  }

  @Override
  public void text(String text) {
    bytes(text.getBytes(StandardCharsets.UTF_8), "text/plain; charset=UTF-8");
  }

  @Override
  public void bytes(byte[] body, String contentType) {
    if (stream != null) throw new IllegalStateException("the response is being streamed");
    responseBody = body;
    responseHeaders.set(HttpHeaderNames.CONTENT_TYPE, contentType);
  }

  @Override
  public void html(String html) {
    bytes(html.getBytes(StandardCharsets.UTF_8), "text/html; charset=UTF-8");
  }

  @Override
  public void render(String template, Object model) {
    if (server.templates == null) throw new IllegalStateException("the server has no templates: set HttpServer.Builder.templates");
    html(server.templates.render(template, model));
  }

  @Override
  public void negotiate(Object value) {
    negotiate(value, null);
  }

  @Override
  public void negotiate(Object value, String htmlTemplate) {
    List<String> offered = new java.util.ArrayList<>(4);
    boolean protobuf = ProtobufSupport.isMessage(value);
    if (protobuf) {
      offered.add("application/x-protobuf");
      offered.add("application/protobuf");
    } else {
      offered.add("application/json");
    }
    if (htmlTemplate != null && server.templates != null) offered.add("text/html");
    if (value instanceof CharSequence) offered.add("text/plain");
    String type = Negotiation.best(header("Accept"), offered);
    if (type == null) throw new HttpStatusException(406, "not acceptable; available: " + String.join(", ", offered));
    addHeader("Vary", "Accept");
    switch (type) {
      case "application/x-protobuf", "application/protobuf" -> bytes(ProtobufSupport.toBytes(value), type);
      case "text/html" -> render(htmlTemplate, value);
      case "text/plain" -> text(value.toString());
      default -> json(value);
    }
  }

  @Override
  public void sendFile(java.nio.file.Path file) throws java.io.IOException {
    if (onEventLoop) throw new IllegalStateException("a non-blocking handler cannot send a file");
    FileSender.send(this, file);
  }

  @Override
  public void redirect(int status, String location) {
    if (status != 301 && status != 302 && status != 303 && status != 307 && status != 308) {
      throw new IllegalArgumentException("not a redirect status: " + status);
    }
    this.status = status;
    responseHeaders.set(HttpHeaderNames.LOCATION, location);
    responseBody = EMPTY;
  }

  @Override
  public OutputStream stream(String contentType) {
    if (onEventLoop) throw new IllegalStateException("a non-blocking handler cannot stream a response");
    if (stream == null) {
      responseHeaders.set(HttpHeaderNames.CONTENT_TYPE, contentType);
      stream = new ResponseStream(this);
    }
    return stream;
  }

  @Override
  public EventStream sse() {
    return new SseStream(this);
  }

  @Override
  public void webSocket(WebSocketListener listener, String... subprotocols) {
    java.util.Objects.requireNonNull(listener, "listener");
    if (onEventLoop) throw new IllegalStateException("a non-blocking handler cannot accept a WebSocket");
    if (!protocol.startsWith("HTTP/1")) {
      throw new HttpStatusException(400, "WebSocket needs HTTP/1.1 (RFC 8441 over HTTP/2 is not supported)");
    }
    if (!method.equals("GET") || !headerHasToken(HttpHeaderNames.UPGRADE, "websocket")
        || !headerHasToken(HttpHeaderNames.CONNECTION, "upgrade") || header("Sec-WebSocket-Key") == null) {
      throw new HttpStatusException(400, "not a WebSocket handshake");
    }
    if (!"13".equals(header("Sec-WebSocket-Version"))) {
      throw new HttpStatusException(426, "unsupported WebSocket version (13 is supported)");
    }
    webSocket = new WebSocketSession.Accept(listener, List.of(subprotocols));
  }

  private boolean headerHasToken(CharSequence name, String token) {
    for (String value : requestHeaders.getAll(name)) {
      for (String t : value.split(",")) if (t.trim().equalsIgnoreCase(token)) return true;
    }
    return false;
  }

  HttpHeaders requestHeaders() {
    return requestHeaders;
  }

  /** Discards what an earlier handler wrote, before an error response replaces it. */
  void resetResponse() {
    status = 200;
    responseHeaders.clear();
    responseBody = EMPTY;
  }
}
