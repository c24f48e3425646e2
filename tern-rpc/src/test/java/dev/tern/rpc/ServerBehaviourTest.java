package dev.tern.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tern.core.BizStatusException;
import dev.tern.core.CallContext;
import dev.tern.core.RemoteException;
import dev.tern.core.TransportException;
import dev.tern.thrift.TMessageType;
import dev.tern.thrift.ThriftProtocol;
import dev.tern.thrift.ThriftServiceDefinition;
import dev.tern.thrift.transport.Framing;
import dev.tern.thrift.transport.HeaderInfo;
import dev.tern.transport.Address;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ServerBehaviourTest extends RpcTestSupport {

  @TempDir Path dir;

  /** A second service that also has {@code echo}, and a {@code ping} of its own. */
  private static ThriftServiceDefinition other() {
    return ThriftServiceDefinition.builder("Other")
        .blocking(Echo.echo("Other"), a -> Echo.Result.ok("other:" + a.message()))
        .blocking(Echo.method("Other", "ping"), a -> Echo.Result.ok("pong"))
        .build();
  }

  @Test
  void severalServicesShareOneServer() {
    ThriftServer server = server(b -> b.addService(other()));
    ThriftClient ttheader = client(server, b -> b.framing(Framing.TTHEADER));
    ThriftClient framed = client(server, b -> b.framing(Framing.FRAMED));

    // TTHeader names the service: the same method name reaches either service
    assertThat(ttheader.call(Echo.ECHO, Echo.args("a")).success()).isEqualTo("a");
    assertThat(ttheader.call(Echo.echo("Other"), Echo.args("a")).success()).isEqualTo("other:a");
    // without a header, a method only one service has is found by name
    assertThat(framed.call(Echo.method("Other", "ping"), Echo.args("")).success()).isEqualTo("pong");
    assertThat(framed.call(Echo.FAIL, Echo.args("x")).error().reason()).isEqualTo("x");
    // ... but a method several services have needs the service named
    assertThatThrownBy(() -> framed.call(Echo.ECHO, Echo.args("a")))
        .isInstanceOfSatisfying(RemoteException.class, e -> {
          assertThat(e.code()).isEqualTo(RemoteException.UNKNOWN_METHOD);
          assertThat(e.getMessage()).contains("Echo", "Other");
        });
  }

  @Test
  void duplicateServiceNamesAreRejected() {
    assertThatThrownBy(() -> ThriftServer.builder().addService(other()).addService(other()).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Other");
    assertThatThrownBy(() -> ThriftServer.builder().build()).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void blockingHandlersRunOnVirtualThreadsWithTheirContextCurrent() {
    ThriftServer server = server();
    ThriftClient client = client(server, b -> b.framing(Framing.TTHEADER).callerService("front"));
    assertThat(client.call(Echo.ECHO, Echo.args("context")).success())
        .isEqualTo("Echo.echo caller=front deadline=true virtual=true");
  }

  @Test
  void asyncHandlersRunOnTheEventLoop() {
    ThriftServiceDefinition async = ThriftServiceDefinition.builder("Async")
        .async(Echo.echo("Async"), a -> {
          CallContext ctx = CallContext.current();
          String where = Thread.currentThread().getName() + " virtual=" + Thread.currentThread().isVirtual()
              + " ctx=" + (ctx == null ? null : ctx.method());
          if (a.message().equals("later")) { // completes from another thread, after the handler returned
            return CompletableFuture.supplyAsync(() -> Echo.Result.ok("later"),
                CompletableFuture.delayedExecutor(20, TimeUnit.MILLISECONDS));
          }
          return CompletableFuture.completedFuture(Echo.Result.ok(where));
        })
        .build();
    ThriftServer server = server(b -> b.addService(async));
    ThriftClient client = client(server, b -> b.framing(Framing.TTHEADER)); // names the service
    assertThat(client.call(Echo.echo("Async"), Echo.args("now")).success())
        .startsWith("tern-").endsWith("virtual=false ctx=echo");
    assertThat(client.call(Echo.echo("Async"), Echo.args("later")).success()).isEqualTo("later");
  }

  @ParameterizedTest
  @EnumSource(value = Framing.class, names = {"TTHEADER", "THEADER"})
  void bizStatusTravelsInTheHeader(Framing framing) {
    ThriftServer server = server();
    ThriftClient client = client(server, b -> b.framing(framing));
    assertThatThrownBy(() -> client.call(Echo.ECHO, Echo.args("biz")))
        .isInstanceOfSatisfying(BizStatusException.class, e -> {
          assertThat(e.statusCode()).isEqualTo(1001);
          assertThat(e.getMessage()).isEqualTo("quota exceeded");
          assertThat(e.extra()).isEqualTo(Map.of("quota", "0", "note", "a \"quoted\" value"));
        });
    assertThat(client.call(Echo.ECHO, Echo.args("fine")).success()).isEqualTo("fine");
  }

  @Test
  void bizStatusOnAConnectionWithoutHeadersIsAnInternalError() {
    ThriftServer server = server();
    ThriftClient client = client(server, b -> b.framing(Framing.FRAMED));
    assertThatThrownBy(() -> client.call(Echo.ECHO, Echo.args("biz")))
        .isInstanceOfSatisfying(RemoteException.class, e -> {
          assertThat(e.code()).isEqualTo(RemoteException.INTERNAL_ERROR);
          assertThat(e.getMessage()).contains("biz status 1001", "quota exceeded");
        });
  }

  @Test
  void bizStatusReplyLooksLikeKitexOnTheWire() throws Exception {
    ThriftServer server = server();
    try (RawConnection raw = new RawConnection(server.address(), Framing.TTHEADER, ThriftProtocol.BINARY)) {
      raw.sendEcho("echo", 7, new HeaderInfo().seqId(7), "biz");
      RawConnection.Reply reply = raw.readReply();
      // a normal REPLY with an empty result struct, the status in string keys
      assertThat(reply.message().type()).isEqualTo(TMessageType.REPLY);
      assertThat(reply.message().seqId()).isEqualTo(7);
      assertThat(reply.header().seqId()).isEqualTo(7);
      assertThat(reply.result()).isEqualTo(new Echo.Result(null, null));
      assertThat(reply.header().header(HeaderInfo.BIZ_STATUS)).isEqualTo("1001");
      assertThat(reply.header().header(HeaderInfo.BIZ_MESSAGE)).isEqualTo("quota exceeded");
      assertThat(reply.header().header(HeaderInfo.BIZ_EXTRA)).contains("\"quota\":\"0\"");
      assertThat(reply.header().intHeader(HeaderInfo.MSG_TYPE)).isEqualTo("2");
    }
  }

  @Test
  void repliesOnFramedConnectionsLeaveInRequestOrder() throws Exception {
    ThriftServer server = server();
    try (RawConnection raw = new RawConnection(server.address(), Framing.FRAMED, ThriftProtocol.BINARY)) {
      raw.sendEcho("echo", 1, null, "sleep:150");
      raw.sendEcho("echo", 2, null, "fast");
      assertThat(raw.readReply().message().seqId()).isEqualTo(1);
      assertThat(raw.readReply().message().seqId()).isEqualTo(2);
    }
  }

  @Test
  void repliesOnTTHeaderConnectionsLeaveWhenReady() throws Exception {
    ThriftServer server = server();
    try (RawConnection raw = new RawConnection(server.address(), Framing.TTHEADER, ThriftProtocol.COMPACT)) {
      Echo.gate = new java.util.concurrent.CountDownLatch(1);
      raw.sendEcho("echo", 1, new HeaderInfo().seqId(1), "block");
      raw.sendEcho("echo", 2, new HeaderInfo().seqId(2), "fast");
      RawConnection.Reply first = raw.readReply();
      assertThat(first.message().seqId()).isEqualTo(2);
      assertThat(first.header().seqId()).isEqualTo(2);
      Echo.gate.countDown();
      assertThat(raw.readReply().result().success()).isEqualTo("opened");
    }
  }

  @Test
  void malformedArgumentsGetAProtocolErrorAndCloseOnlyThatConnection() throws Exception {
    ThriftServer server = server();
    ThriftClient bystander = client(server);
    assertThat(bystander.call(Echo.ECHO, Echo.args("before")).success()).isEqualTo("before");
    try (RawConnection raw = new RawConnection(server.address(), Framing.FRAMED, ThriftProtocol.BINARY)) {
      raw.send("echo", TMessageType.CALL, 5, null, w -> {
        w.writeStructBegin("Args");
        w.writeFieldBegin((byte) 99, (short) 1); // no such type
        w.writeI32(1);
      });
      RawConnection.Reply reply = raw.readReply();
      assertThat(reply.message().seqId()).isEqualTo(5);
      assertThat(reply.error().code()).isEqualTo(RemoteException.PROTOCOL_ERROR);
      assertThat(raw.closedByServer()).isTrue();
    }
    assertThat(bystander.call(Echo.ECHO, Echo.args("after")).success()).isEqualTo("after");
  }

  @Test
  void idleConnectionsAreClosedButNotWhileACallIsRunning() throws Exception {
    ThriftServer server = server(b -> b.idleTimeout(Duration.ofMillis(200)));
    Echo.gate = new java.util.concurrent.CountDownLatch(1);
    try (RawConnection busy = new RawConnection(server.address(), Framing.FRAMED, ThriftProtocol.BINARY);
        RawConnection idle = new RawConnection(server.address(), Framing.FRAMED, ThriftProtocol.BINARY)) {
      busy.sendEcho("echo", 1, null, "block");
      idle.sendEcho("echo", 1, null, "quick");
      assertThat(idle.readReply().result().success()).isEqualTo("quick");
      assertThat(idle.closedByServer()).isTrue(); // waits for the close: the idle timeout, then the FIN
      Thread.sleep(400); // two idle periods pass while the blocked call runs
      Echo.gate.countDown();
      assertThat(busy.readReply().result().success()).isEqualTo("opened"); // its connection was kept
    }
    // a pooled client reconnects after its connection was closed for idleness
    ThriftClient client = client(server);
    assertThat(client.call(Echo.ECHO, Echo.args("one")).success()).isEqualTo("one");
    await(() -> server.connectionCount() == 0);
    assertThat(client.call(Echo.ECHO, Echo.args("two")).success()).isEqualTo("two");
  }

  @Test
  void connectionsPastTheLimitAreClosedAtOnceAndTheOthersKeepWorking() throws Exception {
    ThriftServer server = server(b -> b.maxConnections(2));
    Address.Tcp a = (Address.Tcp) server.address();
    try (java.net.Socket first = new java.net.Socket(a.host(), a.port());
        java.net.Socket second = new java.net.Socket(a.host(), a.port())) {
      await(() -> server.connectionCount() == 2);
      try (java.net.Socket third = new java.net.Socket(a.host(), a.port())) {
        third.setSoTimeout(5000);
        assertThat(third.getInputStream().read()).isEqualTo(-1); // closed by the server
      }
    }
    await(() -> server.connectionCount() == 0);
    // with the two gone, a pooled client connects again
    assertThat(client(server).call(Echo.ECHO, Echo.args("after")).success()).isEqualTo("after");
  }

  @Test
  void bytesThatAreNotThriftCloseTheConnection() throws Exception {
    ThriftServer server = server();
    try (RawConnection raw = new RawConnection(server.address(), Framing.FRAMED, ThriftProtocol.BINARY)) {
      raw.sendBytes("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      assertThat(raw.read()).isNull();
    }
    try (RawConnection raw = new RawConnection(server.address(), Framing.FRAMED, ThriftProtocol.BINARY)) {
      raw.sendBytes(new byte[] {0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0x80, 0x01}); // 2 GiB frame
      RawConnection.Reply reply = raw.readReply();
      assertThat(reply.error().code()).isEqualTo(RemoteException.PROTOCOL_ERROR);
      assertThat(raw.closedByServer()).isTrue();
    }
    assertThat(client(server).call(Echo.ECHO, Echo.args("still serving")).success()).isEqualTo("still serving");
  }

  @Test
  void aClientThatLeavesMidCallLeavesNothingBehind() throws Exception {
    ThriftServer server = server();
    Echo.gate = new java.util.concurrent.CountDownLatch(1);
    try (RawConnection raw = new RawConnection(server.address(), Framing.FRAMED, ThriftProtocol.BINARY)) {
      raw.sendEcho("echo", 1, null, "block");
      await(() -> server.inFlight() == 1);
    }
    Echo.gate.countDown(); // the handler finishes after its client has gone
    await(() -> server.inFlight() == 0); // the reply was dropped quietly
    assertThat(client(server).call(Echo.ECHO, Echo.args("next")).success()).isEqualTo("next");
  }

  @Test
  void gracefulCloseDrainsCallsInFlightAndRejectsNewOnes() throws Exception {
    ThriftServer server = server(b -> b.gracePeriod(Duration.ofSeconds(5)));
    ThriftClient slow = client(server);
    ThriftClient other = client(server);
    assertThat(other.call(Echo.ECHO, Echo.args("warm")).success()).isEqualTo("warm"); // a pooled connection

    Echo.gate = new java.util.concurrent.CountDownLatch(1);
    CompletableFuture<Echo.Result> inFlight = slow.callAsync(Echo.ECHO, Echo.args("block"));
    await(() -> server.inFlight() == 1);
    long start = System.nanoTime();
    CompletableFuture<Void> closing = CompletableFuture.runAsync(server::close);

    // a new request on an open connection is refused while draining
    await(() -> {
      try {
        other.call(Echo.ECHO, Echo.args("during drain"));
        return false;
      } catch (RemoteException e) {
        return e.getMessage().contains("shutting down");
      } catch (TransportException e) {
        return false;
      }
    });
    // so is a new connection
    assertThatThrownBy(() -> client(server, b -> b.connectTimeout(Duration.ofMillis(300)))
        .call(Echo.ECHO, Echo.args("new")))
        .isInstanceOfSatisfying(TransportException.class,
            e -> assertThat(e.kind()).isEqualTo(TransportException.Kind.CONNECT_FAILED));
    // the call in flight completes
    Echo.gate.countDown();
    assertThat(inFlight.get(5, TimeUnit.SECONDS).success()).isEqualTo("opened");
    closing.get(5, TimeUnit.SECONDS);
    assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(3));
  }

  @Test
  void repliesDuringTheDrainAskKitexClientsNotToReuseTheConnection() throws Exception {
    ThriftServer server = server(b -> b.gracePeriod(Duration.ofSeconds(5)));
    ThriftClient slow = client(server);
    try (RawConnection raw = new RawConnection(server.address(), Framing.TTHEADER, ThriftProtocol.BINARY)) {
      raw.sendEcho("echo", 1, new HeaderInfo().seqId(1), "warm");
      assertThat(raw.readReply().header().header(HeaderInfo.CONNECTION_READY_TO_RESET)).isNull();

      Echo.gate = new java.util.concurrent.CountDownLatch(1);
      CompletableFuture<Echo.Result> inFlight = slow.callAsync(Echo.ECHO, Echo.args("block"));
      await(() -> server.inFlight() == 1);
      CompletableFuture<Void> closing = CompletableFuture.runAsync(server::close);
      await(() -> !closing.isDone() && server.inFlight() == 1 && server.isDraining());

      raw.sendEcho("echo", 2, new HeaderInfo().seqId(2), "during drain");
      RawConnection.Reply reply = raw.readReply();
      assertThat(reply.error().getMessage()).contains("shutting down");
      assertThat(reply.header().header(HeaderInfo.CONNECTION_READY_TO_RESET)).isNotNull();
      Echo.gate.countDown();
      assertThat(inFlight.get(5, TimeUnit.SECONDS).success()).isEqualTo("opened");
      closing.get(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void aReplyThatCannotBeEncodedBecomesAnInternalError() {
    ThriftServiceDefinition broken = ThriftServiceDefinition.builder("Broken")
        .blocking(Echo.method("Broken", "nothing"), a -> null) // a result struct is required
        .blocking(Echo.method("Broken", "huge"), a -> {
          CallContext.current().metainfo().putBackward("big", "x".repeat(70_000)); // over TTHeader's 64 KiB strings
          return Echo.Result.ok("fine");
        })
        .build();
    ThriftServer server = server(b -> b.addService(broken));
    ThriftClient client = client(server, b -> b.framing(Framing.TTHEADER));
    for (String method : new String[] {"nothing", "huge"}) {
      assertThatThrownBy(() -> client.call(Echo.method("Broken", method), Echo.args("x")))
          .isInstanceOfSatisfying(RemoteException.class, e -> {
            assertThat(e.code()).isEqualTo(RemoteException.INTERNAL_ERROR);
            assertThat(e.getMessage()).contains("cannot encode the reply");
          });
    }
    assertThat(client.call(Echo.ECHO, Echo.args("still fine")).success()).isEqualTo("still fine");
  }

  @Test
  void callsStillRunningAfterTheGracePeriodLoseTheirConnection() throws Exception {
    ThriftServer server = server(b -> b.gracePeriod(Duration.ofMillis(100)));
    ThriftClient client = client(server);
    CompletableFuture<Echo.Result> stuck = client.callAsync(Echo.ECHO, Echo.args("sleep:3000"));
    await(() -> server.inFlight() == 1);
    long start = System.nanoTime();
    server.close();
    assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(2));
    assertThatThrownBy(() -> stuck.get(5, TimeUnit.SECONDS)).cause()
        .isInstanceOfSatisfying(TransportException.class,
            e -> assertThat(e.kind()).isEqualTo(TransportException.Kind.CONNECTION_CLOSED));
  }

  @Test
  void servesOverUnixDomainSockets() {
    Address path = Address.unix(dir.resolve("tern.sock"));
    ThriftServer server = server(b -> b.address(path));
    assertThat(server.address()).isEqualTo(path);
    assertThat(server.port()).isEqualTo(-1);
    for (Framing framing : Framing.values()) {
      ThriftClient client = client(server, b -> b.framing(framing));
      assertThat(client.call(Echo.ECHO, Echo.args("over " + framing)).success()).isEqualTo("over " + framing);
    }
  }

  @Test
  void middlewareSeesTheCallAndMayAnswerItself() {
    ThriftServer server = server(b -> b.middleware(next -> (ctx, req) -> {
      if (((Echo.Args) req).message().equals("forbidden")) {
        return CompletableFuture.failedFuture(new RemoteException(RemoteException.UNKNOWN, "denied " + ctx.method()));
      }
      return next.call(ctx, req).thenApply(r -> Echo.Result.ok(((Echo.Result) r).success() + "!"));
    }));
    ThriftClient client = client(server);
    assertThat(client.call(Echo.ECHO, Echo.args("hi")).success()).isEqualTo("hi!");
    assertThatThrownBy(() -> client.call(Echo.ECHO, Echo.args("forbidden")))
        .isInstanceOfSatisfying(RemoteException.class, e -> {
          assertThat(e.code()).isEqualTo(RemoteException.UNKNOWN);
          assertThat(e.getMessage()).startsWith("denied echo");
        });
  }

  @Test
  void aRejectedCallIsAnsweredWithAnInternalError() throws Exception {
    ThriftServer server = server(b -> b.handlerExecutor(task -> {
      throw new RejectedExecutionException("full");
    }));
    assertThatThrownBy(() -> client(server).call(Echo.ECHO, Echo.args("x")))
        .isInstanceOfSatisfying(RemoteException.class, e -> {
          assertThat(e.code()).isEqualTo(RemoteException.INTERNAL_ERROR);
          assertThat(e.getMessage()).contains("overloaded");
        });
    await(() -> server.inFlight() == 0);
  }

  @Test
  void aReplyOfTheWrongTypeIsAProtocolError() throws Exception {
    ThriftServer server = server();
    try (RawConnection raw = new RawConnection(server.address(), Framing.FRAMED, ThriftProtocol.BINARY)) {
      raw.send("echo", TMessageType.REPLY, 3, null, w -> {
        w.writeStructBegin("");
        w.writeFieldStop();
        w.writeStructEnd();
      });
      assertThat(raw.readReply().error().code()).isEqualTo(RemoteException.PROTOCOL_ERROR);
      assertThat(raw.closedByServer()).isTrue();
    }
  }
}
