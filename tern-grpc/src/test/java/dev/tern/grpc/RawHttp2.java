package dev.tern.grpc;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersDecoder;
import io.netty.handler.codec.http2.DefaultHttp2HeadersEncoder;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2Headers;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.function.Predicate;

/**
 * A bare HTTP/2 client over a socket, for sending what a well-behaved client never would: each
 * frame is written as asked, nothing is acknowledged unless asked (SETTINGS excepted), nothing is
 * read unless asked.
 */
final class RawHttp2 implements AutoCloseable {

  static final int DATA = 0, HEADERS = 1, RST_STREAM = 3, SETTINGS = 4, PING = 6, GOAWAY = 7, WINDOW_UPDATE = 8,
      CONTINUATION = 9;
  static final int END_STREAM = 0x1, ACK = 0x1, END_HEADERS = 0x4;

  /** A frame read from the server; headers decoded for HEADERS frames. */
  record Frame(int type, int flags, int streamId, byte[] payload, Http2Headers headers) {
    boolean endStream() {
      return (flags & END_STREAM) != 0;
    }

    long errorCode() { // RST_STREAM and GOAWAY
      ByteBuffer b = ByteBuffer.wrap(payload);
      return Integer.toUnsignedLong(type == GOAWAY ? b.getInt(4) : b.getInt(0));
    }

    String grpcStatus() {
      CharSequence s = headers == null ? null : headers.get("grpc-status");
      return s == null ? null : s.toString();
    }

    @Override
    public String toString() {
      return "Frame{type=" + type + ", flags=" + flags + ", stream=" + streamId + (headers != null ? ", " + headers : "") + '}';
    }
  }

  private final Socket socket;
  private final OutputStream out;
  private final DataInputStream in;
  private final DefaultHttp2HeadersEncoder encoder = new DefaultHttp2HeadersEncoder();
  private final DefaultHttp2HeadersDecoder decoder = new DefaultHttp2HeadersDecoder(false);

  private RawHttp2(Socket socket) throws IOException {
    this.socket = socket;
    this.out = socket.getOutputStream();
    this.in = new DataInputStream(socket.getInputStream());
    socket.setSoTimeout(10_000);
  }

  /** Connects and sends the client preface and an empty SETTINGS frame. */
  static RawHttp2 connect(int port) throws IOException {
    RawHttp2 c = new RawHttp2(new Socket("127.0.0.1", port));
    c.out.write("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    c.frame(SETTINGS, 0, 0, new byte[0]);
    return c;
  }

  static Http2Headers request(String path) {
    return new DefaultHttp2Headers().method("POST").scheme("http").path(path).authority("localhost")
        .set("content-type", "application/grpc").set("te", "trailers");
  }

  /** A gRPC message: flag 0, length, body. */
  static byte[] message(byte[] body) {
    return ByteBuffer.allocate(5 + body.length).put((byte) 0).putInt(body.length).put(body).array();
  }

  synchronized void frame(int type, int flags, int streamId, byte[] payload) throws IOException {
    ByteBuffer h = ByteBuffer.allocate(9);
    h.put((byte) (payload.length >>> 16)).put((byte) (payload.length >>> 8)).put((byte) payload.length);
    h.put((byte) type).put((byte) flags).putInt(streamId);
    out.write(h.array());
    out.write(payload);
    out.flush();
  }

  void headers(int streamId, Http2Headers headers, boolean endStream) throws IOException {
    ByteBuf b = Unpooled.buffer();
    try {
      encoder.encodeHeaders(streamId, headers, b);
    } catch (Http2Exception e) {
      throw new IOException(e);
    }
    byte[] block = new byte[b.readableBytes()];
    b.readBytes(block);
    frame(HEADERS, END_HEADERS | (endStream ? END_STREAM : 0), streamId, block);
  }

  void data(int streamId, byte[] payload, boolean endStream) throws IOException {
    frame(DATA, endStream ? END_STREAM : 0, streamId, payload);
  }

  void rst(int streamId, long code) throws IOException {
    frame(RST_STREAM, 0, streamId, ByteBuffer.allocate(4).putInt((int) code).array());
  }

  /** The next frame; SETTINGS from the server are acknowledged on the way. Null at end of stream. */
  Frame read() throws IOException {
    while (true) {
      byte[] header = new byte[9];
      try {
        in.readFully(header);
      } catch (EOFException e) {
        return null;
      }
      ByteBuffer h = ByteBuffer.wrap(header);
      int length = (h.get() & 0xff) << 16 | (h.get() & 0xff) << 8 | (h.get() & 0xff);
      int type = h.get() & 0xff;
      int flags = h.get() & 0xff;
      int streamId = h.getInt() & 0x7fffffff;
      byte[] payload = new byte[length];
      in.readFully(payload);
      if (type == SETTINGS && (flags & ACK) == 0) {
        frame(SETTINGS, ACK, 0, new byte[0]);
        continue;
      }
      if (type == SETTINGS || type == WINDOW_UPDATE) continue;
      Http2Headers headers = null;
      if (type == HEADERS) {
        ByteArrayOutputStream block = new ByteArrayOutputStream();
        block.write(payload);
        int f = flags;
        while ((f & END_HEADERS) == 0) { // CONTINUATION frames follow
          in.readFully(header);
          ByteBuffer c = ByteBuffer.wrap(header);
          int len = (c.get() & 0xff) << 16 | (c.get() & 0xff) << 8 | (c.get() & 0xff);
          c.get();
          f = c.get() & 0xff;
          byte[] more = new byte[len];
          in.readFully(more);
          block.write(more);
        }
        try {
          headers = decoder.decodeHeaders(streamId, Unpooled.wrappedBuffer(block.toByteArray()));
        } catch (Http2Exception e) {
          throw new IOException(e);
        }
      }
      return new Frame(type, flags, streamId, payload, headers);
    }
  }

  /** Reads until a frame matches; fails at end of stream or after the socket timeout. */
  Frame await(Predicate<Frame> match) throws IOException {
    while (true) {
      Frame f = read();
      if (f == null) throw new EOFException("connection closed before the expected frame");
      if (match.test(f)) return f;
    }
  }

  /** Reads the trailers (HEADERS with END_STREAM) of a stream. */
  Frame trailers(int streamId) throws IOException {
    return await(f -> f.type() == HEADERS && f.streamId() == streamId && f.endStream());
  }

  /** Whether the server closed the connection (reading until EOF; other frames are skipped). */
  boolean closedByServer() throws IOException {
    try {
      while (read() != null) { /* skip */ }
      return true;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) { // reset
      return true;
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
