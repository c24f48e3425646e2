package dev.tern.interop;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.function.Function;
import org.apache.thrift.TApplicationException;
import org.apache.thrift.TException;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.protocol.TMessage;
import org.apache.thrift.protocol.TMessageType;
import org.apache.thrift.protocol.TProtocol;
import org.apache.thrift.protocol.TStruct;
import org.apache.thrift.transport.TIOStreamTransport;
import org.apache.thrift.transport.TMemoryBuffer;
import org.apache.thrift.transport.TMemoryInputTransport;
import org.apache.thrift.transport.TTransport;

/**
 * A plain socket that sends exactly the bytes it is given and reads framed replies, decoded with
 * libthrift rather than Tern so that the server's answers are checked by an independent reader.
 */
final class RawSocket implements AutoCloseable {

  /** Writes a message body with libthrift's binary protocol. */
  @FunctionalInterface
  interface Body {
    /** An args struct without fields. */
    Body EMPTY_ARGS = p -> {
      p.writeStructBegin(new TStruct("args"));
      p.writeFieldStop();
      p.writeStructEnd();
    };

    void write(TProtocol out) throws TException;
  }

  /** A decoded reply: the header, and the application exception if it is one. */
  record Reply(TMessage message, TApplicationException error, TProtocol rest) {}

  private final Socket socket;
  private final DataInputStream in;
  private final OutputStream out;

  RawSocket(int port) throws IOException {
    socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(5_000);
    in = new DataInputStream(socket.getInputStream());
    out = socket.getOutputStream();
  }

  /** The local port: how the server's log names this connection. */
  int localPort() {
    return socket.getLocalPort();
  }

  void send(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  /** Ends this side's output: the server reads end of stream. */
  void shutdownOutput() throws IOException {
    socket.shutdownOutput();
  }

  /** A binary-protocol message, unframed. */
  static byte[] message(String name, byte type, int seqId, Body args) throws TException {
    return message(TBinaryProtocol::new, name, type, seqId, args);
  }

  /** A message in the protocol {@code protocol} makes, unframed. */
  static byte[] message(Function<TTransport, TProtocol> protocol, String name, byte type, int seqId, Body args)
      throws TException {
    TMemoryBuffer buffer = new TMemoryBuffer(64);
    TProtocol p = protocol.apply(buffer);
    p.writeMessageBegin(new TMessage(name, type, seqId));
    args.write(p);
    p.writeMessageEnd();
    return Arrays.copyOf(buffer.getArray(), buffer.length());
  }

  /** {@code payload} behind a 4-byte big-endian length, as TFramedTransport sends it. */
  static byte[] framed(byte[] payload) {
    return ByteBuffer.allocate(4 + payload.length).putInt(payload.length).put(payload).array();
  }

  /** Reads one framed reply and decodes its header, and the exception if it is one. */
  Reply readFramedReply(Function<TTransport, TProtocol> protocol) throws IOException, TException {
    int length = in.readInt();
    byte[] frame = new byte[length];
    in.readFully(frame);
    TProtocol p = protocol.apply(new TMemoryInputTransport(frame));
    TMessage m = p.readMessageBegin();
    return new Reply(m, m.type == TMessageType.EXCEPTION ? TApplicationException.readFrom(p) : null, p);
  }

  /** Reads an unframed binary reply and decodes its header, and the exception if it is one. */
  Reply readReply() throws TException {
    TProtocol p = new TBinaryProtocol(new TIOStreamTransport(in));
    TMessage m = p.readMessageBegin();
    return new Reply(m, m.type == TMessageType.EXCEPTION ? TApplicationException.readFrom(p) : null, p);
  }

  /**
   * Whether the server closes the connection within 5 s, without sending anything more.
   * A reset counts as closed.
   */
  boolean closedByServerWithNothingMore() throws IOException {
    try {
      return in.read() < 0;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (SocketException e) {
      return true; // reset
    }
  }

  /** Whether the server closes the connection within 5 s, after whatever it still sends. */
  boolean closedByServer() throws IOException {
    byte[] sink = new byte[8192];
    try {
      while (in.read(sink) >= 0) {
        // discard
      }
      return true;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (SocketException | EOFException e) {
      return true;
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
