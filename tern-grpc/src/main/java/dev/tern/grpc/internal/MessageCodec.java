package dev.tern.grpc.internal;

import dev.tern.grpc.GrpcStatus;
import dev.tern.grpc.GrpcStatusException;
import dev.tern.grpc.Marshaller;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.ByteBufOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * gRPC messages to and from their length-prefixed form: a compressed flag byte, a 4-byte
 * big-endian length, then the (optionally gzip-compressed) marshalled message.
 */
public final class MessageCodec {

  /** The length prefix: compressed flag and message length. */
  public static final int HEADER_SIZE = 5;

  private MessageCodec() {}

  /**
   * Marshals {@code value} into a new buffer with its length prefix, compressed when {@code gzip}.
   * The caller owns the result.
   *
   * @throws GrpcStatusException INTERNAL when the marshaller fails
   */
  public static <T> ByteBuf frame(ByteBufAllocator alloc, Marshaller<T> marshaller, T value, boolean gzip) {
    ByteBuf out = alloc.buffer(256);
    try {
      out.writeZero(HEADER_SIZE);
      if (gzip) {
        ByteBuf raw = alloc.buffer(256);
        try {
          marshaller.encode(value, raw);
          try (GZIPOutputStream z = new GZIPOutputStream(new ByteBufOutputStream(out), 8192)) {
            raw.readBytes(z, raw.readableBytes());
          }
        } finally {
          raw.release();
        }
      } else {
        marshaller.encode(value, out);
      }
      out.setByte(0, gzip ? 1 : 0);
      out.setInt(1, out.readableBytes() - HEADER_SIZE);
      return out;
    } catch (IOException | RuntimeException e) {
      out.release();
      throw GrpcStatus.of(GrpcStatus.Code.INTERNAL).withDescription("cannot marshal the message: " + e)
          .withCause(e).asException();
    }
  }

  /**
   * Unmarshals one message payload, decompressing it first when {@code compressed}. Does not release
   * {@code payload}.
   *
   * @throws GrpcStatusException RESOURCE_EXHAUSTED when the decompressed message exceeds
   *     {@code maxSize}; INTERNAL when it cannot be decompressed or unmarshalled
   */
  public static <T> T decode(Marshaller<T> marshaller, ByteBuf payload, boolean compressed, int maxSize) {
    if (!compressed) return unmarshal(marshaller, payload);
    ByteBuf plain = gunzip(payload, maxSize);
    try {
      return unmarshal(marshaller, plain);
    } finally {
      plain.release();
    }
  }

  private static <T> T unmarshal(Marshaller<T> marshaller, ByteBuf payload) {
    try {
      return marshaller.decode(payload);
    } catch (IOException | RuntimeException e) {
      throw GrpcStatus.of(GrpcStatus.Code.INTERNAL).withDescription("cannot unmarshal the message: " + e)
          .withCause(e).asException();
    }
  }

  private static ByteBuf gunzip(ByteBuf in, int maxSize) {
    ByteBuf out = in.alloc().buffer(Math.min(maxSize, Math.max(256, in.readableBytes() * 2)));
    try (InputStream z = new GZIPInputStream(new ByteBufInputStream(in.duplicate()), 8192)) {
      while (true) {
        // read at most one byte past the limit, to tell "exactly max" from "too big"
        int room = maxSize + 1 - out.readableBytes();
        out.ensureWritable(Math.min(room, 8192));
        int n = out.writeBytes(z, Math.min(room, out.writableBytes()));
        if (n < 0) break;
        if (out.readableBytes() > maxSize) {
          throw GrpcStatus.of(GrpcStatus.Code.RESOURCE_EXHAUSTED)
              .withDescription("decompressed gRPC message exceeds maximum size " + maxSize).asException();
        }
      }
      return out;
    } catch (IOException e) {
      out.release();
      throw GrpcStatus.of(GrpcStatus.Code.INTERNAL).withDescription("cannot decompress the message: " + e)
          .withCause(e).asException();
    } catch (RuntimeException e) {
      out.release();
      throw e;
    }
  }
}
