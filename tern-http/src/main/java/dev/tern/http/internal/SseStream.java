package dev.tern.http.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.tern.http.EventStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** {@link EventStream} over a context's streamed response: one flush per event. */
final class SseStream implements EventStream {

  private final RequestContext ctx;
  private final OutputStream out;
  private final StringBuilder buf = new StringBuilder(128);

  SseStream(RequestContext ctx) {
    this.ctx = ctx;
    ctx.header("Cache-Control", "no-cache");
    ctx.header("X-Accel-Buffering", "no"); // nginx would otherwise hold events back
    this.out = ctx.stream("text/event-stream; charset=UTF-8");
  }

  @Override
  public EventStream send(String data) throws IOException {
    return send(null, null, data);
  }

  @Override
  public EventStream send(String event, String data) throws IOException {
    return send(null, event, data);
  }

  @Override
  public EventStream send(String id, String event, String data) throws IOException {
    buf.setLength(0);
    if (id != null) buf.append("id: ").append(singleLine("id", id)).append('\n');
    if (event != null) buf.append("event: ").append(singleLine("event", event)).append('\n');
    // every line of the data becomes a data field; the client joins them with \n again
    for (String line : data.split("\r\n|\r|\n", -1)) buf.append("data: ").append(line).append('\n');
    return write();
  }

  @Override
  public EventStream sendJson(String event, Object value) throws IOException {
    try {
      return send(null, event, ctx.server.mapper.writeValueAsString(value)); // Jackson escapes newlines
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot write JSON: " + e.getOriginalMessage(), e);
    }
  }

  @Override
  public EventStream comment(String text) throws IOException {
    buf.setLength(0);
    for (String line : text.split("\r\n|\r|\n", -1)) buf.append(": ").append(line).append('\n');
    return write();
  }

  @Override
  public EventStream retry(Duration delay) throws IOException {
    buf.setLength(0);
    buf.append("retry: ").append(delay.toMillis()).append('\n');
    return write();
  }

  @Override
  public String lastEventId() {
    return ctx.header("Last-Event-ID");
  }

  @Override
  public void close() throws IOException {
    out.close();
  }

  private EventStream write() throws IOException {
    out.write(buf.append('\n').toString().getBytes(StandardCharsets.UTF_8));
    out.flush();
    return this;
  }

  private static String singleLine(String field, String value) {
    if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
      throw new IllegalArgumentException("an event " + field + " cannot contain a line break");
    }
    return value;
  }
}
