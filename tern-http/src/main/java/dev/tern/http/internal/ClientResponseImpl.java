package dev.tern.http.internal;

import dev.tern.http.client.ClientRequest;
import dev.tern.http.client.ClientResponse;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A client response: its head, and its body streamed from the channel until read in full. */
final class ClientResponseImpl implements ClientResponse {

  private final ClientExchange.Attempt attempt;
  private final int status;
  private final Map<String, List<String>> headers;
  private final Channel channel;
  private byte[] body; // once read in full

  ClientResponseImpl(ClientExchange.Attempt attempt, HttpResponse head, Channel channel) {
    this.attempt = attempt;
    this.status = head.status().code();
    Map<String, List<String>> h = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : head.headers()) {
      String name = e.getKey().toLowerCase(Locale.ROOT);
      if (name.startsWith("x-http2-")) continue; // the HTTP/2 codec's bookkeeping
      h.computeIfAbsent(name, k -> new ArrayList<>(1)).add(e.getValue());
    }
    h.replaceAll((k, v) -> List.copyOf(v));
    this.headers = Collections.unmodifiableMap(h);
    this.channel = channel;
  }

  @Override public int status() { return status; }
  @Override public String protocol() { return attempt.protocol; }
  @Override public ClientRequest request() { return attempt.request; }
  @Override public Map<String, List<String>> headers() { return headers; }

  @Override
  public String header(String name) {
    List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
    return v == null ? null : v.get(0);
  }

  @Override
  public List<String> headers(String name) {
    return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
  }

  @Override
  public synchronized byte[] body() throws IOException {
    if (body == null) {
      try (InputStream in = attempt.body) {
        byte[] all = in.readNBytes(attempt.maxBody + 1);
        if (all.length > attempt.maxBody) {
          throw new IOException("response body is larger than " + attempt.maxBody + " bytes; read it with HttpClient.stream");
        }
        body = all;
      } catch (IOException e) {
        close();
        throw e;
      }
    }
    return body;
  }

  @Override
  public String bodyString() throws IOException {
    String ct = header("content-type");
    Charset cs = ct == null ? StandardCharsets.UTF_8 : HttpUtil.getCharset(ct, StandardCharsets.UTF_8);
    return new String(body(), cs);
  }

  @Override
  public <T> T json(Class<T> type) throws IOException {
    return attempt.mapper.readValue(body(), type);
  }

  @Override
  public synchronized InputStream bodyStream() {
    return body != null ? new ByteArrayInputStream(body) : attempt.body;
  }

  @Override
  public void close() {
    if (!attempt.body.fullyReceived()) channel.close(); // the rest would be read as the next response
    attempt.body.close();
  }

  @Override
  public String toString() {
    return attempt.protocol + ' ' + status + " (" + attempt.request + ")"
        + (headers.containsKey(HttpHeaderNames.CONTENT_TYPE.toString()) ? " " + header("content-type") : "");
  }
}
