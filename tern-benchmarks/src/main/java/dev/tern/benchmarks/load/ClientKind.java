package dev.tern.benchmarks.load;

import dev.tern.thrift.transport.Framing;

/**
 * The load clients. The JVM ones run a {@link ClosedLoop} in a JVM of their own
 * ({@link EchoClient}); the HTTP ones are {@link Wrk} runs with the workload's Lua script.
 */
enum ClientKind {
  TERN_TTHEADER("Tern async client, TTHeader/binary, a pooled connection per caller") {
    @Override
    ClosedLoop load(int port, int concurrency, byte[] payload) {
      return new TernEchoLoad("127.0.0.1:" + port, Framing.TTHEADER, concurrency, payload);
    }
  },
  TERN_FRAMED("Tern async client, Framed/binary, a pooled connection per caller") {
    @Override
    ClosedLoop load(int port, int concurrency, byte[] payload) {
      return new TernEchoLoad("127.0.0.1:" + port, Framing.FRAMED, concurrency, payload);
    }
  },
  LIBTHRIFT("libthrift sync client, a thread and connection per caller, Framed/binary") {
    @Override
    ClosedLoop load(int port, int concurrency, byte[] payload) {
      return new LibthriftEchoLoad("127.0.0.1", port, concurrency, payload);
    }
  },
  ARMERIA_THRIFT("Armeria async Thrift client (tbinary over h2c)") {
    @Override
    ClosedLoop load(int port, int concurrency, byte[] payload) {
      return new ArmeriaEcho.ThriftLoad(port, concurrency, payload);
    }
  },
  NETTY("bare Netty, length-prefixed frames, a connection per caller") {
    @Override
    ClosedLoop load(int port, int concurrency, byte[] payload) {
      return new NettyEcho.Load(port, concurrency, payload);
    }
  },
  GRPC_UNARY("grpc-java async stub, unary calls on one channel") {
    @Override
    ClosedLoop load(int port, int concurrency, byte[] payload) {
      return new GrpcEcho.Load(port, concurrency, payload, false);
    }
  },
  GRPC_STREAM("grpc-java async stub, a bidi stream per caller, one message in flight on each") {
    @Override
    ClosedLoop load(int port, int concurrency, byte[] payload) {
      return new GrpcEcho.Load(port, concurrency, payload, true);
    }
  },
  DUBBO_TRIPLE("Dubbo 3 reference, async (CompletableFuture), Triple") {
    @Override
    ClosedLoop load(int port, int concurrency, byte[] payload) {
      return new DubboEcho.Load("tri", port, concurrency, payload);
    }
  },
  DUBBO("Dubbo 3 reference, async (CompletableFuture), dubbo protocol") {
    @Override
    ClosedLoop load(int port, int concurrency, byte[] payload) {
      return new DubboEcho.Load("dubbo", port, concurrency, payload);
    }
  },
  WRK_PLAINTEXT("wrk, GET /plaintext (13-byte reply), a keep-alive connection per caller") {
    @Override
    Wrk.Workload workload(int payloadBytes) {
      return Wrk.Workload.plaintext();
    }
  },
  WRK_ECHO("wrk, POST /echo of the payload, a keep-alive connection per caller") {
    @Override
    Wrk.Workload workload(int payloadBytes) {
      return Wrk.Workload.echo(payloadBytes);
    }
  };

  final String description;

  ClientKind(String description) {
    this.description = description;
  }

  /** Whether this client is wrk rather than a JVM load client. */
  boolean wrk() {
    return this == WRK_PLAINTEXT || this == WRK_ECHO;
  }

  /** A closed loop of {@code concurrency} callers against 127.0.0.1:{@code port}; JVM clients only. */
  ClosedLoop load(int port, int concurrency, byte[] payload) {
    throw new UnsupportedOperationException(this + " is run by wrk");
  }

  /** What wrk sends; wrk clients only. */
  Wrk.Workload workload(int payloadBytes) {
    throw new UnsupportedOperationException(this + " is a JVM client");
  }
}
