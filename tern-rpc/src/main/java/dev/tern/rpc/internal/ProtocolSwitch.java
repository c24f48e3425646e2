package dev.tern.rpc.internal;

import dev.tern.grpc.internal.GrpcServerCore;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * The first handler of a server connection when the server speaks both Thrift and gRPC: looks at
 * the first bytes and hands the connection to one of them, then leaves the pipeline (bytes already
 * read go on to the protocol chosen).
 *
 * <p>gRPC connections open with the HTTP/2 client preface, {@code "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"}.
 * No Thrift connection starts with {@code "PRI "}: as a buffered message it is no protocol's
 * version, as a frame length it is 1.3 GB. Anything else goes to Thrift, whose decoder tells its
 * framings apart and rejects what is not Thrift.
 */
final class ProtocolSwitch extends ByteToMessageDecoder {

  private static final byte[] PREFACE_START = {'P', 'R', 'I', ' '};

  private final ServerRuntime thrift;
  private final GrpcServerCore grpc;

  ProtocolSwitch(ServerRuntime thrift, GrpcServerCore grpc) {
    this.thrift = thrift;
    this.grpc = grpc;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    int r = in.readerIndex();
    int n = Math.min(in.readableBytes(), PREFACE_START.length);
    for (int i = 0; i < n; i++) {
      if (in.getByte(r + i) != PREFACE_START[i]) {
        thrift.configure(ctx.pipeline());
        ctx.pipeline().remove(this);
        return;
      }
    }
    if (n == PREFACE_START.length) {
      grpc.configure(ctx.pipeline());
      ctx.pipeline().remove(this);
    }
    // else: a prefix of the preface so far; wait for more bytes
  }
}
