package dev.tern.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.util.AttributeKey;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A real echo server pipeline and a client pipeline that collects what comes back, for tests. */
final class Echo {
  private Echo() {}

  private static final AttributeKey<BlockingQueue<String>> RECEIVED = AttributeKey.valueOf("test.received");

  /** Server side: writes every inbound buffer straight back. */
  static ChannelHandler server() {
    return new ChannelInitializer<>() {
      @Override
      protected void initChannel(Channel ch) {
        ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
          @Override
          public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ctx.writeAndFlush(msg);
          }
        });
      }
    };
  }

  /** Client side: queues everything that arrives as text. */
  static ChannelHandler client() {
    return new ChannelInitializer<>() {
      @Override
      protected void initChannel(Channel ch) {
        BlockingQueue<String> queue = new LinkedBlockingQueue<>();
        ch.attr(RECEIVED).set(queue);
        ch.pipeline().addLast(new SimpleChannelInboundHandler<ByteBuf>() {
          @Override
          protected void channelRead0(ChannelHandlerContext ctx, ByteBuf msg) {
            queue.add(msg.toString(StandardCharsets.UTF_8));
          }
        });
      }
    };
  }

  /** Sends {@code text} and waits until the same number of bytes came back. */
  static String roundTrip(Channel ch, String text) throws InterruptedException {
    ch.writeAndFlush(Unpooled.copiedBuffer(text, StandardCharsets.UTF_8)).syncUninterruptibly();
    StringBuilder sb = new StringBuilder();
    while (sb.length() < text.length()) {
      String part = ch.attr(RECEIVED).get().poll(5, TimeUnit.SECONDS);
      if (part == null) throw new AssertionError("no echo within 5 s, got '" + sb + "'");
      sb.append(part);
    }
    return sb.toString();
  }
}
