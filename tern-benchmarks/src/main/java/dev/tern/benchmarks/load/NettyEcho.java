package dev.tern.benchmarks.load;

import dev.tern.transport.Address;
import dev.tern.transport.TransportFactory;
import dev.tern.transport.internal.Engines;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The practical ceiling for the echo benchmark: bare Netty on the same engine, event loops and
 * allocator as Tern, with no RPC at all. A frame is a 4-byte length and the payload; the server
 * writes each frame back as it is (the inbound buffer itself, no copy) and the client, one
 * connection per caller, sends the next frame when the last one is back. Whatever Tern adds on
 * top of this (Thrift encoding, headers, dispatch, a handler thread) is the cost of the RPC layer.
 */
final class NettyEcho {
  private NettyEcho() {}

  private static final int MAX_FRAME = 16 * 1024 * 1024;

  static EchoServer.Running startServer(int port) {
    TransportFactory transport = TransportFactory.shared();
    Address address = Address.parse("127.0.0.1:" + port);
    Channel server = new ServerBootstrap()
        .group(transport.group())
        .channel(Engines.serverChannel(transport.kind(), address))
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childOption(ChannelOption.ALLOCATOR, transport.allocator())
        .childHandler(new ChannelInitializer<>() {
          @Override
          protected void initChannel(Channel ch) {
            ch.pipeline().addLast(new LengthFieldBasedFrameDecoder(MAX_FRAME, 0, 4, 0, 0));
            ch.pipeline().addLast(new SimpleChannelInboundHandler<ByteBuf>(false) {
              @Override
              protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
                ctx.writeAndFlush(frame); // the whole frame, length included, released by the write
              }
            });
          }
        })
        .bind(Engines.bindAddress(transport.kind(), address))
        .syncUninterruptibly()
        .channel();
    return new EchoServer.Running() {
      @Override
      public int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
      }

      @Override
      public void close() {
        server.close().syncUninterruptibly();
      }
    };
  }

  /** One connection per caller; each writes a frame whenever its previous one came back. */
  static final class Load extends ClosedLoop {
    private final Address address;
    private final int concurrency;
    private final byte[] payload;
    private final List<Channel> channels = new ArrayList<>();
    private final CountDownLatch stopped;

    Load(int port, int concurrency, byte[] payload) {
      this.address = Address.parse("127.0.0.1:" + port);
      this.concurrency = concurrency;
      this.payload = payload;
      this.stopped = new CountDownLatch(concurrency);
    }

    @Override
    void start() {
      TransportFactory transport = TransportFactory.shared();
      Bootstrap bootstrap = new Bootstrap()
          .group(transport.group())
          .channel(Engines.clientChannel(transport.kind(), address))
          .option(ChannelOption.TCP_NODELAY, true)
          .option(ChannelOption.ALLOCATOR, transport.allocator())
          .handler(new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
              ch.pipeline().addLast(new LengthFieldBasedFrameDecoder(MAX_FRAME, 0, 4, 0, 4));
              ch.pipeline().addLast(new Caller());
            }
          });
      for (int i = 0; i < concurrency; i++) {
        channels.add(bootstrap.connect(Engines.socketAddress(transport.kind(), address)).syncUninterruptibly().channel());
      }
    }

    /** One caller: the time its frame left, and what to do with the echo. */
    private final class Caller extends SimpleChannelInboundHandler<ByteBuf> {
      private long sentAt;

      @Override
      public void channelActive(ChannelHandlerContext ctx) {
        send(ctx);
        ctx.fireChannelActive();
      }

      @Override
      protected void channelRead0(ChannelHandlerContext ctx, ByteBuf echo) {
        if (echo.readableBytes() == payload.length) {
          recordSuccess(System.nanoTime() - sentAt);
        } else {
          recordError(new IllegalStateException("echo of " + echo.readableBytes() + " bytes"));
        }
        if (stopping) {
          stopped.countDown();
        } else {
          send(ctx);
        }
      }

      @Override
      public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        recordError(cause);
        stopped.countDown();
        ctx.close();
      }

      private void send(ChannelHandlerContext ctx) {
        ByteBuf out = ctx.alloc().ioBuffer(4 + payload.length).writeInt(payload.length).writeBytes(payload);
        sentAt = System.nanoTime();
        ctx.writeAndFlush(out);
      }
    }

    @Override
    public void close() {
      stopping = true;
      try {
        stopped.await(15, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      for (Channel ch : channels) ch.close().syncUninterruptibly();
    }
  }
}
