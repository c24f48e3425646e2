package dev.tern.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.core.CallContext;
import dev.tern.core.Metainfo;
import dev.tern.core.RemoteException;
import dev.tern.core.RpcTimeoutException;
import dev.tern.thrift.ThriftProtocol;
import dev.tern.thrift.ThriftServiceDefinition;
import dev.tern.thrift.transport.Framing;
import dev.tern.thrift.transport.HeaderInfo;
import dev.tern.transport.Address;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Metainfo scopes, caller names and deadlines across two hops: client -> A -> B. */
class MetainfoDeadlineTest extends RpcTestSupport {

  /** Describes what a handler sees of its call. */
  private static String seen() {
    CallContext ctx = CallContext.current();
    Metainfo m = ctx.metainfo();
    return "t=" + m.getTransient("t") + " p=" + m.getPersistent("p") + " caller=" + ctx.callerService()
        + " remainingMs=" + (ctx.hasDeadline() ? ctx.remainingNanos() / 1_000_000 : -1);
  }

  @Test
  void metainfoCallerAndDeadlineTravelAsKitexDoes() {
    // B: reports what it sees and sends a backward value
    ThriftServer b = track(ThriftServer.builder()
        .address(Address.tcp("127.0.0.1", 0))
        .addService(ThriftServiceDefinition.builder("B")
            .blocking(Echo.echo("B"), a -> {
              CallContext.current().metainfo().putBackward("from-b", "b-value");
              return Echo.Result.ok(seen());
            })
            .build())
        .build()
        .start());
    ThriftClient toB = track(ThriftClient.builder().address(b.address()).framing(Framing.TTHEADER).build());

    // A: reports what it sees, calls B, passes B's backward value on in its own
    ThriftServer a = track(ThriftServer.builder()
        .address(Address.tcp("127.0.0.1", 0))
        .addService(ThriftServiceDefinition.builder("A")
            .blocking(Echo.echo("A"), args -> {
              String atA = seen();
              Metainfo fromB = new Metainfo();
              String atB = toB.with(CallOptions.ofMetainfo(fromB)).call(Echo.echo("B"), args).success();
              CallContext.current().metainfo().putBackward("from-a", "a saw " + fromB.getBackward("from-b"));
              return Echo.Result.ok(atA + " | " + atB);
            })
            .build())
        .build()
        .start());
    ThriftClient client = track(ThriftClient.builder()
        .address(a.address())
        .framing(Framing.TTHEADER)
        .callerService("front")
        .rpcTimeout(Duration.ofSeconds(2))
        .build());

    Metainfo meta = new Metainfo().putTransient("t", "tv").putPersistent("p", "pv");
    String[] hops = client.with(CallOptions.ofMetainfo(meta)).call(Echo.echo("A"), Echo.args("go")).success().split(" \\| ");

    // A: the transient value (one hop), the persistent one, the caller's name, a deadline under 2 s
    assertThat(hops[0]).startsWith("t=tv p=pv caller=front remainingMs=");
    long remainingAtA = Long.parseLong(hops[0].substring(hops[0].lastIndexOf('=') + 1));
    assertThat(remainingAtA).isBetween(1L, 2000L);
    // B: no transient value, the persistent one, A's service as the caller, an even shorter deadline
    assertThat(hops[1]).startsWith("t=null p=pv caller=A remainingMs=");
    long remainingAtB = Long.parseLong(hops[1].substring(hops[1].lastIndexOf('=') + 1));
    assertThat(remainingAtB).isBetween(1L, remainingAtA);
    // backward values go one hop back: B's reached A, A's reached the client
    assertThat(meta.getBackward("from-a")).isEqualTo("a saw b-value");
    assertThat(meta.getBackward("from-b")).isNull();
  }

  @Test
  void aCallWhoseDeadlinePassedBeforeItsHandlerRanIsNotRun() throws Exception {
    AtomicInteger ran = new AtomicInteger();
    ThriftServer server = track(ThriftServer.builder()
        .address(Address.tcp("127.0.0.1", 0))
        .addService(ThriftServiceDefinition.builder(Echo.SERVICE)
            .blocking(Echo.ECHO, args -> {
              ran.incrementAndGet();
              return Echo.Result.ok(args.message());
            })
            .build())
        // every call waits 100 ms for a thread: longer than the 20 ms the caller allows
        .handlerExecutor(CompletableFuture.delayedExecutor(100, TimeUnit.MILLISECONDS))
        .build()
        .start());
    try (RawConnection raw = new RawConnection(server.address(), Framing.TTHEADER, ThriftProtocol.BINARY)) {
      raw.sendEcho("echo", 1, new HeaderInfo().seqId(1).intHeader(HeaderInfo.RPC_TIMEOUT, "20"), "late");
      RawConnection.Reply reply = raw.readReply();
      assertThat(reply.error().code()).isEqualTo(RemoteException.INTERNAL_ERROR);
      assertThat(reply.error().getMessage()).contains("deadline exceeded");
      // without a timeout, or with Kitex's "0" for none, the handler runs
      raw.sendEcho("echo", 2, new HeaderInfo().seqId(2).intHeader(HeaderInfo.RPC_TIMEOUT, "0"), "on time");
      assertThat(raw.readReply().result().success()).isEqualTo("on time");
    }
    assertThat(ran.get()).isEqualTo(1);
  }

  @Test
  void aDownstreamCallKeepsWithinTheDeadlineOfTheCallBeingHandled() throws Exception {
    ThriftServer slow = server();
    ThriftClient toSlow = client(slow, b -> b.framing(Framing.TTHEADER).rpcTimeout(Duration.ofSeconds(10)));
    AtomicReference<String> inner = new AtomicReference<>();
    ThriftServer front = track(ThriftServer.builder()
        .address(Address.tcp("127.0.0.1", 0))
        .addService(ThriftServiceDefinition.builder("Front")
            .blocking(Echo.echo("Front"), args -> {
              long start = System.nanoTime();
              try {
                toSlow.call(Echo.ECHO, Echo.args("sleep:2000"));
                inner.set("no timeout");
              } catch (RpcTimeoutException e) {
                inner.set("timed out after " + (System.nanoTime() - start) / 1_000_000 + " ms");
              }
              return Echo.Result.ok("done");
            })
            .build())
        .build()
        .start());
    ThriftClient client = client(front, b -> b.framing(Framing.TTHEADER).rpcTimeout(Duration.ofMillis(300)));
    client.callAsync(Echo.echo("Front"), Echo.args("go")); // its own outcome races the inner timeout
    await(() -> inner.get() != null);
    // the inner call got what was left of the outer 300 ms (plus timer slack), not its own 10 s
    assertThat(inner.get()).startsWith("timed out after ");
    long ms = Long.parseLong(inner.get().replaceAll("\\D", ""));
    assertThat(ms).isBetween(200L, 1000L);
  }
}
