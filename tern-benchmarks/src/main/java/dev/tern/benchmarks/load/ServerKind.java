package dev.tern.benchmarks.load;

/**
 * The echo servers, by what answers. Each starts on 127.0.0.1 in whichever JVM asks (the server
 * child of {@link EchoBench}, or a test) and serves the echo of its protocol: bench.thrift's
 * {@code Echo}, echo.proto's {@code EchoService}, Dubbo's {@link DubboEcho.Service}, or the HTTP
 * routes {@code GET /plaintext} and {@code POST /echo}.
 */
enum ServerKind {
  TERN_THRIFT(null) {
    @Override
    EchoServer.Running start(int port, EchoServer.HandlerMode handler) {
      return ThriftEchoServers.startTern(port, handler);
    }

    @Override
    String description(EchoServer.HandlerMode handler) {
      return "Tern ThriftServer, " + (handler == EchoServer.HandlerMode.BLOCKING
          ? "handler on a virtual thread per call" : "async handler on the event loop");
    }
  },
  LIBTHRIFT("libthrift TThreadedSelectorServer (2 selector, 5 worker threads), framed binary") {
    @Override
    EchoServer.Running start(int port, EchoServer.HandlerMode handler) throws Exception {
      return ThriftEchoServers.startLibthrift(port);
    }
  },
  ARMERIA_THRIFT("Armeria THttpService (Thrift binary over HTTP/2), async handler") {
    @Override
    EchoServer.Running start(int port, EchoServer.HandlerMode handler) {
      return ArmeriaEcho.startThrift(port);
    }
  },
  NETTY("bare Netty echoing each frame on the event loop") {
    @Override
    EchoServer.Running start(int port, EchoServer.HandlerMode handler) {
      return NettyEcho.startServer(port);
    }
  },
  GRPC_JAVA("grpc-java NettyServer, handler on the transport thread (directExecutor)") {
    @Override
    EchoServer.Running start(int port, EchoServer.HandlerMode handler) throws Exception {
      return GrpcEcho.startGrpcJava(port);
    }
  },
  TERN_GRPC(null) {
    @Override
    EchoServer.Running start(int port, EchoServer.HandlerMode handler) {
      return GrpcEcho.startTern(port, handler);
    }

    @Override
    String description(EchoServer.HandlerMode handler) {
      return "Tern GrpcServer, " + (handler == EchoServer.HandlerMode.BLOCKING
          ? "handlers on a virtual thread per call (its default)" : "async handlers on the event loop");
    }
  },
  ARMERIA_GRPC("Armeria GrpcService, handler on the event loop (its default)") {
    @Override
    EchoServer.Running start(int port, EchoServer.HandlerMode handler) {
      return ArmeriaEcho.startGrpc(port);
    }
  },
  DUBBO_TRIPLE("Dubbo 3 service, Triple protocol") {
    @Override
    EchoServer.Running start(int port, EchoServer.HandlerMode handler) throws Exception {
      return DubboEcho.startServer("tri", port);
    }
  },
  DUBBO("Dubbo 3 service, dubbo protocol") {
    @Override
    EchoServer.Running start(int port, EchoServer.HandlerMode handler) throws Exception {
      return DubboEcho.startServer("dubbo", port);
    }
  },
  TERN_HTTP(null) {
    @Override
    EchoServer.Running start(int port, EchoServer.HandlerMode handler) {
      return HttpEchoServers.startTern(port, handler);
    }

    @Override
    String description(EchoServer.HandlerMode handler) {
      return "Tern HttpServer, " + (handler == EchoServer.HandlerMode.BLOCKING
          ? "handlers on a virtual thread per request" : "non-blocking handlers on the event loop");
    }
  },
  NETTY_HTTP("bare Netty HttpServerCodec + HttpObjectAggregator, answers on the event loop") {
    @Override
    EchoServer.Running start(int port, EchoServer.HandlerMode handler) {
      return HttpEchoServers.startNetty(port);
    }
  },
  VERTX("Vert.x Web router on one event loop, NIO (its defaults)") {
    @Override
    EchoServer.Running start(int port, EchoServer.HandlerMode handler) throws Exception {
      return HttpEchoServers.startVertx(port);
    }
  },
  HELIDON("Helidon SE 4 WebServer and routing, a virtual thread per request (its default)") {
    @Override
    EchoServer.Running start(int port, EchoServer.HandlerMode handler) {
      return HttpEchoServers.startHelidon(port);
    }
  };

  private final String description;

  ServerKind(String description) {
    this.description = description;
  }

  /** Starts this server on 127.0.0.1:{@code port} (0: any free port). */
  abstract EchoServer.Running start(int port, EchoServer.HandlerMode handler) throws Exception;

  /** What the server is, for the table's notes. */
  String description(EchoServer.HandlerMode handler) {
    return description;
  }
}
