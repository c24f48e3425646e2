package dev.tern.http.internal;

import dev.tern.http.WebSocket;
import dev.tern.http.WebSocketListener;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.Utf8FrameValidator;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionData;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionUtil;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketServerExtension;
import io.netty.handler.codec.http.websocketx.extensions.compression.PerMessageDeflateServerExtensionHandshaker;
import io.netty.util.ReferenceCountUtil;
import java.net.SocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A server-side WebSocket after the HTTP/1.1 handshake. The pipeline becomes: Netty's frame
 * decoder (in place of the HTTP decoder) and encoder, permessage-deflate (RFC 7692) when the
 * client offered it, UTF-8 validation of text, aggregation of fragments into messages up to the
 * size limit, then this handler. Pings are answered here; close frames are answered and end the
 * connection.
 *
 * <p>The listener runs on virtual threads, one event at a time in order (a mailbox); past
 * {@value #PAUSE_AT} undelivered events the connection stops reading until the listener catches
 * up.
 */
final class WebSocketSession extends ChannelInboundHandlerAdapter implements WebSocket, ServerConnection {

  private static final Logger log = LoggerFactory.getLogger(WebSocketSession.class);
  private static final int PAUSE_AT = 64;
  private static final int RESUME_AT = 16;
  private static final long CLOSE_WAIT_MILLIS = 5_000;
  private static final List<String> HTTP1_HANDLERS = List.of("read-watch", "h2c-upgrade", "head-watch", "aggregator", "http");

  /** A handler's request to accept the handshake, carried out once the handler returns. */
  record Accept(WebSocketListener listener, List<String> subprotocols) {}

  private final ServerCore server;
  private final Channel channel;
  private final WebSocketListener listener;
  private final ConcurrentLinkedQueue<Runnable> mailbox = new ConcurrentLinkedQueue<>();
  private final AtomicInteger pending = new AtomicInteger();
  private final AtomicBoolean closeSent = new AtomicBoolean();
  private final AtomicBoolean closeNotified = new AtomicBoolean();
  private volatile String subprotocol;

  private WebSocketSession(ServerCore server, Channel channel, WebSocketListener listener) {
    this.server = server;
    this.channel = channel;
    this.listener = listener;
  }

  /** Answers the handshake of {@code c} with 101 and turns its connection into a WebSocket. */
  static void upgrade(ServerCore server, RequestContext c, Channel ch) {
    Accept accept = c.webSocket;
    String target = c.rawQuery().isEmpty() ? c.path() : c.path() + '?' + c.rawQuery();
    FullHttpRequest req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, target,
        Unpooled.EMPTY_BUFFER, c.requestHeaders(), EmptyHttpHeaders.INSTANCE);
    int maxMessage = server.protocols.webSocketMaxMessageSize();
    WebSocketDecoderConfig config = WebSocketDecoderConfig.newBuilder()
        .maxFramePayloadLength(maxMessage)
        .allowExtensions(server.protocols.webSocketCompression())
        .build();
    String location = "ws://" + c.header("Host") + c.path(); // only used by pre-RFC drafts
    WebSocketServerHandshaker handshaker = new WebSocketServerHandshakerFactory(location,
        accept.subprotocols().isEmpty() ? null : String.join(",", accept.subprotocols()), config).newHandshaker(req);
    if (handshaker == null) { // versions were checked by the context; this is a safety net
      WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ch).addListener(ChannelFutureListener.CLOSE);
      return;
    }
    HttpHeaders extra = new DefaultHttpHeaders().set(c.responseHeaders); // cookies etc. set by the handler
    WebSocketServerExtension deflate = server.protocols.webSocketCompression()
        ? negotiateDeflate(c.header("Sec-WebSocket-Extensions"), maxMessage) : null;
    if (deflate != null) extra.set(HttpHeaderNames.SEC_WEBSOCKET_EXTENSIONS, headerValue(deflate.newReponseData()));

    ChannelPipeline p = ch.pipeline();
    for (String name : HTTP1_HANDLERS) if (p.get(name) != null) p.remove(name);
    WebSocketSession session = new WebSocketSession(server, ch, accept.listener());
    // frame handlers go in before the handshake swaps the decoder, so no early frame misses them
    if (deflate != null) p.addLast("ws-inflate", deflate.newExtensionDecoder()).addLast("ws-deflate", deflate.newExtensionEncoder());
    p.addLast("ws-utf8", new Utf8FrameValidator())
        .addLast("ws-aggregator", new WebSocketFrameAggregator(maxMessage))
        .addLast("ws", session);
    handshaker.handshake(ch, req, extra, ch.newPromise()).addListener(f -> {
      if (!f.isSuccess()) ch.close();
    });
    session.subprotocol = handshaker.selectedSubprotocol();
    server.connections.add(session);
    session.deliver(() -> session.listener.onOpen(session));
  }

  private static WebSocketServerExtension negotiateDeflate(String offered, int maxMessage) {
    if (offered == null) return null;
    var handshaker = new PerMessageDeflateServerExtensionHandshaker(maxMessage); // caps inflated size: no zip bombs
    for (WebSocketExtensionData data : WebSocketExtensionUtil.extractExtensions(offered)) {
      WebSocketServerExtension ext = handshaker.handshakeExtension(data);
      if (ext != null) return ext;
    }
    return null;
  }

  private static String headerValue(WebSocketExtensionData data) {
    StringBuilder sb = new StringBuilder(data.name());
    for (Map.Entry<String, String> p : data.parameters().entrySet()) {
      sb.append("; ").append(p.getKey());
      if (p.getValue() != null) sb.append('=').append(p.getValue());
    }
    return sb.toString();
  }

  // ---- inbound (event loop) ----

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    try {
      if (msg instanceof TextWebSocketFrame t) {
        String text = t.text();
        deliver(() -> listener.onText(this, text));
      } else if (msg instanceof BinaryWebSocketFrame b) {
        byte[] data = ByteBufUtil.getBytes(b.content());
        deliver(() -> listener.onBinary(this, data));
      } else if (msg instanceof PingWebSocketFrame ping) {
        ctx.writeAndFlush(new PongWebSocketFrame(ping.content().retain()));
      } else if (msg instanceof CloseWebSocketFrame close) {
        int code = close.statusCode() < 0 ? 1005 : close.statusCode(); // 1005: no status in the frame
        String reason = close.reasonText();
        if (closeSent.compareAndSet(false, true)) {
          ctx.writeAndFlush(new CloseWebSocketFrame(close.statusCode() < 0 ? 1000 : code, ""))
              .addListener(ChannelFutureListener.CLOSE);
        } else {
          ctx.close(); // the answer to our close
        }
        notifyClose(code, reason);
      }
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    server.connections.remove(this);
    closeSent.set(true);
    notifyClose(1006, "");
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    log.debug("WebSocket {} failed", ctx.channel(), cause);
    deliver(() -> listener.onError(this, cause));
    if (cause instanceof TooLongFrameException) {
      close(1009, "message too big");
    } else if (cause instanceof CorruptedWebSocketFrameException) {
      close(1002, "protocol error"); // Netty's decoder has usually sent this already
    } else {
      ctx.close();
    }
  }

  @Override
  public void drain() {
    close(1001, "server shutting down");
  }

  private void notifyClose(int code, String reason) {
    if (closeNotified.compareAndSet(false, true)) {
      server.connections.remove(this);
      deliver(() -> listener.onClose(this, code, reason));
    }
  }

  /** A listener call, to run after those before it, on a virtual thread. */
  private interface Event {
    void run() throws Exception;
  }

  private void deliver(Event event) {
    mailbox.add(() -> {
      try {
        event.run();
      } catch (Exception e) {
        log.warn("WebSocket listener failed on {}", channel, e);
        listener.onError(this, e);
        close(1011, "internal error");
      }
    });
    int n = pending.incrementAndGet();
    if (n > PAUSE_AT && channel.config().isAutoRead()) channel.config().setAutoRead(false);
    if (n == 1) {
      try {
        server.executor.execute(this::runMailbox);
      } catch (RejectedExecutionException shuttingDown) {
        mailbox.clear();
        pending.set(0);
      }
    }
  }

  private void runMailbox() {
    int left;
    do {
      Runnable next = mailbox.poll();
      if (next != null) next.run();
      left = pending.decrementAndGet();
      if (left == RESUME_AT) {
        channel.eventLoop().execute(() -> {
          if (pending.get() <= RESUME_AT) channel.config().setAutoRead(true);
        });
      }
    } while (left > 0);
  }

  // ---- WebSocket ----

  @Override
  public CompletableFuture<Void> send(String text) {
    return write(new TextWebSocketFrame(text));
  }

  @Override
  public CompletableFuture<Void> send(byte[] data) {
    return write(new BinaryWebSocketFrame(Unpooled.copiedBuffer(data)));
  }

  @Override
  public CompletableFuture<Void> ping(byte[] payload) {
    return write(new PingWebSocketFrame(Unpooled.copiedBuffer(payload)));
  }

  private CompletableFuture<Void> write(io.netty.handler.codec.http.websocketx.WebSocketFrame frame) {
    if (closeSent.get()) {
      frame.release();
      return CompletableFuture.failedFuture(new java.io.IOException("WebSocket is closed"));
    }
    return toFuture(channel.writeAndFlush(frame));
  }

  @Override
  public void close(int code, String reason) {
    if (!closeSent.compareAndSet(false, true)) return;
    channel.writeAndFlush(new CloseWebSocketFrame(code, reason)).addListener(f -> {
      if (!f.isSuccess()) {
        channel.close();
      } else { // wait a little for the peer's close frame, then stop waiting
        channel.eventLoop().schedule(() -> channel.close(), CLOSE_WAIT_MILLIS, TimeUnit.MILLISECONDS);
      }
    });
  }

  @Override
  public boolean isOpen() {
    return !closeSent.get() && channel.isActive();
  }

  @Override
  public String subprotocol() {
    return subprotocol;
  }

  @Override
  public SocketAddress remoteAddress() {
    return channel.remoteAddress();
  }

  private static CompletableFuture<Void> toFuture(ChannelFuture f) {
    CompletableFuture<Void> out = new CompletableFuture<>();
    f.addListener(done -> {
      if (done.isSuccess()) {
        out.complete(null);
      } else {
        out.completeExceptionally(done.cause());
      }
    });
    return out;
  }

  @Override
  public String toString() {
    return "WebSocket[" + channel.remoteAddress() + "]";
  }
}
