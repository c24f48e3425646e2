package dev.tern.thrift.transport.internal;

import dev.tern.thrift.internal.WireErrors;
import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * THeader's zlib transform (id 1): the payload after the header is a zlib stream (RFC 1950), as
 * written by Apache Thrift's C++ and Go THeader transports.
 */
public final class Zlib {
  private Zlib() {}

  /**
   * Inflates {@code [start, start + length)} of {@code in} into a new buffer of at most
   * {@code maxSize} bytes (a small input must not inflate into a huge one).
   */
  public static ByteBuf inflate(ByteBuf in, int start, int length, int maxSize) {
    Inflater inflater = new Inflater();
    ByteBuf out = in.alloc().buffer(Math.min(maxSize, Math.max(256, length * 4)));
    boolean ok = false;
    try {
      inflater.setInput(in.nioBuffer(start, length));
      while (!inflater.finished()) {
        int room = maxSize - out.writerIndex();
        if (room <= 0) {
          throw WireErrors.sizeLimit("inflated THeader payload", (long) maxSize + 1, maxSize);
        }
        if (!out.isWritable()) {
          out.ensureWritable(Math.min(out.capacity(), room));
        }
        ByteBuffer dst = out.nioBuffer(out.writerIndex(), Math.min(out.writableBytes(), room));
        int n = inflater.inflate(dst);
        out.writerIndex(out.writerIndex() + n);
        if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
          throw WireErrors.invalid("truncated zlib data in THeader payload");
        }
      }
      ok = true;
      return out;
    } catch (DataFormatException e) {
      throw WireErrors.invalid("bad zlib data in THeader payload: " + e.getMessage());
    } finally {
      inflater.end();
      if (!ok) {
        out.release();
      }
    }
  }

  /** Replaces {@code [start, writerIndex)} of {@code buf} with its zlib-compressed form. */
  public static void deflateInPlace(ByteBuf buf, int start) {
    int length = buf.writerIndex() - start;
    Deflater deflater = new Deflater();
    ByteBuf compressed = buf.alloc().buffer(Math.max(64, length / 2));
    try {
      deflater.setInput(buf.nioBuffer(start, length));
      deflater.finish();
      while (!deflater.finished()) {
        compressed.ensureWritable(Math.max(64, length / 4));
        ByteBuffer dst = compressed.nioBuffer(compressed.writerIndex(), compressed.writableBytes());
        compressed.writerIndex(compressed.writerIndex() + deflater.deflate(dst));
      }
      buf.writerIndex(start);
      buf.writeBytes(compressed);
    } finally {
      deflater.end();
      compressed.release();
    }
  }
}
