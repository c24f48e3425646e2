package dev.tern.benchmarks.load;

import java.util.List;

/**
 * One row of the comparison: a server and the client that loads it.
 *
 * @param id the name on the command line and in the results
 * @param family the protocol family; ratios compare a row with the best {@link Role#PEER} of its family
 * @param role whose code it measures
 * @param server what answers, started in its own JVM
 * @param client what calls: a JVM load client in its own JVM, or wrk
 * @param note said under the table, when the row needs a word of explanation
 */
record Contestant(String id, Family family, Role role, ServerKind server, ClientKind client, String note) {

  /** What the rows of a family have in common: the protocol on the wire and the work per call. */
  enum Family {
    THRIFT("thrift"),
    GRPC("grpc"),
    GRPC_STREAM("grpc-stream"),
    DUBBO("dubbo"),
    HTTP_PLAINTEXT("http-plaintext"),
    HTTP_ECHO("http-echo");

    final String id;

    Family(String id) {
      this.id = id;
    }

    boolean http() {
      return this == HTTP_PLAINTEXT || this == HTTP_ECHO;
    }
  }

  /** Whose code a row measures. */
  enum Role {
    /** Tern on both sides, or Tern's server under the family's common client. */
    TERN,
    /** What Java users would pick instead: the rows Tern is compared with. */
    PEER,
    /** Tern on one side and a peer on the other. */
    MIXED,
    /** Bare Netty, no RPC or framework at all: what the machine allows, not a peer. */
    CEILING
  }

  /** The suites of {@code ./tern bench [SUITE]}. */
  enum Suite {
    RPC, HTTP, ALL;

    boolean includes(Contestant c) {
      return this == ALL || (this == HTTP) == c.family().http();
    }
  }

  /**
   * Every contestant, in the order they run. A gRPC server added later (Tern's, say) needs its
   * {@link ServerKind} and one line here, e.g.
   * {@code grpc("tern-grpc", Role.TERN, ServerKind.TERN_GRPC, ClientKind.GRPC_UNARY, null)}.
   */
  static final List<Contestant> ALL = List.of(
      rpc("tern-ttheader", Family.THRIFT, Role.TERN, ServerKind.TERN_THRIFT, ClientKind.TERN_TTHEADER, null),
      rpc("tern-framed", Family.THRIFT, Role.TERN, ServerKind.TERN_THRIFT, ClientKind.TERN_FRAMED, null),
      rpc("tern-to-libthrift", Family.THRIFT, Role.MIXED, ServerKind.LIBTHRIFT, ClientKind.TERN_FRAMED, null),
      rpc("libthrift", Family.THRIFT, Role.PEER, ServerKind.LIBTHRIFT, ClientKind.LIBTHRIFT, null),
      rpc("armeria-thrift", Family.THRIFT, Role.PEER, ServerKind.ARMERIA_THRIFT, ClientKind.ARMERIA_THRIFT,
          "Armeria serves Thrift over HTTP, which Tern's and libthrift's TCP clients do not speak: its own client"),
      rpc("netty", Family.THRIFT, Role.CEILING, ServerKind.NETTY, ClientKind.NETTY,
          "no RPC: length-prefixed frames echoed by bare Netty, the practical ceiling"),
      grpc("tern-grpc", Role.TERN, ServerKind.TERN_GRPC, ClientKind.GRPC_UNARY, null),
      grpc("grpc-java", Role.PEER, ServerKind.GRPC_JAVA, ClientKind.GRPC_UNARY, null),
      grpc("armeria-grpc", Role.PEER, ServerKind.ARMERIA_GRPC, ClientKind.GRPC_UNARY, null),
      grpc("tern-grpc-stream", Role.TERN, ServerKind.TERN_GRPC, ClientKind.GRPC_STREAM, null),
      grpc("grpc-java-stream", Role.PEER, ServerKind.GRPC_JAVA, ClientKind.GRPC_STREAM, null),
      rpc("dubbo-triple", Family.DUBBO, Role.PEER, ServerKind.DUBBO_TRIPLE, ClientKind.DUBBO_TRIPLE,
          "Dubbo's own client: a Java interface over Triple, Dubbo's default serialization"),
      rpc("dubbo", Family.DUBBO, Role.PEER, ServerKind.DUBBO, ClientKind.DUBBO,
          "Dubbo's own client: a Java interface over the dubbo protocol, Dubbo's default serialization"),
      http("tern-http-plaintext", Role.TERN, ServerKind.TERN_HTTP, ClientKind.WRK_PLAINTEXT),
      http("netty-http-plaintext", Role.CEILING, ServerKind.NETTY_HTTP, ClientKind.WRK_PLAINTEXT),
      http("vertx-plaintext", Role.PEER, ServerKind.VERTX, ClientKind.WRK_PLAINTEXT),
      http("helidon-plaintext", Role.PEER, ServerKind.HELIDON, ClientKind.WRK_PLAINTEXT),
      http("tern-http-echo", Role.TERN, ServerKind.TERN_HTTP, ClientKind.WRK_ECHO),
      http("netty-http-echo", Role.CEILING, ServerKind.NETTY_HTTP, ClientKind.WRK_ECHO),
      http("vertx-echo", Role.PEER, ServerKind.VERTX, ClientKind.WRK_ECHO),
      http("helidon-echo", Role.PEER, ServerKind.HELIDON, ClientKind.WRK_ECHO));

  private static Contestant rpc(String id, Family family, Role role, ServerKind server, ClientKind client,
                                String note) {
    return new Contestant(id, family, role, server, client, note);
  }

  private static Contestant grpc(String id, Role role, ServerKind server, ClientKind client, String note) {
    return new Contestant(id, client == ClientKind.GRPC_STREAM ? Family.GRPC_STREAM : Family.GRPC, role, server,
        client, note);
  }

  private static Contestant http(String id, Role role, ServerKind server, ClientKind client) {
    return new Contestant(id, client == ClientKind.WRK_ECHO ? Family.HTTP_ECHO : Family.HTTP_PLAINTEXT, role,
        server, client, null);
  }

  static Contestant byId(String id) {
    for (Contestant c : ALL) {
      if (c.id.equals(id)) return c;
    }
    throw new IllegalArgumentException("unknown contestant '" + id + "'; known: "
        + String.join(", ", ALL.stream().map(Contestant::id).toList()));
  }
}
