package dev.tern.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http2.DefaultHttp2HeadersDecoder;
import io.netty.handler.codec.http2.Http2Headers;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * HTTP/2 frames over a plain socket, written by hand (requests use HPACK literals only), for
 * what well-behaved clients never send: oversized frames, requests after GOAWAY. Response
 * headers are decoded with Netty's HPACK decoder.
 */
final class RawHttp2 implements AutoCloseable {

  static final int DATA = 0, HEADERS = 1, RST_STREAM = 3, SETTINGS = 4, GOAWAY = 7;
  static final int END_STREAM = 1, END_HEADERS = 4;

  record Frame(int type, int flags, int stream, byte[] payload) {
    int goAwayLastStream() {
      return ((payload[0] & 0x7f) << 24) | ((payload[1] & 0xff) << 16) | ((payload[2] & 0xff) << 8) | (payload[3] & 0xff);
    }

    int goAwayError() {
      return ((payload[4] & 0xff) << 24) | ((payload[5] & 0xff) << 16) | ((payload[6] & 0xff) << 8) | (payload[7] & 0xff);
    }
  }

  private final Socket socket;
  private final DataInputStream in;
  private final DefaultHttp2HeadersDecoder hpack = new DefaultHttp2HeadersDecoder(false);

  RawHttp2(int port) throws IOException {
    socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(5000);
    in = new DataInputStream(socket.getInputStream());
    socket.getOutputStream().write("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    frame(SETTINGS, 0, 0, new byte[0]);
  }

  /** Sends a request's HEADERS; {@code extra} are name/value pairs. */
  RawHttp2 headers(int stream, String method, String path, boolean endStream, String... extra) throws IOException {
    return send(encodeHeaders(stream, method, path, endStream, extra));
  }

  /** A request's HEADERS frame, as bytes. */
  static byte[] encodeHeaders(int stream, String method, String path, boolean endStream, String... extra) {
    ByteArrayOutputStream block = new ByteArrayOutputStream();
    literal(block, ":method", method);
    literal(block, ":scheme", "http");
    literal(block, ":path", path);
    literal(block, ":authority", "localhost");
    for (int i = 0; i < extra.length; i += 2) literal(block, extra[i], extra[i + 1]);
    return encodeFrame(HEADERS, END_HEADERS | (endStream ? END_STREAM : 0), stream, block.toByteArray());
  }

  /** A whole frame, as bytes. */
  static byte[] encodeFrame(int type, int flags, int stream, byte[] payload) {
    ByteArrayOutputStream f = new ByteArrayOutputStream(9 + payload.length);
    f.writeBytes(header(payload.length, type, flags, stream));
    f.writeBytes(payload);
    return f.toByteArray();
  }

  private static byte[] header(int length, int type, int flags, int stream) {
    return new byte[] {(byte) (length >>> 16), (byte) (length >>> 8), (byte) length, (byte) type, (byte) flags,
        (byte) (stream >>> 24), (byte) (stream >>> 16), (byte) (stream >>> 8), (byte) stream};
  }

  RawHttp2 data(int stream, byte[] data, boolean endStream) throws IOException {
    return frame(DATA, endStream ? END_STREAM : 0, stream, data);
  }

  RawHttp2 frame(int type, int flags, int stream, byte[] payload) throws IOException {
    return send(encodeFrame(type, flags, stream, payload));
  }

  /** Writes a frame header claiming {@code length} payload bytes (the payload may follow or not). */
  RawHttp2 frameHeader(int length, int type, int flags, int stream) throws IOException {
    return send(header(length, type, flags, stream));
  }

  RawHttp2 send(byte[] bytes) throws IOException {
    socket.getOutputStream().write(bytes);
    socket.getOutputStream().flush();
    return this;
  }

  /** The next frame, or null at the end of the stream. */
  Frame read() throws IOException {
    int b0;
    try {
      b0 = in.readUnsignedByte();
    } catch (EOFException e) {
      return null;
    } catch (java.net.SocketException reset) {
      return null;
    }
    int length = (b0 << 16) | (in.readUnsignedByte() << 8) | in.readUnsignedByte();
    int type = in.readUnsignedByte();
    int flags = in.readUnsignedByte();
    int stream = in.readInt() & 0x7fffffff;
    byte[] payload = new byte[length];
    in.readFully(payload);
    return new Frame(type, flags, stream, payload);
  }

  /** Reads frames until one of this type (on this stream, unless -1) arrives; null at the end of the stream. */
  Frame await(int type, int stream) throws IOException {
    for (Frame f = read(); f != null; f = read()) {
      if (f.type == type && (stream < 0 || f.stream == stream)) return f;
    }
    return null;
  }

  /** Decodes a HEADERS frame's block (one frame, no padding or priority, as Netty writes them). */
  Http2Headers decode(Frame headers) throws Exception {
    ByteBuf buf = Unpooled.wrappedBuffer(headers.payload);
    try {
      return hpack.decodeHeaders(headers.stream, buf);
    } finally {
      buf.release();
    }
  }

  /** Reads the response on a stream: its status, and the DATA until END_STREAM. */
  String[] response(int stream) throws Exception {
    Frame h = await(HEADERS, stream);
    if (h == null) throw new EOFException("connection closed before the response on stream " + stream);
    String status = decode(h).status().toString();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    boolean ended = (h.flags & END_STREAM) != 0;
    while (!ended) {
      Frame f = read();
      if (f == null) throw new EOFException("connection closed inside the response on stream " + stream);
      if (f.type == DATA && f.stream == stream) {
        body.writeBytes(f.payload);
        ended = (f.flags & END_STREAM) != 0;
      } else if (f.type == HEADERS && f.stream == stream) {
        decode(f);
        ended = (f.flags & END_STREAM) != 0;
      } else if (f.type == RST_STREAM && f.stream == stream) {
        ended = true;
      }
    }
    return new String[] {status, body.toString(StandardCharsets.UTF_8)};
  }

  private static void literal(ByteArrayOutputStream out, String name, String value) {
    out.write(0x00); // literal header field without indexing, new name
    length(out, name.length());
    out.writeBytes(name.getBytes(StandardCharsets.US_ASCII));
    byte[] v = value.getBytes(StandardCharsets.UTF_8);
    length(out, v.length);
    out.writeBytes(v);
  }

  /** An HPACK integer with a 7-bit prefix and the Huffman bit clear. */
  private static void length(ByteArrayOutputStream out, int n) {
    if (n < 127) {
      out.write(n);
      return;
    }
    out.write(127);
    n -= 127;
    while (n >= 128) {
      out.write((n & 0x7f) | 0x80);
      n >>>= 7;
    }
    out.write(n);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
