package dev.tern.benchmarks.load;

import dev.tern.http.HttpHandler;
import dev.tern.http.HttpServer;
import dev.tern.transport.Address;
import dev.tern.transport.TransportFactory;
import dev.tern.transport.internal.Engines;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.WebServer;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The HTTP/1.1 contestants, each serving the same two routes the way its users would write them:
 * {@code GET /plaintext} answers {@code Hello, World!} as text/plain, and {@code POST /echo}
 * sends the request body back with the request's content type.
 */
final class HttpEchoServers {
  private HttpEchoServers() {}

  static final String PLAINTEXT_PATH = "/plaintext";
  static final String ECHO_PATH = "/echo";
  static final byte[] HELLO = "Hello, World!".getBytes(StandardCharsets.US_ASCII);
  private static final String OCTET_STREAM = "application/octet-stream";
  private static final int MAX_BODY = 4 * 1024 * 1024;

  /** Tern's {@link HttpServer}; handlers on virtual threads (its default) or, with ASYNC, non-blocking. */
  static EchoServer.Running startTern(int port, EchoServer.HandlerMode mode) {
    HttpHandler plaintext = ctx -> ctx.bytes(HELLO, "text/plain");
    HttpHandler echo = ctx -> {
      String type = ctx.header("Content-Type");
      ctx.bytes(ctx.body(), type != null ? type : OCTET_STREAM);
    };
    if (mode == EchoServer.HandlerMode.ASYNC) {
      plaintext = HttpHandler.nonBlocking(plaintext);
      echo = HttpHandler.nonBlocking(echo);
    }
    HttpServer server = HttpServer.builder()
        .address("127.0.0.1:" + port)
        .maxBodySize(MAX_BODY)
        .gracePeriod(Duration.ofSeconds(1))
        .build();
    server.get(PLAINTEXT_PATH, plaintext);
    server.post(ECHO_PATH, echo);
    server.start();
    return running(server.port(), server::close);
  }

  /** Bare Netty on Tern's engine and allocator: codec, aggregator, and an answer on the event loop. */
  static EchoServer.Running startNetty(int port) {
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
            ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(MAX_BODY), new NettyHandler());
          }
        })
        .bind(Engines.bindAddress(transport.kind(), address))
        .syncUninterruptibly()
        .channel();
    return running(((InetSocketAddress) server.localAddress()).getPort(), () -> server.close().syncUninterruptibly());
  }

  private static final class NettyHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final ByteBuf HELLO_BUF = Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(HELLO).asReadOnly());

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
      FullHttpResponse response;
      String path = request.uri();
      if (request.method() == HttpMethod.GET && path.equals(PLAINTEXT_PATH)) {
        response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, HELLO_BUF.duplicate());
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.TEXT_PLAIN);
      } else if (request.method() == HttpMethod.POST && path.equals(ECHO_PATH)) {
        response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, request.content().retain());
        String type = request.headers().get(HttpHeaderNames.CONTENT_TYPE);
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, type != null ? type : OCTET_STREAM);
      } else {
        response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NOT_FOUND, Unpooled.EMPTY_BUFFER);
      }
      HttpUtil.setContentLength(response, response.content().readableBytes());
      boolean keepAlive = HttpUtil.isKeepAlive(request);
      if (keepAlive) {
        if (!request.protocolVersion().isKeepAliveDefault()) {
          response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
        ctx.writeAndFlush(response);
      } else {
        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
      }
    }

    /** A client going away (wrk resets its connections when done) is no news: close, say nothing. */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }

  /** Vert.x Web with its defaults: a router on one event loop, BodyHandler for the echo's body. */
  static EchoServer.Running startVertx(int port) throws Exception {
    Vertx vertx = Vertx.vertx();
    Buffer hello = Buffer.buffer(HELLO);
    Router router = Router.router(vertx);
    router.get(PLAINTEXT_PATH).handler(ctx -> ctx.response().putHeader("Content-Type", "text/plain").end(hello));
    router.post(ECHO_PATH)
        .handler(BodyHandler.create(false).setBodyLimit(MAX_BODY))
        .handler(ctx -> {
          String type = ctx.request().getHeader("Content-Type");
          ctx.response().putHeader("Content-Type", type != null ? type : OCTET_STREAM).end(ctx.body().buffer());
        });
    try {
      io.vertx.core.http.HttpServer server = vertx.createHttpServer()
          .requestHandler(router)
          .listen(port, "127.0.0.1")
          .toCompletionStage().toCompletableFuture().get();
      return running(server.actualPort(), () -> vertx.close().toCompletionStage().toCompletableFuture().join());
    } catch (Exception e) {
      vertx.close();
      throw e;
    }
  }

  /** Helidon logs through java.util.logging, at INFO; held here, as JUL keeps loggers weakly. */
  private static final Logger HELIDON_LOG = Logger.getLogger("io.helidon");

  /** Helidon SE 4 routing on its own (virtual-thread) web server, as its docs write it. */
  static EchoServer.Running startHelidon(int port) {
    HELIDON_LOG.setLevel(Level.WARNING); // its start and stop notes would run into the progress lines
    WebServer server = WebServer.builder()
        .host("127.0.0.1")
        .port(port)
        .maxPayloadSize(MAX_BODY)
        .routing(routing -> routing
            .get(PLAINTEXT_PATH, (request, response) -> {
              response.header(HeaderNames.CONTENT_TYPE, "text/plain");
              response.send(HELLO);
            })
            .post(ECHO_PATH, (request, response) -> {
              byte[] body = request.content().as(byte[].class);
              response.header(HeaderNames.CONTENT_TYPE,
                  request.headers().first(HeaderNames.CONTENT_TYPE).orElse(OCTET_STREAM));
              response.send(body);
            }))
        .build()
        .start();
    return running(server.port(), server::stop);
  }

  private static EchoServer.Running running(int port, Runnable close) {
    return new EchoServer.Running() {
      @Override
      public int port() {
        return port;
      }

      @Override
      public void close() {
        close.run();
      }
    };
  }
}
