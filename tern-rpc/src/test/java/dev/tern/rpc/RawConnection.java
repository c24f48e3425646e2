package dev.tern.rpc;

import dev.tern.core.RemoteException;
import dev.tern.thrift.ApplicationExceptions;
import dev.tern.thrift.TMessageType;
import dev.tern.thrift.ThriftLimits;
import dev.tern.thrift.ThriftMessage;
import dev.tern.thrift.ThriftReader;
import dev.tern.thrift.ThriftProtocol;
import dev.tern.thrift.ThriftProtocols;
import dev.tern.thrift.ThriftWriter;
import dev.tern.thrift.transport.Framing;
import dev.tern.thrift.transport.HeaderInfo;
import dev.tern.thrift.transport.ThriftFrame;
import dev.tern.thrift.transport.ThriftFrameDecoder;
import dev.tern.thrift.transport.ThriftFrames;
import dev.tern.transport.Address;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.function.Consumer;

/**
 * A test client that writes exactly the frames it is told to over a plain socket (pipelined
 * requests, chosen sequence ids, hand-made headers, garbage) and decodes what comes back with
 * Tern's client-side frame decoder.
 */
final class RawConnection implements AutoCloseable {

  private final Socket socket;
  private final InputStream in;
  private final Framing framing;
  private final ThriftProtocol protocol;
  private final EmbeddedChannel decoder;

  RawConnection(Address address, Framing framing, ThriftProtocol protocol) throws IOException {
    Address.Tcp tcp = (Address.Tcp) address;
    this.socket = new Socket(tcp.host(), tcp.port());
    this.socket.setSoTimeout(5_000);
    this.in = socket.getInputStream();
    this.framing = framing;
    this.protocol = protocol;
    this.decoder = new EmbeddedChannel(new ThriftFrameDecoder(ThriftLimits.DEFAULT, framing, protocol));
  }

  /** Sends one request frame. */
  void send(String method, byte type, int seqId, HeaderInfo header, Consumer<ThriftWriter> args) throws IOException {
    ByteBuf out = Unpooled.buffer();
    try {
      int mark = ThriftFrames.beginFrame(out, framing, protocol, header);
      ThriftWriter w = ThriftProtocols.writer(protocol, out);
      w.writeMessageBegin(method, type, seqId);
      args.accept(w);
      w.writeMessageEnd();
      ThriftFrames.endFrame(out, framing, mark);
      byte[] bytes = new byte[out.readableBytes()];
      out.readBytes(bytes);
      sendBytes(bytes);
    } finally {
      out.release();
    }
  }

  void sendBytes(byte[] bytes) throws IOException {
    socket.getOutputStream().write(bytes);
    socket.getOutputStream().flush();
  }

  /** The next frame from the server (the caller releases it), or null once the server closed. */
  ThriftFrame read() throws IOException {
    byte[] buf = new byte[8192];
    while (true) {
      ThriftFrame frame = decoder.readInbound();
      if (frame != null) return frame;
      int n;
      try {
        n = in.read(buf);
      } catch (SocketTimeoutException e) {
        throw new AssertionError("nothing from the server within 5 s", e);
      }
      if (n < 0) return null;
      decoder.writeInbound(Unpooled.copiedBuffer(buf, 0, n));
      decoder.checkException();
    }
  }

  /** A decoded reply: its message header, and the result or the application exception. */
  record Reply(ThriftMessage message, HeaderInfo header, Echo.Result result, RemoteException error) {}

  /** Reads and decodes the next reply; null once the server closed. */
  Reply readReply() throws IOException {
    ThriftFrame frame = read();
    if (frame == null) return null;
    try {
      ThriftReader r = frame.reader(ThriftLimits.DEFAULT);
      ThriftMessage m = r.readMessageBegin();
      if (m.type() == TMessageType.EXCEPTION) return new Reply(m, frame.header(), null, ApplicationExceptions.read(r));
      return new Reply(m, frame.header(), Echo.Result.CODEC.read(r), null);
    } finally {
      frame.release();
    }
  }

  /** Sends a request of {@link Echo}'s shape. */
  void sendEcho(String method, int seqId, HeaderInfo header, String message) throws IOException {
    send(method, TMessageType.CALL, seqId, header, w -> Echo.args(message).write(w));
  }

  /** Whether the server closed the connection (reads end of stream within 5 s). */
  boolean closedByServer() throws IOException {
    try {
      return in.read() < 0;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) { // reset
      return true;
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
    decoder.finishAndReleaseAll();
  }
}
