package dev.tern.http.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tern.core.RpcTimeoutException;
import dev.tern.core.TransportException;
import dev.tern.http.Tls;
import dev.tern.http.client.ClientRequest;
import dev.tern.http.client.ClientResponse;
import dev.tern.transport.Address;
import dev.tern.transport.ConnectionPool;
import dev.tern.transport.Connector;
import dev.tern.transport.PoolOptions;
import dev.tern.transport.TransportFactory;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2GoAwayFrame;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ApplicationProtocolNegotiationHandler;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The client's connections and exchanges, per origin (scheme, address): HTTP/1.1 connections in
 * a {@link ConnectionPool} (one exchange at a time per connection), or one HTTP/2 connection
 * whose streams carry concurrent exchanges. Over TLS with HTTP/2 wanted, ALPN decides; an origin
 * that answers {@code http/1.1} is remembered and gets pooled HTTP/1.1 connections from then on.
 *
 * <p>Callers block (on virtual threads, typically): the request is written from the caller's
 * thread, a streamed body with backpressure, and the caller waits for the response head.
 */
public final class ClientTransport implements AutoCloseable {

  private static final AttributeKey<Boolean> GONE_AWAY = AttributeKey.valueOf("tern.http.goAway");
  private static final AttributeKey<CompletableFuture<String>> ALPN = AttributeKey.valueOf("tern.http.alpn");
  private static final Http2StreamFrameToHttpObjectCodec H2_CODEC = new Http2StreamFrameToHttpObjectCodec(false, true);

  /** Client settings fixed at build time. */
  public record Settings(TransportFactory transport, Duration connectTimeout, Duration readTimeout, boolean http2,
      Tls tls, PoolOptions pool, ObjectMapper mapper, int maxResponseBody, int maxHeaderSize) {}

  private record OriginKey(boolean secure, Address address) {}

  private final Settings settings;
  private final Tls tls;
  private final ConcurrentHashMap<OriginKey, Origin> origins = new ConcurrentHashMap<>();
  private volatile boolean closed;

  public ClientTransport(Settings settings) {
    if (settings.tls() != null && settings.tls().isServer()) {
      throw new IllegalArgumentException("server TLS settings given to a client: use Tls.client() or Tls.clientTrusting(...)");
    }
    this.settings = settings;
    this.tls = settings.tls() != null ? settings.tls() : Tls.client();
  }

  /**
   * Sends one attempt of a request to {@code address} and waits until the response head is in
   * (at most {@code timeout}). The response body is streamed.
   *
   * @param authority the {@code Host} header (or {@code :authority}), e.g. {@code api.example.com:8443}
   */
  public ClientResponse exchange(ClientRequest req, boolean secure, Address address, String authority, Duration timeout)
      throws IOException {
    if (closed) throw new IOException("the client is closed");
    Origin origin = origins.computeIfAbsent(new OriginKey(secure, address), k -> new Origin(k, authorityHost(authority)));
    long deadline = System.nanoTime() + timeout.toNanos();
    if (settings.http2() && !origin.http1Only) {
      Channel connection = origin.http2Connection(deadline);
      if (connection != null) return exchangeHttp2(origin, connection, req, authority, deadline);
    }
    return exchangeHttp1(origin, req, authority, deadline);
  }

  private static String authorityHost(String authority) {
    if (authority.startsWith("[")) return authority.substring(1, authority.indexOf(']'));
    int colon = authority.lastIndexOf(':');
    return colon < 0 ? authority : authority.substring(0, colon);
  }

  // ---- HTTP/1.1 ----

  private ClientResponse exchangeHttp1(Origin origin, ClientRequest req, String authority, long deadline) throws IOException {
    ConnectionPool pool = origin.http1Pool();
    Channel ch = await(pool.acquire(origin.key.address()), deadline, true);
    ClientExchange.Attempt attempt = new ClientExchange.Attempt(req, "HTTP/1.1", settings.mapper(), settings.maxResponseBody(),
        settings.readTimeout().toMillis(), (c, reusable) -> {
          if (reusable) {
            pool.release(c);
          } else {
            pool.discard(c);
          }
        });
    ch.pipeline().get(ClientExchange.class).begin(attempt);
    return send(ch, attempt, req, authority, deadline);
  }

  // ---- HTTP/2 ----

  private ClientResponse exchangeHttp2(Origin origin, Channel connection, ClientRequest req, String authority, long deadline)
      throws IOException {
    ClientExchange exchange = new ClientExchange();
    Http2StreamChannel stream = await(toCompletable(new Http2StreamChannelBootstrap(connection)
        .handler(new ChannelInitializer<Channel>() {
          @Override
          protected void initChannel(Channel ch) {
            ch.pipeline().addLast(H2_CODEC, exchange);
          }
        }).open()), deadline, false);
    ClientExchange.Attempt attempt = new ClientExchange.Attempt(req, "HTTP/2", settings.mapper(), settings.maxResponseBody(),
        settings.readTimeout().toMillis(), (c, reusable) -> {
          if (!reusable) c.close(); // RST_STREAM; the connection stays
        });
    exchange.begin(attempt);
    return send(stream, attempt, req, authority, deadline);
  }

  // ---- both ----

  private ClientResponse send(Channel ch, ClientExchange.Attempt attempt, ClientRequest req, String authority,
      long deadline) throws IOException {
    try {
      writeRequest(ch, attempt, req, authority);
      return await(attempt.head, deadline, false);
    } catch (IOException | RuntimeException e) {
      ch.close(); // a late response must not reach the next exchange on this connection
      throw e;
    }
  }

  private void writeRequest(Channel ch, ClientExchange.Attempt attempt, ClientRequest req, String authority) throws IOException {
    URI uri = req.uri();
    String target = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
        + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    HttpMethod method = HttpMethod.valueOf(req.method());
    InputStream stream = req.bodyStream();
    HttpRequest head = stream == null
        ? new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, target,
            req.body() == null ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(req.body()))
        : new DefaultHttpRequest(HttpVersion.HTTP_1_1, method, target);
    HttpHeaders h = head.headers();
    for (Map.Entry<String, List<String>> e : req.headers().entrySet()) h.add(e.getKey(), e.getValue());
    if (!h.contains(HttpHeaderNames.HOST)) h.set(HttpHeaderNames.HOST, authority);
    if (stream == null) {
      if (req.body() != null || expectsBody(method)) h.setInt(HttpHeaderNames.CONTENT_LENGTH, req.body() == null ? 0 : req.body().length);
      // marked before the write, not in its listener: with io_uring the response's read can be
      // processed before the write's completion, and a failed write closes the connection anyway
      attempt.requestSent = true;
      ch.writeAndFlush(head).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
      return;
    }
    if (req.contentLength() >= 0) {
      h.set(HttpHeaderNames.CONTENT_LENGTH, req.contentLength());
    } else {
      h.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED); // dropped on HTTP/2
    }
    ChannelFuture last = ch.write(head);
    byte[] buf = new byte[16 * 1024];
    try (stream) {
      for (int n; (n = stream.read(buf)) > 0; ) {
        if (attempt.ended || !ch.isActive()) return; // the server answered (or gave up) before the body was all sent
        last = ch.writeAndFlush(new DefaultHttpContent(Unpooled.copiedBuffer(buf, 0, n)));
        if (!ch.isWritable()) last.awaitUninterruptibly(); // backpressure: the peer reads slower than we send
      }
    }
    attempt.requestSent = true;
    ch.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
  }

  private static boolean expectsBody(HttpMethod m) {
    return m.equals(HttpMethod.POST) || m.equals(HttpMethod.PUT) || m.equals(HttpMethod.PATCH);
  }

  /** Waits for a future until the deadline, turning failures into the client's exceptions. */
  private static <T> T await(CompletableFuture<T> f, long deadline, boolean connecting) throws IOException {
    try {
      long left = deadline - System.nanoTime();
      if (left <= 0) throw new TimeoutException();
      return f.get(left, TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      f.cancel(false);
      throw connecting ? new HttpConnectTimeoutException("no connection within the request timeout")
          : new HttpTimeoutException("no response within the request timeout");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      f.cancel(false);
      throw new InterruptedIOException("interrupted while waiting for the response");
    } catch (ExecutionException e) {
      throw asIoException(e.getCause());
    }
  }

  private static IOException asIoException(Throwable t) {
    if (t instanceof IOException io) return io;
    if (t instanceof RpcTimeoutException) return new HttpConnectTimeoutException(t.getMessage());
    if (t instanceof TransportException te && te.kind() == TransportException.Kind.CONNECT_FAILED) {
      ConnectException ce = new ConnectException(te.getMessage());
      ce.initCause(te);
      return ce;
    }
    return new IOException(t.getMessage(), t);
  }

  private static <T> CompletableFuture<T> toCompletable(io.netty.util.concurrent.Future<T> f) {
    CompletableFuture<T> out = new CompletableFuture<>();
    f.addListener(done -> {
      if (done.isSuccess()) {
        out.complete(f.getNow());
      } else {
        out.completeExceptionally(done.cause());
      }
    });
    return out;
  }

  @Override
  public void close() {
    closed = true;
    for (Origin o : origins.values()) o.close();
    origins.clear();
  }

  /** The connections to one origin. */
  private final class Origin {
    final OriginKey key;
    final String host; // for SNI and certificate checks
    final ReentrantLock lock = new ReentrantLock(); // not synchronized: callers are virtual threads
    volatile boolean http1Only;
    private ConnectionPool http1;
    private Connector http2Connector;
    private Channel http2;

    Origin(OriginKey key, String host) {
      this.key = key;
      this.host = host;
    }

    ConnectionPool http1Pool() {
      lock.lock();
      try {
        if (http1 == null) {
          http1 = ConnectionPool.longConnections(
              new Connector(settings.transport(), new Http1Initializer(this), settings.connectTimeout()), settings.pool());
        }
        return http1;
      } finally {
        lock.unlock();
      }
    }

    /** The shared HTTP/2 connection, opened if needed; null if the origin speaks HTTP/1.1 only. */
    Channel http2Connection(long deadline) throws IOException {
      lock.lock();
      try {
        if (http2 != null && http2.isActive() && !Boolean.TRUE.equals(http2.attr(GONE_AWAY).get())) return http2;
        if (http2Connector == null) {
          http2Connector = new Connector(settings.transport(), new Http2Initializer(this), settings.connectTimeout());
        }
        Channel ch = await(http2Connector.connect(key.address()), deadline, true);
        if (key.secure() && !ApplicationProtocolNames.HTTP_2.equals(await(ch.attr(ALPN).get(), deadline, true))) {
          http1Only = true; // remembered: this origin gets pooled HTTP/1.1 connections from now on
          ch.close();
          return null;
        }
        http2 = ch;
        return ch;
      } finally {
        lock.unlock();
      }
    }

    void close() {
      lock.lock();
      try {
        if (http1 != null) http1.close();
        if (http2 != null) http2.close();
      } finally {
        lock.unlock();
      }
    }
  }

  private void addHttp2(ChannelPipeline p) {
    Http2FrameCodec codec = Http2FrameCodecBuilder.forClient()
        .initialSettings(io.netty.handler.codec.http2.Http2Settings.defaultSettings()
            .pushEnabled(false).maxHeaderListSize(settings.maxHeaderSize()))
        .validateHeaders(true)
        .build();
    p.addLast("h2", codec)
        .addLast("h2-streams", new Http2MultiplexHandler(new RefuseServerStreams()))
        .addLast("h2-connection", new GoAwayWatch());
  }

  private SslHandler sslHandler(Channel ch, Origin origin, List<String> alpn) {
    int port = origin.key.address() instanceof Address.Tcp t ? t.port() : -1;
    return tls.sslContext(alpn).newHandler(ch.alloc(), origin.host, port);
  }

  @ChannelHandler.Sharable
  private final class Http1Initializer extends ChannelInitializer<Channel> {
    private final Origin origin;

    Http1Initializer(Origin origin) {
      this.origin = origin;
    }

    @Override
    protected void initChannel(Channel ch) {
      if (origin.key.secure()) ch.pipeline().addLast("tls", sslHandler(ch, origin, List.of(ApplicationProtocolNames.HTTP_1_1)));
      ch.pipeline()
          .addLast("codec", new HttpClientCodec(8192, settings.maxHeaderSize(), 64 * 1024))
          .addLast("exchange", new ClientExchange());
    }
  }

  @ChannelHandler.Sharable
  private final class Http2Initializer extends ChannelInitializer<Channel> {
    private final Origin origin;

    Http2Initializer(Origin origin) {
      this.origin = origin;
    }

    @Override
    protected void initChannel(Channel ch) {
      if (origin.key.secure()) {
        CompletableFuture<String> negotiated = new CompletableFuture<>();
        ch.attr(ALPN).set(negotiated);
        ch.pipeline()
            .addLast("tls", sslHandler(ch, origin, List.of(ApplicationProtocolNames.HTTP_2, ApplicationProtocolNames.HTTP_1_1)))
            .addLast("alpn", new Alpn(negotiated));
      } else {
        addHttp2(ch.pipeline()); // prior knowledge
      }
    }
  }

  /**
   * Installs HTTP/2 on the event loop as soon as ALPN agreed on it, before any decrypted byte
   * (the server's SETTINGS come right after the handshake) can pass by, then tells the caller.
   */
  private final class Alpn extends ApplicationProtocolNegotiationHandler {
    private final CompletableFuture<String> negotiated;

    Alpn(CompletableFuture<String> negotiated) {
      super(ApplicationProtocolNames.HTTP_1_1);
      this.negotiated = negotiated;
    }

    @Override
    protected void configurePipeline(ChannelHandlerContext ctx, String protocol) {
      if (ApplicationProtocolNames.HTTP_2.equals(protocol)) addHttp2(ctx.pipeline());
      negotiated.complete(protocol);
    }

    @Override
    protected void handshakeFailure(ChannelHandlerContext ctx, Throwable cause) {
      negotiated.completeExceptionally(cause instanceof IOException ? cause : new IOException(cause.getMessage(), cause));
      ctx.close();
    }
  }

  /** Servers may not open streams to a client that disabled push; any that come are dropped. */
  @ChannelHandler.Sharable
  private static final class RefuseServerStreams extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ReferenceCountUtil.release(msg);
      ctx.close();
    }
  }

  /** Marks a connection the server said GOAWAY on: its streams finish, new ones go elsewhere. */
  private static final class GoAwayWatch extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (msg instanceof Http2GoAwayFrame) ctx.channel().attr(GONE_AWAY).set(true);
      ReferenceCountUtil.release(msg);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      if (!(cause instanceof io.netty.handler.codec.http2.Http2Exception)) ctx.close();
    }
  }
}
