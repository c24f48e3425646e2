package dev.tern.http.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * One HTTP request as the client sends it: immutable, so middleware and retries can resend it
 * or derive others with {@link #withHeader}. Build one with {@link HttpClient#get(String)} and
 * friends, which send it too:
 *
 * <pre>{@code
 * ClientResponse r = client.post("/users").json(new NewUser("ada")).header("X-Req", "1").send();
 * }</pre>
 *
 * <p>A body is either bytes (sent with {@code Content-Length}; can be retried) or a stream read
 * once as it is sent (chunked on HTTP/1.1 unless its length is given; never retried).
 */
public final class ClientRequest {

  private final String method;
  private final URI uri;
  private final Map<String, List<String>> headers;
  private final byte[] body;
  private final InputStream bodyStream;
  private final long contentLength;
  private final Duration timeout;

  private ClientRequest(String method, URI uri, Map<String, List<String>> headers, byte[] body,
      InputStream bodyStream, long contentLength, Duration timeout) {
    this.method = method;
    this.uri = uri;
    this.headers = headers;
    this.body = body;
    this.bodyStream = bodyStream;
    this.contentLength = contentLength;
    this.timeout = timeout;
  }

  /** A builder not tied to a client: build the request, then pass it to {@link HttpClient#send}. */
  public static Builder newBuilder(String method, URI uri) {
    return new Builder(null, method, uri);
  }

  public String method() {
    return method;
  }

  /** The target; with discovery, its host is a service name. */
  public URI uri() {
    return uri;
  }

  /** The headers, names case-insensitive; unmodifiable. */
  public Map<String, List<String>> headers() {
    return headers;
  }

  /** The first value of a header, or {@code null}. */
  public String header(String name) {
    List<String> v = headers.get(name);
    return v == null || v.isEmpty() ? null : v.get(0);
  }

  /** The body bytes, or {@code null} when there is no body or it is a stream. */
  public byte[] body() {
    return body;
  }

  /** The streamed body, or {@code null}: it can be read only once. */
  public InputStream bodyStream() {
    return bodyStream;
  }

  /** The body's length, or -1 when it is a stream of unknown length; 0 without a body. */
  public long contentLength() {
    return contentLength;
  }

  /** Whether the request can be sent again (no streamed body): retries need this. */
  public boolean isReplayable() {
    return bodyStream == null;
  }

  /** This request's own timeout, or {@code null} for the client's request timeout. */
  public Duration timeout() {
    return timeout;
  }

  /** Whether the method is idempotent (RFC 9110 9.2.2): safe to retry after a failure mid-way. */
  public boolean isIdempotent() {
    return switch (method) {
      case "GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE" -> true;
      default -> false;
    };
  }

  /** A copy with the header set to this one value. */
  public ClientRequest withHeader(String name, String value) {
    Map<String, List<String>> h = copy(headers);
    h.put(name, List.of(value));
    return new ClientRequest(method, uri, Collections.unmodifiableMap(h), body, bodyStream, contentLength, timeout);
  }

  /** A copy sent to another URI (middleware that rewrites targets). */
  public ClientRequest withUri(URI uri) {
    return new ClientRequest(method, Objects.requireNonNull(uri, "uri"), headers, body, bodyStream, contentLength, timeout);
  }

  private static Map<String, List<String>> copy(Map<String, List<String>> headers) {
    Map<String, List<String>> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.forEach((k, v) -> h.put(k, List.copyOf(v)));
    return h;
  }

  @Override
  public String toString() {
    return method + ' ' + uri;
  }

  /** Builds a request; when it came from a client, sends it too. */
  public static final class Builder {
    private final HttpClient client;
    private final String method;
    private URI uri;
    private final Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private final List<String> query = new ArrayList<>();
    private byte[] body;
    private InputStream bodyStream;
    private long contentLength;
    private Duration timeout;

    Builder(HttpClient client, String method, URI uri) {
      this.client = client;
      this.method = checkMethod(method);
      this.uri = Objects.requireNonNull(uri, "uri");
    }

    private static String checkMethod(String method) {
      if (method.isEmpty() || !method.chars().allMatch(c -> c > 32 && c < 127 && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0)) {
        throw new IllegalArgumentException("not an HTTP method token: " + method);
      }
      return method;
    }

    /** Adds a header value (keeping earlier ones of the same name). */
    public Builder header(String name, String value) {
      headers.computeIfAbsent(name, k -> new ArrayList<>()).add(Objects.requireNonNull(value, "value"));
      return this;
    }

    /** Adds a query parameter, percent-encoded (UTF-8). */
    public Builder query(String name, String value) {
      query.add(URLEncoder.encode(name, StandardCharsets.UTF_8) + '=' + URLEncoder.encode(value, StandardCharsets.UTF_8));
      return this;
    }

    /** The body as bytes of a content type. */
    public Builder body(byte[] body, String contentType) {
      this.body = body.clone();
      this.bodyStream = null;
      this.contentLength = body.length;
      headers.put("Content-Type", List.of(contentType));
      return this;
    }

    /** A text body ({@code text/plain; charset=UTF-8}). */
    public Builder body(String text) {
      return body(text.getBytes(StandardCharsets.UTF_8), "text/plain; charset=UTF-8");
    }

    /**
     * A body streamed as it is sent; {@code length} -1 when unknown (HTTP/1.1 then chunks it).
     * Requests with a streamed body are never retried.
     */
    public Builder body(InputStream stream, long length, String contentType) {
      this.bodyStream = Objects.requireNonNull(stream, "stream");
      this.body = null;
      this.contentLength = length < 0 ? -1 : length;
      headers.put("Content-Type", List.of(contentType));
      return this;
    }

    /** {@code value} as JSON, with the client's Jackson mapper ({@code application/json}). */
    public Builder json(Object value) {
      try {
        return body(mapper().writeValueAsBytes(value), "application/json");
      } catch (JsonProcessingException e) {
        throw new IllegalArgumentException("cannot write JSON: " + e.getOriginalMessage(), e);
      }
    }

    /** An {@code application/x-www-form-urlencoded} body. */
    public Builder form(Map<String, String> fields) {
      StringBuilder sb = new StringBuilder();
      fields.forEach((k, v) -> {
        if (!sb.isEmpty()) sb.append('&');
        sb.append(URLEncoder.encode(k, StandardCharsets.UTF_8)).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8));
      });
      return body(sb.toString().getBytes(StandardCharsets.UTF_8), "application/x-www-form-urlencoded");
    }

    /** This request's timeout, in place of the client's request timeout. */
    public Builder timeout(Duration timeout) {
      this.timeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    public ClientRequest build() {
      URI target = uri;
      if (!query.isEmpty()) {
        String q = String.join("&", query);
        String s = uri.toString();
        int hash = s.indexOf('#');
        if (hash >= 0) s = s.substring(0, hash);
        target = URI.create(s + (uri.getRawQuery() == null ? "?" : "&") + q);
      }
      Map<String, List<String>> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      headers.forEach((k, v) -> h.put(k, List.copyOf(v)));
      return new ClientRequest(method, target, Collections.unmodifiableMap(h), body, bodyStream, contentLength, timeout);
    }

    /**
     * Sends the request and reads the whole response body (up to the client's limit); see
     * {@link HttpClient#send}.
     */
    public ClientResponse send() throws IOException {
      return client().send(build());
    }

    /** {@link #send()} on a virtual thread. */
    public CompletableFuture<ClientResponse> sendAsync() {
      return client().sendAsync(build());
    }

    /**
     * Sends the request and returns once the response head is in; the body is read from
     * {@link ClientResponse#bodyStream()} as it arrives. Close the response when done.
     */
    public ClientResponse stream() throws IOException {
      return client().stream(build());
    }

    private HttpClient client() {
      if (client == null) throw new IllegalStateException("built without a client: pass build() to HttpClient.send");
      return client;
    }

    private com.fasterxml.jackson.databind.ObjectMapper mapper() {
      return client != null ? client.objectMapper() : HttpClient.DEFAULT_MAPPER;
    }
  }
}
