package dev.tern.http.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tern.http.HttpContext;
import dev.tern.http.HttpStatusException;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import java.io.OutputStream;
import java.net.SocketAddress;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The {@link HttpContext} of one request; the body is a copy, so no Netty buffer escapes. */
public final class RequestContext implements HttpContext {

  private static final byte[] EMPTY = new byte[0];

  private final String method;
  private final String path;
  private final String rawQuery;
  private final HttpHeaders requestHeaders;
  private final byte[] body;
  private final SocketAddress remote;
  private final ObjectMapper mapper;
  final Http1Handler connection;
  private String route;
  private Map<String, String> params = Map.of();
  private Map<String, List<String>> query;
  private Map<String, List<String>> form;
  private Map<String, String> cookies;
  private Map<String, Object> attributes;
  boolean onEventLoop;
  boolean keepAlive;
  boolean head;
  boolean aborted;
  io.netty.handler.codec.http.HttpVersion version;

  int status = 200;
  final HttpHeaders responseHeaders = new DefaultHttpHeaders();
  byte[] responseBody = EMPTY;
  ResponseStream stream;

  RequestContext(String method, String uri, HttpHeaders headers, byte[] body, SocketAddress remote,
      ObjectMapper mapper, Http1Handler connection) {
    this.method = method;
    int q = uri.indexOf('?');
    this.path = q < 0 ? uri : uri.substring(0, q);
    this.rawQuery = q < 0 ? "" : uri.substring(q + 1);
    this.requestHeaders = headers;
    this.body = body;
    this.remote = remote;
    this.mapper = mapper;
    this.connection = connection;
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
    if (cookies == null) {
      cookies = new HashMap<>();
      for (String h : requestHeaders.getAll(HttpHeaderNames.COOKIE)) {
        for (Cookie c : ServerCookieDecoder.LAX.decode(h)) cookies.putIfAbsent(c.name(), c.value());
      }
    }
    return cookies.get(name);
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
      form = urlencoded && body.length > 0
          ? new QueryStringDecoder(new String(body, charset()), charset(), false).parameters()
          : Map.of();
    }
    return form;
  }

  @Override public byte[] body() { return body; }

  @Override
  public String bodyString() {
    return new String(body, charset());
  }

  private Charset charset() {
    String ct = requestHeaders.get(HttpHeaderNames.CONTENT_TYPE);
    return ct == null ? StandardCharsets.UTF_8 : HttpUtil.getCharset(ct, StandardCharsets.UTF_8);
  }

  @Override
  public <T> T bodyJson(Class<T> type) {
    try {
      return mapper.readValue(body, type);
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

  /** Discards what an earlier handler wrote, before an error response replaces it. */
  void resetResponse() {
    status = 200;
    responseHeaders.clear();
    responseBody = EMPTY;
  }
}
