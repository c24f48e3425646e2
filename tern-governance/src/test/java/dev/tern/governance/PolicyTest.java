package dev.tern.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tern.core.CallContext;
import dev.tern.core.Middleware;
import dev.tern.core.RpcTimeoutException;
import dev.tern.core.Service;
import dev.tern.core.TransportException;
import dev.tern.governance.circuitbreak.CircuitOpenException;
import dev.tern.governance.discovery.Instance;
import dev.tern.governance.discovery.StaticResolver;
import dev.tern.governance.loadbalance.LoadBalancingMiddleware;
import dev.tern.governance.policy.FallbackMiddleware;
import dev.tern.governance.policy.PerMethodMiddleware;
import dev.tern.governance.policy.TimeoutMiddleware;
import dev.tern.rpc.ThriftClient;
import dev.tern.rpc.ThriftServer;
import dev.tern.transport.Address;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Fallbacks, per-method policies, timeouts and warm-up. */
@Timeout(20)
class PolicyTest {

  private static CallContext call(String method) {
    return new CallContext(CallContext.Role.CLIENT, "Hello", method);
  }

  /** A middleware that prefixes the response with {@code tag}. */
  private static Middleware<Object, Object> tag(String tag) {
    return next -> (ctx, req) -> next.call(ctx, req).thenApply(r -> tag + r);
  }

  private static final Service<Object, Object> ECHO = (ctx, req) -> CompletableFuture.completedFuture(req);

  @Test
  void fallbackTurnsTimeoutsAndOpenBreakersIntoAnswersAndLetsOtherErrorsThrough() {
    FallbackMiddleware fallback = FallbackMiddleware.onTimeoutOrCircuitOpen((ctx, e) -> "cached for " + ctx.method());
    List<Throwable> errors = List.of(new RpcTimeoutException(RpcTimeoutException.Phase.RPC, "late"),
        new CircuitOpenException("10.0.0.1:8888"));
    for (Throwable error : errors) {
      CallContext ctx = call("price");
      Object answer = fallback.wrap((c, r) -> CompletableFuture.failedFuture(error)).call(ctx, "req").join();
      assertThat(answer).isEqualTo("cached for price");
      assertThat(GovernanceEvents.of(ctx).list()).containsExactly("fallback after " + error.getClass().getSimpleName());
    }
    TransportException refused = new TransportException(TransportException.Kind.CONNECT_FAILED, "refused");
    assertThatThrownBy(() -> fallback.wrap((c, r) -> { throw refused; }).call(call("price"), "req").join())
        .isInstanceOf(CompletionException.class).cause().isSameAs(refused);

    FallbackMiddleware rethrowing = FallbackMiddleware.onError((ctx, e) -> { throw new IllegalStateException("no cache"); });
    assertThatThrownBy(() -> rethrowing.wrap((c, r) -> CompletableFuture.failedFuture(refused)).call(call("m"), "x").join())
        .cause().isInstanceOf(IllegalStateException.class).hasMessage("no cache");
  }

  @Test
  void aFallbackAnswersForARealServerThatIsTooSlow() {
    Hello.Handler handler = new Hello.Handler("slow");
    handler.delayMillis.set(2_000);
    try (ThriftServer server = ThriftServer.builder().address(Address.tcp("127.0.0.1", 0))
             .addService(handler.definition()).gracePeriod(Duration.ofMillis(100)).build().start();
         ThriftClient client = ThriftClient.builder().address(server.address()).rpcTimeout(Duration.ofMillis(100))
             .middleware(FallbackMiddleware.onTimeoutOrCircuitOpen((ctx, e) -> "default")).build()) {
      assertThat(client.call(Hello.HELLO, "n")).isEqualTo("default");
    }
  }

  @Test
  void eachMethodGetsItsOwnPolicyAndPoliciesChangeAtRunTime() {
    PerMethodMiddleware policies = PerMethodMiddleware.builder()
        .method("read", tag("retry:"), tag("timeout:"))
        .method("write")
        .otherwise(tag("default:"))
        .build();
    Service<Object, Object> svc = policies.wrap(ECHO);
    assertThat(svc.call(call("read"), "r").join()).isEqualTo("retry:timeout:r");
    assertThat(svc.call(call("write"), "w").join()).isEqualTo("w");
    assertThat(svc.call(call("other"), "o").join()).isEqualTo("default:o");

    policies.set("write", tag("breaker:")).setOtherwise();
    assertThat(svc.call(call("write"), "w").join()).isEqualTo("breaker:w");
    assertThat(svc.call(call("other"), "o").join()).isEqualTo("o");
    assertThat(svc.call(call("read"), "r").join()).isEqualTo("retry:timeout:r");
  }

  @Test
  void aTimeoutPolicyShortensTheDeadlineButNeverExtendsIt() {
    Service<Object, Object> remaining = (ctx, req) -> CompletableFuture.completedFuture(ctx.remainingNanos());
    Service<Object, Object> svc = TimeoutMiddleware.of(Duration.ofMillis(200)).wrap(remaining);
    long fromLong = (long) svc.call(call("m").timeout(Duration.ofSeconds(10)), "x").join();
    assertThat(fromLong).isBetween(1L, TimeUnit.MILLISECONDS.toNanos(200));
    long fromShort = (long) svc.call(call("m").timeout(Duration.ofMillis(50)), "x").join();
    assertThat(fromShort).isLessThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(50));
    long fromNone = (long) svc.call(call("m"), "x").join();
    assertThat(fromNone).isBetween(1L, TimeUnit.MILLISECONDS.toNanos(200));
  }

  @Test
  void warmUpResolvesBeforeTheFirstCall() throws Exception {
    StaticResolver resolver = StaticResolver.create();
    try (LoadBalancingMiddleware lb = LoadBalancingMiddleware.builder(resolver, "hello").build()) {
      assertThatThrownBy(lb::warmUp).isInstanceOf(IllegalStateException.class); // nothing known yet
      resolver.update("hello", List.of(Instance.of("127.0.0.1:9001", 10)));
      assertThat(lb.warmUp()).containsExactly(Instance.of("127.0.0.1:9001", 10));
      assertThat(lb.instances()).containsExactly(Instance.of("127.0.0.1:9001", 10));
    }
  }
}
