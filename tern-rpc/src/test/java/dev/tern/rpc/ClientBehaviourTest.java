package dev.tern.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tern.core.CallContext;
import dev.tern.core.RemoteException;
import dev.tern.core.RpcTimeoutException;
import dev.tern.core.TransportException;
import dev.tern.thrift.TMessageType;
import dev.tern.thrift.ThriftCaller;
import dev.tern.thrift.ThriftLimits;
import dev.tern.thrift.ThriftMessage;
import dev.tern.thrift.ThriftProtocols;
import dev.tern.thrift.ThriftWriter;
import dev.tern.thrift.transport.ThriftFrame;
import dev.tern.thrift.transport.ThriftFrameDecoder;
import dev.tern.thrift.transport.ThriftFrames;
import dev.tern.transport.Address;
import dev.tern.transport.TransportFactory;
import dev.tern.transport.TransportServer;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.SimpleChannelInboundHandler;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class ClientBehaviourTest extends RpcTestSupport {

  @Test
  void warmUpOpensPooledConnectionsBeforeTheFirstCall() throws Exception {
    ThriftServer a = server();
    ThriftServer b = server();
    ThriftClient client = client(a);
    client.warmUp(java.util.List.of(a.address(), b.address())).get(5, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(client.openConnections()).isEqualTo(2);
    await(() -> a.connectionCount() == 1 && b.connectionCount() == 1);
    assertThat(client.call(Echo.ECHO, Echo.args("warm")).success()).isEqualTo("warm");
    assertThat(client.openConnections()).isEqualTo(2); // the first call reused the warm connection
    assertThatThrownBy(() -> client.warmUp(java.util.List.of(dev.tern.transport.Address.tcp("127.0.0.1", 1)))
            .get(5, java.util.concurrent.TimeUnit.SECONDS))
        .hasCauseInstanceOf(dev.tern.core.TransportException.class);
  }

  @Test
  void sequentialCallsReuseOneConnection() {
    ThriftServer server = server();
    ThriftClient client = client(server);
    Set<String> peers = new HashSet<>();
    for (int i = 0; i < 10; i++) peers.add(client.call(Echo.ECHO, Echo.args("peer")).success());
    assertThat(peers).hasSize(1);
  }

  @Test
  void shortConnectionsOpenOneConnectionPerCall() throws Exception {
    ThriftServer server = server();
    ThriftClient client = client(server, ThriftClient.Builder::shortConnections);
    Set<String> peers = new HashSet<>();
    for (int i = 0; i < 5; i++) peers.add(client.call(Echo.ECHO, Echo.args("peer")).success());
    assertThat(peers).hasSize(5);
  }

  @Test
  void aSlowHandlerTimesTheCallOutAndItsConnectionIsNotReused() {
    ThriftServer server = server();
    ThriftClient client = client(server, b -> b.rpcTimeout(Duration.ofMillis(100)));
    String before = client.call(Echo.ECHO, Echo.args("peer")).success();
    long start = System.nanoTime();
    assertThatThrownBy(() -> client.call(Echo.ECHO, Echo.args("sleep:1000")))
        .isInstanceOfSatisfying(RpcTimeoutException.class, e -> {
          assertThat(e.phase()).isEqualTo(RpcTimeoutException.Phase.RPC);
          assertThat(e.getMessage()).contains("Echo.echo", "timed out");
        });
    long elapsedMs = (System.nanoTime() - start) / 1_000_000;
    assertThat(elapsedMs).isBetween(90L, 900L);
    String after = client.call(Echo.ECHO, Echo.args("peer")).success();
    assertThat(after).isNotEqualTo(before); // the late reply must not reach the next call
  }

  @Test
  void perCallOptionsOverrideTheTimeout() {
    ThriftServer server = server();
    ThriftClient client = client(server, b -> b.rpcTimeout(Duration.ofSeconds(5)));
    ThriftCaller impatient = client.with(CallOptions.ofTimeout(Duration.ofMillis(50)));
    assertThatThrownBy(() -> impatient.call(Echo.ECHO, Echo.args("sleep:500")))
        .isInstanceOf(RpcTimeoutException.class);
    assertThat(client.call(Echo.ECHO, Echo.args("sleep:100")).success()).isEqualTo("slept");
  }

  @Test
  void refusedConnectionIsConnectFailed() {
    ThriftServer server = server();
    Address gone = server.address();
    server.close();
    ThriftClient client = track(ThriftClient.builder().address(gone).build());
    assertThatThrownBy(() -> client.call(Echo.ECHO, Echo.args("x")))
        .isInstanceOfSatisfying(TransportException.class, e -> {
          assertThat(e.kind()).isEqualTo(TransportException.Kind.CONNECT_FAILED);
          assertThat(e.isRetryable()).isTrue();
        });
  }

  @Test
  void connectTimeoutIsAnRpcTimeoutInTheConnectPhase() throws Exception {
    // A listener that never accepts and whose backlog is full: the kernel drops further SYNs.
    try (ServerSocket full = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      List<Socket> fillers = new ArrayList<>();
      try {
        boolean saturated = false;
        for (int i = 0; i < 16 && !saturated; i++) {
          Socket s = new Socket();
          fillers.add(s);
          try {
            s.connect(full.getLocalSocketAddress(), 200);
          } catch (SocketTimeoutException e) {
            saturated = true;
          }
        }
        assertThat(saturated).as("backlog saturated").isTrue();
        int port = ((InetSocketAddress) full.getLocalSocketAddress()).getPort();
        ThriftClient client = track(ThriftClient.builder()
            .address("127.0.0.1:" + port)
            .connectTimeout(Duration.ofMillis(200))
            .build());
        assertThatThrownBy(() -> client.call(Echo.ECHO, Echo.args("x")))
            .isInstanceOfSatisfying(RpcTimeoutException.class,
                e -> assertThat(e.phase()).isEqualTo(RpcTimeoutException.Phase.CONNECT));
      } finally {
        for (Socket s : fillers) s.close();
      }
    }
  }

  @Test
  void aConnectionThatClosesWhileWaitingIsConnectionClosed() {
    TransportServer closer = fakeServer(ch -> null); // reads the request, then hangs up
    ThriftClient client = track(ThriftClient.builder().address(closer.localAddress()).build());
    assertThatThrownBy(() -> client.call(Echo.ECHO, Echo.args("x")))
        .isInstanceOfSatisfying(TransportException.class,
            e -> assertThat(e.kind()).isEqualTo(TransportException.Kind.CONNECTION_CLOSED));
  }

  @Test
  void aReplyWithTheWrongSequenceIdIsBadSequenceId() {
    TransportServer liar = fakeServer(m -> new ThriftMessage(m.name(), TMessageType.REPLY, m.seqId() + 1));
    ThriftClient client = track(ThriftClient.builder().address(liar.localAddress()).build());
    assertThatThrownBy(() -> client.call(Echo.ECHO, Echo.args("x")))
        .isInstanceOfSatisfying(RemoteException.class,
            e -> assertThat(e.code()).isEqualTo(RemoteException.BAD_SEQUENCE_ID));
  }

  @Test
  void aReplyForAnotherMethodIsWrongMethodName() {
    TransportServer liar = fakeServer(m -> new ThriftMessage("other", TMessageType.REPLY, m.seqId()));
    ThriftClient client = track(ThriftClient.builder().address(liar.localAddress()).build());
    assertThatThrownBy(() -> client.call(Echo.ECHO, Echo.args("x")))
        .isInstanceOfSatisfying(RemoteException.class,
            e -> assertThat(e.code()).isEqualTo(RemoteException.WRONG_METHOD_NAME));
  }

  @Test
  void addressesAreUsedInTurn() {
    ThriftServer a = server();
    ThriftServer b = server();
    ThriftClient client = track(ThriftClient.builder().addresses(List.of(a.address(), b.address())).build());
    List<String> served = new ArrayList<>();
    for (int i = 0; i < 4; i++) served.add(client.call(Echo.ECHO, Echo.args("local")).success());
    assertThat(served.get(0)).isNotEqualTo(served.get(1));
    assertThat(served.get(2)).isEqualTo(served.get(0));
    assertThat(served.get(3)).isEqualTo(served.get(1));
  }

  @Test
  void middlewareSeesTheContextAndMayChooseTheAddress() {
    ThriftServer a = server();
    ThriftServer b = server();
    AtomicReference<String> seen = new AtomicReference<>();
    ThriftClient client = track(ThriftClient.builder()
        .address(a.address())
        .callerService("front")
        .middleware(next -> (ctx, req) -> {
          ctx.attr(Address.CALL_TARGET, b.address());
          return next.call(ctx, req).whenComplete((r, e) ->
              seen.set(ctx.role() + " " + ctx.service() + "." + ctx.method() + " from " + ctx.callerService()
                  + " to " + ctx.remoteAddress()));
        })
        .build());
    String local = client.call(Echo.ECHO, Echo.args("local")).success();
    assertThat(local).endsWith(":" + b.port());
    assertThat(seen.get()).startsWith("CLIENT Echo.echo from front to ").endsWith(":" + b.port());
  }

  @Test
  void aClientWithoutAddressesNeedsAMiddlewareThatChoosesOne() {
    assertThatThrownBy(() -> ThriftClient.builder().build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("no address");
    ThriftServer server = server();
    AtomicReference<Address> target = new AtomicReference<>();
    ThriftClient client = track(ThriftClient.builder()
        .middleware(next -> (ctx, req) -> {
          if (target.get() != null) ctx.attr(Address.CALL_TARGET, target.get());
          return next.call(ctx, req);
        })
        .build());
    assertThatThrownBy(() -> client.call(Echo.ECHO, Echo.args("x")))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("no address for Echo.echo");
    target.set(server.address());
    assertThat(client.call(Echo.ECHO, Echo.args("x")).success()).isNotNull();
  }

  @Test
  void aClosedClientRefusesCalls() {
    ThriftServer server = server();
    ThriftClient client = client(server);
    client.call(Echo.ECHO, Echo.args("x"));
    client.close();
    assertThatThrownBy(() -> client.call(Echo.ECHO, Echo.args("x")))
        .isInstanceOfSatisfying(TransportException.class,
            e -> assertThat(e.kind()).isEqualTo(TransportException.Kind.SHUTTING_DOWN));
  }

  @Test
  void asyncCallsDoNotBlockTheCaller() throws Exception {
    ThriftServer server = server();
    ThriftClient client = client(server);
    long start = System.nanoTime();
    CompletableFuture<Echo.Result> f = client.callAsync(Echo.ECHO, Echo.args("sleep:1000"));
    assertThat(System.nanoTime() - start).isLessThan(500_000_000L);
    assertThat(f).isNotDone();
    assertThat(f.get().success()).isEqualTo("slept");
    assertThat(CallContext.current()).isNull();
  }

  /**
   * A Framed/binary server that answers each request with an empty REPLY whose message header
   * {@code answer} makes from the request's (null: close the connection instead).
   */
  private TransportServer fakeServer(UnaryOperator<ThriftMessage> answer) {
    TransportServer server = TransportServer.bind(TransportFactory.shared(), Address.tcp("127.0.0.1", 0),
        new ChannelInitializer<Channel>() {
          @Override
          protected void initChannel(Channel ch) {
            ch.pipeline().addLast(new ThriftFrameDecoder(ThriftLimits.DEFAULT));
            ch.pipeline().addLast(new SimpleChannelInboundHandler<ThriftFrame>() {
              @Override
              protected void channelRead0(ChannelHandlerContext ctx, ThriftFrame frame) {
                ThriftMessage reply = answer.apply(frame.reader(ThriftLimits.DEFAULT).readMessageBegin());
                if (reply == null) {
                  ctx.close();
                  return;
                }
                ByteBuf out = ctx.alloc().buffer();
                int mark = ThriftFrames.beginFrame(out, frame.framing(), frame.protocol(), null);
                ThriftWriter w = ThriftProtocols.writer(frame.protocol(), out);
                w.writeMessageBegin(reply.name(), reply.type(), reply.seqId());
                w.writeStructBegin("");
                w.writeFieldStop();
                w.writeStructEnd();
                w.writeMessageEnd();
                ThriftFrames.endFrame(out, frame.framing(), mark);
                ctx.writeAndFlush(out);
              }
            });
          }
        });
    return track(server);
  }
}
