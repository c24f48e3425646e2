package dev.tern.http;

import java.io.IOException;
import java.time.Duration;

/**
 * A Server-Sent Events response ({@code text/event-stream}, the WHATWG HTML "server-sent events"
 * format) from {@link HttpContext#sse()}. Each event is written and flushed at once; a send
 * blocks while the client is not reading and fails with an {@link IOException} once it has gone,
 * which is how a handler learns to stop. Closing ends the response (the server closes it when
 * the handler returns).
 *
 * <pre>{@code
 * server.get("/ticks", ctx -> {
 *   try (EventStream events = ctx.sse()) {
 *     for (int i = 0; i < 10; i++) {
 *       events.sendJson("tick", Map.of("n", i));
 *       Thread.sleep(1000);
 *     }
 *   }
 * });
 * }</pre>
 */
public interface EventStream extends AutoCloseable {

  /** Sends an unnamed event ({@code message} to the browser); multi-line data is kept. */
  EventStream send(String data) throws IOException;

  /** Sends a named event. */
  EventStream send(String event, String data) throws IOException;

  /** Sends a named event with an id, which a reconnecting browser sends back as {@code Last-Event-ID}. */
  EventStream send(String id, String event, String data) throws IOException;

  /** Sends a named event whose data is {@code value} as JSON (the server's Jackson mapper). */
  EventStream sendJson(String event, Object value) throws IOException;

  /** Sends a comment line: ignored by clients, keeps idle proxies from closing the stream. */
  EventStream comment(String text) throws IOException;

  /** Tells the client how long to wait before reconnecting after the stream ends. */
  EventStream retry(Duration delay) throws IOException;

  /** The {@code Last-Event-ID} request header of a reconnecting client, or {@code null}. */
  String lastEventId();

  /** Ends the response. */
  @Override
  void close() throws IOException;
}
