package dev.tern.benchmarks.load;

import dev.tern.thrift.transport.Framing;

/** A server and the client that loads it. */
enum Contestant {
  TERN_TTHEADER("tern-ttheader", EchoServer.Impl.TERN, "Tern async client, TTHeader/binary"),
  TERN_FRAMED("tern-framed", EchoServer.Impl.TERN, "Tern async client, Framed/binary"),
  TERN_TO_LIBTHRIFT("tern-to-libthrift", EchoServer.Impl.LIBTHRIFT, "Tern async client, Framed/binary"),
  LIBTHRIFT("libthrift", EchoServer.Impl.LIBTHRIFT, "libthrift sync client, a thread per caller, Framed/binary"),
  /** No RPC: what the machine and Netty allow for the same bytes, the ceiling for the others. */
  NETTY("netty", EchoServer.Impl.NETTY, "bare Netty, length-prefixed frames, a connection per caller");

  final String id;
  final EchoServer.Impl server;
  final String client;

  Contestant(String id, EchoServer.Impl server, String client) {
    this.id = id;
    this.server = server;
    this.client = client;
  }

  String serverDescription(EchoServer.HandlerMode handler) {
    return switch (server) {
      case TERN -> "Tern ThriftServer, " + (handler == EchoServer.HandlerMode.BLOCKING
          ? "handler on a virtual thread per call" : "async handler on the event loop");
      case LIBTHRIFT -> "libthrift TThreadedSelectorServer (2 selector, 5 worker threads)";
      case NETTY -> "bare Netty echoing each frame on the event loop";
    };
  }

  ClosedLoop load(int port, int concurrency, byte[] payload) {
    String host = "127.0.0.1";
    return switch (this) {
      case TERN_TTHEADER -> new TernEchoLoad(host + ":" + port, Framing.TTHEADER, concurrency, payload);
      case TERN_FRAMED, TERN_TO_LIBTHRIFT -> new TernEchoLoad(host + ":" + port, Framing.FRAMED, concurrency, payload);
      case LIBTHRIFT -> new LibthriftEchoLoad(host, port, concurrency, payload);
      case NETTY -> new NettyEcho.Load(port, concurrency, payload);
    };
  }

  static Contestant byId(String id) {
    for (Contestant c : values()) {
      if (c.id.equals(id)) return c;
    }
    throw new IllegalArgumentException("unknown contestant '" + id + "'");
  }
}
