package dev.tern.grpc.internal;

import dev.tern.grpc.GrpcStatus;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayDeque;
import java.util.function.IntConsumer;

/**
 * Splits the DATA of one stream into gRPC messages, only as fast as they are requested: bytes stay
 * in the received frames until a request pulls them, and only then are they reported consumed
 * (which lets HTTP/2 flow control open the peer's window). A reader that stops requesting thus
 * stops the sender once the stream window is full, and memory held per stream is bounded by it.
 *
 * <p>Event loop only.
 */
final class MessageDeframer {

  /** Receives what the deframer produces, in order; after {@link #failed} or {@link #endOfStream}, nothing more. */
  interface Sink {
    /** One message; the sink owns (must release) {@code payload}. */
    void messageRead(ByteBuf payload, boolean compressed);

    /** The peer ended the stream and every message was delivered. */
    void endOfStream();

    /** The bytes are not valid gRPC framing, or a message is too large. */
    void failed(GrpcStatus status);
  }

  private final ArrayDeque<ByteBuf> frames = new ArrayDeque<>();
  private final ByteBufAllocator alloc;
  private final IntConsumer bytesConsumed;
  private final int maxMessageSize;
  private Sink sink;
  private boolean compressionAllowed;

  private int requested;
  private boolean endOfStream;
  private boolean closed;
  private boolean delivering;
  private int unreported; // consumed bytes not yet reported to flow control

  // the message being assembled
  private int headerRead;
  private boolean compressed;
  private int length;
  private ByteBuf body;
  private int bodyRead;

  MessageDeframer(ByteBufAllocator alloc, int maxMessageSize, IntConsumer bytesConsumed) {
    this.alloc = alloc;
    this.maxMessageSize = maxMessageSize;
    this.bytesConsumed = bytesConsumed;
  }

  void sink(Sink sink) {
    this.sink = sink;
  }

  /** Whether messages may carry the compressed flag (the stream declared a grpc-encoding). */
  void compressionAllowed(boolean allowed) {
    this.compressionAllowed = allowed;
  }

  /** Takes ownership of {@code data}. */
  void addData(ByteBuf data, boolean last) {
    if (closed) {
      int n = data.readableBytes();
      data.release();
      bytesConsumed.accept(n);
      return;
    }
    if (data.isReadable()) frames.add(data); else data.release();
    if (last) endOfStream = true;
    deliver();
  }

  void endOfStream() {
    endOfStream = true;
    deliver();
  }

  void request(int count) {
    if (closed || count <= 0) return;
    requested = (int) Math.min(Integer.MAX_VALUE, (long) requested + count);
    deliver();
  }

  boolean isClosed() {
    return closed;
  }

  /** Whether every byte received so far was delivered (nothing buffered). */
  boolean isDrained() {
    return frames.isEmpty() && headerRead == 0;
  }

  /** Drops everything buffered; nothing more is delivered. */
  void close() {
    if (closed) return;
    closed = true;
    int left = 0;
    for (ByteBuf f; (f = frames.poll()) != null; ) {
      left += f.readableBytes();
      f.release();
    }
    if (body != null) {
      body.release();
      body = null;
    }
    unreported += left;
    report();
  }

  private void deliver() {
    if (delivering) return; // a sink callback requested more: the loop below picks it up
    delivering = true;
    try {
      while (!closed) {
        if (requested > 0) {
          ByteBuf message = readMessage();
          if (message != null) {
            requested--;
            sink.messageRead(message, compressed);
            continue;
          }
          if (closed) break;
        }
        if (endOfStream && frames.isEmpty()) {
          if (headerRead > 0) {
            fail(GrpcStatus.of(GrpcStatus.Code.INTERNAL).withDescription("the stream ended inside a message"));
          } else {
            closed = true;
            sink.endOfStream();
          }
        }
        break;
      }
    } finally {
      delivering = false;
      report();
    }
  }

  private void fail(GrpcStatus status) {
    close();
    sink.failed(status);
  }

  private void report() {
    if (unreported > 0) {
      int n = unreported;
      unreported = 0;
      bytesConsumed.accept(n);
    }
  }

  /** The next complete message, or null when more bytes are needed (or the framing is bad). */
  private ByteBuf readMessage() {
    while (headerRead < MessageCodec.HEADER_SIZE) {
      ByteBuf f = frames.peek();
      if (f == null) return null;
      int b = f.readUnsignedByte();
      unreported++;
      if (!f.isReadable()) frames.poll().release();
      if (headerRead == 0) {
        if (b > 1) {
          fail(GrpcStatus.of(GrpcStatus.Code.INTERNAL).withDescription("invalid gRPC message flags " + b));
          return null;
        }
        compressed = b == 1;
        length = 0;
      } else {
        length = length << 8 | b;
      }
      if (++headerRead == MessageCodec.HEADER_SIZE) {
        if (compressed && !compressionAllowed) {
          fail(GrpcStatus.of(GrpcStatus.Code.INTERNAL)
              .withDescription("a compressed message arrived on a stream without grpc-encoding"));
          return null;
        }
        if (length < 0 || length > maxMessageSize) {
          fail(GrpcStatus.of(GrpcStatus.Code.RESOURCE_EXHAUSTED).withDescription("gRPC message larger than max ("
              + Integer.toUnsignedString(length) + " vs. " + maxMessageSize + ")"));
          return null;
        }
        bodyRead = 0;
      }
    }
    while (bodyRead < length) {
      ByteBuf f = frames.peek();
      if (f == null) return null;
      int n = Math.min(f.readableBytes(), length - bodyRead);
      ByteBuf part = f.readRetainedSlice(n);
      unreported += n;
      if (!f.isReadable()) frames.poll().release();
      if (body == null) {
        body = part;
      } else {
        CompositeByteBuf c;
        if (body instanceof CompositeByteBuf existing) {
          c = existing;
        } else {
          c = alloc.compositeBuffer(Integer.MAX_VALUE);
          c.addComponent(true, body);
        }
        c.addComponent(true, part);
        body = c;
      }
      bodyRead += n;
    }
    ByteBuf message = body != null ? body : Unpooled.EMPTY_BUFFER;
    body = null;
    headerRead = 0;
    return message;
  }
}
