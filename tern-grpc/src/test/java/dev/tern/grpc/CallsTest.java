package dev.tern.grpc;

import static dev.tern.grpc.Echo.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.StringValue;
import dev.tern.core.BizStatusException;
import dev.tern.core.CallContext;
import dev.tern.core.Middleware;
import dev.tern.transport.Address;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every call kind, blocking and async on both sides, the call context, middleware and error statuses. */
class CallsTest {

  private final List<AutoCloseable> closeables = new ArrayList<>();

  private GrpcServer serve(GrpcServer.Builder b) {
    GrpcServer server = b.port(0).build().start();
    closeables.add(server);
    return server;
  }

  private GrpcClient client(GrpcServer server) {
    GrpcClient c = GrpcClient.builder().address("127.0.0.1:" + server.port()).rpcTimeout(Duration.ofSeconds(10)).build();
    closeables.add(c);
    return c;
  }

  @AfterEach
  void close() throws Exception {
    Collections.reverse(closeables);
    for (AutoCloseable c : closeables) c.close();
  }

  private static void blockingCallsWork(GrpcClient client) {
    assertThat(client.unary(Echo.UNARY, s("hi")).getValue()).isEqualTo("echo:hi");
    assertThat(Echo.values(client.serverStreaming(Echo.SPLIT, s("a b c")))).containsExactly("a", "b", "c");
    ClientStreamingCall<StringValue, StringValue> join = client.clientStreaming(Echo.JOIN);
    join.send(s("x"));
    join.send(s("y"));
    assertThat(join.completeAndReceive().getValue()).isEqualTo("x y");
    BidiStreamingCall<StringValue, StringValue> chat = client.bidiStreaming(Echo.CHAT);
    for (int i = 0; i < 5; i++) { // ping-pong
      chat.send(s("m" + i));
      assertThat(chat.receive().getValue()).isEqualTo("re:m" + i);
    }
    chat.complete();
    assertThat(chat.receive()).isNull();
    assertThat(chat.trailers()).isNotNull();
  }

  @Test
  void blockingHandlers() {
    blockingCallsWork(client(serve(GrpcServer.builder().addService(Echo.blocking().build()))));
  }

  @Test
  void asyncHandlers() {
    GrpcServiceDefinition async = GrpcServiceDefinition.builder(Echo.SERVICE)
        .unaryAsync(Echo.UNARY, r -> CompletableFuture.supplyAsync(() -> s("echo:" + r.getValue())))
        .serverStreamingAsync(Echo.SPLIT, (r, out) -> {
          for (String w : r.getValue().split(" ")) out.onNext(s(w));
          out.onCompleted();
        })
        .clientStreamingAsync(Echo.JOIN, out -> {
          List<String> words = new ArrayList<>();
          return new StreamObserver<>() {
            @Override public void onNext(StringValue v) { words.add(v.getValue()); }
            @Override public void onError(Throwable t) {}
            @Override public void onCompleted() {
              out.onNext(s(String.join(" ", words)));
              out.onCompleted();
            }
          };
        })
        .bidiStreamingAsync(Echo.CHAT, out -> new StreamObserver<>() {
          @Override public void onNext(StringValue v) { out.onNext(s("re:" + v.getValue())); }
          @Override public void onError(Throwable t) {}
          @Override public void onCompleted() { out.onCompleted(); }
        })
        .build();
    blockingCallsWork(client(serve(GrpcServer.builder().addService(async))));
  }

  @Test
  void asyncClient() throws Exception {
    GrpcClient client = client(serve(GrpcServer.builder().addService(Echo.blocking().build())));
    assertThat(client.unaryAsync(Echo.UNARY, s("a")).get(5, TimeUnit.SECONDS).getValue()).isEqualTo("echo:a");

    Collector split = new Collector();
    client.serverStreamingAsync(Echo.SPLIT, s("p q"), split);
    assertThat(split.done.get(5, TimeUnit.SECONDS)).containsExactly("p", "q");

    Collector join = new Collector();
    FlowControlledObserver<StringValue> requests = client.clientStreamingAsync(Echo.JOIN, join);
    requests.onNext(s("1"));
    requests.onNext(s("2"));
    requests.onCompleted();
    assertThat(join.done.get(5, TimeUnit.SECONDS)).containsExactly("1 2");

    Collector chat = new Collector();
    FlowControlledObserver<StringValue> talk = client.bidiStreamingAsync(Echo.CHAT, chat);
    for (int i = 0; i < 1000; i++) talk.onNext(s(Integer.toString(i)));
    talk.onCompleted();
    List<String> replies = chat.done.get(5, TimeUnit.SECONDS);
    assertThat(replies).hasSize(1000).startsWith("re:0").endsWith("re:999");
  }

  @Test
  void asyncClientWithManualFlowControl() throws Exception {
    GrpcClient client = client(serve(GrpcServer.builder().addService(Echo.blocking().build())));
    Collector chat = new Collector();
    FlowControlledObserver<StringValue> talk = client.bidiStreamingAsync(Echo.CHAT, chat);
    talk.disableAutoRequest();
    for (int i = 0; i < 5; i++) talk.onNext(s(Integer.toString(i)));
    talk.onCompleted();
    talk.request(2);
    chat.awaitCount(2);
    assertThat(chat.done).isNotDone();
    talk.request(10);
    assertThat(chat.done.get(5, TimeUnit.SECONDS)).hasSize(5);
  }

  @Test
  void handlersSeeTheirCallContext() {
    AtomicReference<String> seen = new AtomicReference<>();
    GrpcServiceDefinition svc = GrpcServiceDefinition.builder(Echo.SERVICE)
        .unary(Echo.UNARY, r -> {
          CallContext ctx = CallContext.current();
          seen.set(ctx.role() + " " + ctx.service() + "/" + ctx.method() + " deadline=" + ctx.hasDeadline()
              + " remainingOk=" + (ctx.remainingNanos() > 0 && ctx.remainingNanos() <= TimeUnit.SECONDS.toNanos(10))
              + " peer=" + (ctx.remoteAddress() != null));
          return r;
        }).build();
    GrpcClient client = client(serve(GrpcServer.builder().addService(svc)));
    client.unary(Echo.UNARY, s(""));
    assertThat(seen.get()).isEqualTo("SERVER tern.test.Echo/Unary deadline=true remainingOk=true peer=true");
    GrpcServer other = serve(GrpcServer.builder().addService(svc));
    GrpcClient noTimeout = GrpcClient.builder().address("127.0.0.1:" + other.port()).build();
    closeables.add(noTimeout);
    noTimeout.unary(Echo.UNARY, s(""));
    assertThat(seen.get()).contains("deadline=false");
  }

  @Test
  void middlewareOnBothSidesAndCallTargetRouting() {
    List<String> log = new CopyOnWriteArrayList<>();
    Middleware<Object, Object> serverMw = next -> (ctx, req) -> {
      log.add("server " + ctx.method() + " " + ((StringValue) req).getValue());
      if (((StringValue) req).getValue().equals("blocked")) {
        return CompletableFuture.failedFuture(GrpcStatus.of(GrpcStatus.Code.PERMISSION_DENIED).asException());
      }
      return next.call(ctx, req).thenApply(r -> s(((StringValue) r).getValue() + "+mw"));
    };
    GrpcServer server = serve(GrpcServer.builder().addService(Echo.blocking().build()).middleware(serverMw));
    Middleware<Object, Object> balancer = next -> (ctx, req) -> {
      log.add("client " + ctx.service() + "." + ctx.method());
      ctx.attr(Address.CALL_TARGET, Address.tcp("127.0.0.1", server.port()));
      return next.call(ctx, req);
    };
    GrpcClient client = GrpcClient.builder().middleware(balancer).build(); // no address of its own
    closeables.add(client);
    assertThat(client.unary(Echo.UNARY, s("x")).getValue()).isEqualTo("echo:x+mw");
    assertThatThrownBy(() -> client.unary(Echo.UNARY, s("blocked")))
        .isInstanceOfSatisfying(GrpcStatusException.class,
            e -> assertThat(e.code()).isEqualTo(GrpcStatus.Code.PERMISSION_DENIED));
    assertThat(log).containsExactly("client tern.test.Echo.Unary", "server Unary x",
        "client tern.test.Echo.Unary", "server Unary blocked");
    assertThatThrownBy(() -> client.serverStreaming(Echo.SPLIT, s("a")))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("configured address");
  }

  @Test
  void unknownServiceOrMethodIsUnimplemented() {
    GrpcClient client = client(serve(GrpcServer.builder().addService(Echo.blocking().build())));
    assertThatThrownBy(() -> client.unary(Echo.method("Missing", MethodType.UNARY), s("")))
        .isInstanceOfSatisfying(GrpcStatusException.class, e -> {
          assertThat(e.code()).isEqualTo(GrpcStatus.Code.UNIMPLEMENTED);
          assertThat(e.description()).isEqualTo("unknown method Missing of service tern.test.Echo");
        });
    MethodDescriptor<StringValue, StringValue> other =
        MethodDescriptor.of("no.Such", "Call", MethodType.BIDI_STREAMING, Echo.STRING, Echo.STRING);
    BidiStreamingCall<StringValue, StringValue> call = client.bidiStreaming(other);
    assertThatThrownBy(call::receive).isInstanceOfSatisfying(GrpcStatusException.class, e -> {
      assertThat(e.code()).isEqualTo(GrpcStatus.Code.UNIMPLEMENTED);
      assertThat(e.description()).isEqualTo("unknown service no.Such");
    });
    assertThatThrownBy(() -> client.unary(Echo.SPLIT, s(""))).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void handlerFailuresBecomeStatuses() {
    String special = "tab\t newline\n percent% unicode ☺ non-BMP 😈";
    GrpcServiceDefinition svc = GrpcServiceDefinition.builder(Echo.SERVICE)
        .unary(Echo.UNARY, r -> switch (r.getValue()) {
          case "status" -> throw GrpcStatus.of(GrpcStatus.Code.NOT_FOUND).withDescription(special)
              .asException(new Metadata().add("x-detail", "d").addBinary("x-raw-bin", new byte[] {0, -1}));
          case "biz" -> throw new BizStatusException(4001, "quota used up", Map.of("retry-after", "10"));
          case "bug" -> throw new IllegalStateException("broken invariant");
          default -> null; // cannot be marshalled
        })
        .serverStreaming(Echo.SPLIT, (r, out) -> {
          out.send(s("first"));
          throw GrpcStatus.of(GrpcStatus.Code.ABORTED).withDescription("midway").asException();
        })
        .build();
    GrpcClient client = client(serve(GrpcServer.builder().addService(svc)));
    assertThatThrownBy(() -> client.unary(Echo.UNARY, s("status"))).isInstanceOfSatisfying(GrpcStatusException.class, e -> {
      assertThat(e.code()).isEqualTo(GrpcStatus.Code.NOT_FOUND);
      assertThat(e.description()).isEqualTo(special);
      assertThat(e.trailers().get("x-detail")).isEqualTo("d");
      assertThat(e.trailers().getBinary("x-raw-bin")).containsExactly(0, -1);
    });
    assertThatThrownBy(() -> client.unary(Echo.UNARY, s("biz"))).isInstanceOfSatisfying(BizStatusException.class, e -> {
      assertThat(e.statusCode()).isEqualTo(4001);
      assertThat(e.getMessage()).isEqualTo("quota used up");
      assertThat(e.extra()).containsEntry("retry-after", "10");
    });
    assertThatThrownBy(() -> client.unary(Echo.UNARY, s("bug"))).isInstanceOfSatisfying(GrpcStatusException.class, e -> {
      assertThat(e.code()).isEqualTo(GrpcStatus.Code.UNKNOWN);
      assertThat(e.description()).isEqualTo("java.lang.IllegalStateException: broken invariant").doesNotContain("\tat ");
    });
    assertThatThrownBy(() -> client.unary(Echo.UNARY, s("null")))
        .isInstanceOfSatisfying(GrpcStatusException.class, e -> assertThat(e.code()).isEqualTo(GrpcStatus.Code.INTERNAL));
    ResponseStream<StringValue> stream = client.serverStreaming(Echo.SPLIT, s(""));
    assertThat(stream.receive().getValue()).isEqualTo("first"); // messages before the error still arrive
    assertThatThrownBy(stream::receive).isInstanceOfSatisfying(GrpcStatusException.class, e -> {
      assertThat(e.code()).isEqualTo(GrpcStatus.Code.ABORTED);
      assertThat(e.description()).isEqualTo("midway");
    });
  }

  @Test
  void callsShareOneConnectionUntilTheStreamLimit() throws Exception {
    Set<SocketAddress> peers = ConcurrentHashMap.newKeySet();
    CountDownLatch entered = new CountDownLatch(6);
    CountDownLatch release = new CountDownLatch(1);
    GrpcServiceDefinition svc = GrpcServiceDefinition.builder(Echo.SERVICE)
        .unary(Echo.UNARY, r -> {
          peers.add(CallContext.current().remoteAddress());
          if (r.getValue().equals("hold")) {
            entered.countDown();
            release.await();
          }
          return r;
        }).build();
    GrpcClient client = client(serve(GrpcServer.builder().addService(svc)));
    List<CompletableFuture<StringValue>> calls = new ArrayList<>();
    for (int i = 0; i < 200; i++) calls.add(client.unaryAsync(Echo.UNARY, s("x")));
    for (CompletableFuture<StringValue> f : calls) f.get(10, TimeUnit.SECONDS);
    assertThat(peers).hasSize(1); // 200 concurrent calls, one HTTP/2 connection

    peers.clear();
    GrpcClient limited = client(serve(GrpcServer.builder().addService(svc).maxConcurrentStreams(2)));
    List<CompletableFuture<StringValue>> held = new ArrayList<>();
    for (int i = 0; i < 6; i++) held.add(limited.unaryAsync(Echo.UNARY, s("hold")));
    assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(peers).hasSize(3); // two streams per connection allowed: three connections
    release.countDown();
    for (CompletableFuture<StringValue> f : held) assertThat(f.get(10, TimeUnit.SECONDS).getValue()).isEqualTo("hold");
  }

  @Test
  void reconnectsAfterTheServerComesBack() throws Exception {
    GrpcServer first = GrpcServer.builder().port(0).addService(Echo.blocking().build()).gracePeriod(Duration.ZERO)
        .build().start();
    int port = first.port();
    GrpcClient client = GrpcClient.builder().address("127.0.0.1:" + port).rpcTimeout(Duration.ofSeconds(5)).build();
    closeables.add(client);
    assertThat(client.unary(Echo.UNARY, s("1")).getValue()).isEqualTo("echo:1");
    first.close();
    assertThatThrownBy(() -> client.unary(Echo.UNARY, s("2"))).isInstanceOf(dev.tern.core.RpcException.class);
    closeables.add(GrpcServer.builder().address("127.0.0.1:" + port).addService(Echo.blocking().build()).build().start());
    assertThat(client.unary(Echo.UNARY, s("3")).getValue()).isEqualTo("echo:3");
  }

  /** Collects the values of a stream of StringValues. */
  static final class Collector implements StreamObserver<StringValue> {
    final List<String> values = new CopyOnWriteArrayList<>();
    final CompletableFuture<List<String>> done = new CompletableFuture<>();

    @Override
    public void onNext(StringValue value) {
      values.add(value.getValue());
    }

    @Override
    public void onError(Throwable t) {
      done.completeExceptionally(t);
    }

    @Override
    public void onCompleted() {
      done.complete(values);
    }

    void awaitCount(int n) throws InterruptedException {
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (values.size() < n && System.nanoTime() < end) Thread.sleep(5);
      assertThat(values).hasSizeGreaterThanOrEqualTo(n);
    }
  }
}
