package dev.tern.http.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tern.http.client.ClientRequest;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;

/**
 * Reads responses on a client channel: an HTTP/1.1 connection (one exchange at a time, reused
 * from the pool) or an HTTP/2 stream (one exchange). The response head completes the exchange's
 * future with a {@link ClientResponseImpl} whose body is a {@link BodyStream} fed from here;
 * when the body has ended, {@code onEnd} is told whether the connection can be reused.
 */
final class ClientExchange extends ChannelInboundHandlerAdapter {

  /** One request/response on this channel. */
  static final class Attempt {
    final ClientRequest request;
    final String protocol;
    final ObjectMapper mapper;
    final int maxBody;
    final long readTimeoutMillis;
    final CompletableFuture<ClientResponseImpl> head = new CompletableFuture<>();
    /** Called on the event loop when the exchange is over: (channel, reusable). */
    final BiConsumer<Channel, Boolean> onEnd;
    volatile boolean requestSent; // the whole request has been handed to the channel
    boolean skippingInformational;
    volatile boolean ended;
    BodyStream body;
    boolean keepAlive;

    Attempt(ClientRequest request, String protocol, ObjectMapper mapper, int maxBody, long readTimeoutMillis,
        BiConsumer<Channel, Boolean> onEnd) {
      this.request = request;
      this.protocol = protocol;
      this.mapper = mapper;
      this.maxBody = maxBody;
      this.readTimeoutMillis = readTimeoutMillis;
      this.onEnd = onEnd;
    }
  }

  private volatile Attempt current;

  /** Starts an exchange; called before the request is written. */
  void begin(Attempt attempt) {
    current = attempt;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    Attempt a = current;
    try {
      if (a == null || a.ended) return; // nothing asked for it: dropped (the pool's idle guard closes such connections)
      if (msg instanceof HttpResponse r) {
        if (!r.decoderResult().isSuccess()) {
          fail(ctx, a, new IOException("malformed response: " + r.decoderResult().cause().getMessage()));
          return;
        }
        if (r.status().codeClass() == HttpStatusClass.INFORMATIONAL && r.status().code() != 101) {
          a.skippingInformational = !(msg instanceof LastHttpContent); // 100 Continue and the like
          return;
        }
        a.keepAlive = HttpUtil.isKeepAlive(r);
        Channel ch = ctx.channel();
        a.body = new BodyStream(ctx.executor(), new BodyStream.Flow() {
          @Override
          public void pause() {
            ch.config().setAutoRead(false);
          }

          @Override
          public void resume() {
            ch.config().setAutoRead(true);
          }
        }, a.readTimeoutMillis);
        a.head.complete(new ClientResponseImpl(a, r, ch));
      }
      if (msg instanceof HttpContent c) {
        if (a.skippingInformational) {
          if (c instanceof LastHttpContent) a.skippingInformational = false;
          return;
        }
        if (a.body == null) return;
        if (!c.decoderResult().isSuccess()) {
          fail(ctx, a, new IOException("malformed response body: " + c.decoderResult().cause().getMessage()));
          return;
        }
        a.body.offer(c.content().retain());
        if (c instanceof LastHttpContent) {
          a.ended = true;
          current = null;
          // back to the pool before the reader is woken, so that its next request finds the connection idle
          a.onEnd.accept(ctx.channel(), a.keepAlive && a.requestSent);
          a.body.end();
        }
      }
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    Attempt a = current;
    if (a != null && !a.ended) fail(ctx, a, new IOException("connection closed before the response ended"));
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    Attempt a = current;
    IOException e = cause instanceof IOException io ? io : new IOException(cause.getMessage(), cause);
    if (a != null && !a.ended) fail(ctx, a, e);
    ctx.close();
  }

  private void fail(ChannelHandlerContext ctx, Attempt a, IOException error) {
    a.ended = true;
    current = null;
    if (!a.head.completeExceptionally(error) && a.body != null) a.body.fail(error);
    a.onEnd.accept(ctx.channel(), false);
  }
}
