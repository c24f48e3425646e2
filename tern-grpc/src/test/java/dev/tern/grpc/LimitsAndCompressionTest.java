package dev.tern.grpc;

import static dev.tern.grpc.Echo.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.StringValue;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** gzip both ways, message and header size limits. */
class LimitsAndCompressionTest {

  private GrpcServer server;
  private GrpcClient client;

  @BeforeEach
  void start() {
    GrpcServiceDefinition svc = Echo.blocking()
        .unary(Echo.method("Big", MethodType.UNARY), r -> s("b".repeat(Integer.parseInt(r.getValue()))))
        .unary(Echo.method("Headers", MethodType.UNARY), r -> {
          GrpcContext.responseHeaders().add("x-big", "h".repeat(Integer.parseInt(r.getValue())));
          return r;
        })
        .build();
    server = GrpcServer.builder().port(0).addService(svc).maxInboundMessageSize(1 << 20).build().start();
    client = GrpcClient.builder().address("127.0.0.1:" + server.port()).rpcTimeout(Duration.ofSeconds(5))
        .maxInboundMessageSize(64 * 1024).build();
  }

  @AfterEach
  void stop() {
    client.close();
    server.close();
  }

  @Test
  void gzipBothWays() {
    GrpcClient gzip = client.with(GrpcCallOptions.defaults().withCompression("gzip"));
    String text = "compressible ".repeat(4000);
    assertThat(gzip.unary(Echo.UNARY, s(text)).getValue()).isEqualTo("echo:" + text);
    BidiStreamingCall<StringValue, StringValue> chat = gzip.bidiStreaming(Echo.CHAT);
    for (int i = 0; i < 3; i++) {
      chat.send(s(text + i));
      assertThat(chat.receive().getValue()).isEqualTo("re:" + text + i);
    }
    chat.complete();
    assertThat(chat.receive()).isNull();
    // a response larger than the client's limit uncompressed is refused even when it is small on the wire
    assertThatThrownBy(() -> gzip.unary(Echo.method("Big", MethodType.UNARY), s("100000")))
        .isInstanceOfSatisfying(GrpcStatusException.class,
            e -> assertThat(e.code()).isEqualTo(GrpcStatus.Code.RESOURCE_EXHAUSTED));
  }

  @Test
  void aCompressedRequestThatInflatesPastTheLimitIsRefused() {
    GrpcClient gzip = client.with(GrpcCallOptions.defaults().withCompression("gzip"));
    assertThatThrownBy(() -> gzip.unary(Echo.UNARY, s("\0".repeat(2 << 20))))
        .isInstanceOfSatisfying(GrpcStatusException.class, e -> {
          assertThat(e.code()).isEqualTo(GrpcStatus.Code.RESOURCE_EXHAUSTED);
          assertThat(e.description()).contains("decompressed");
        });
    assertThat(gzip.unary(Echo.UNARY, s("ok")).getValue()).isEqualTo("echo:ok");
  }

  @Test
  void messagesOverTheLimitsAreRefusedAndTheConnectionCarriesOn() {
    assertThatThrownBy(() -> client.unary(Echo.UNARY, s("x".repeat(2 << 20))))
        .isInstanceOfSatisfying(GrpcStatusException.class, e -> {
          assertThat(e.code()).isEqualTo(GrpcStatus.Code.RESOURCE_EXHAUSTED);
          assertThat(e.description()).contains("1048576");
        });
    assertThatThrownBy(() -> client.unary(Echo.method("Big", MethodType.UNARY), s("70000")))
        .isInstanceOfSatisfying(GrpcStatusException.class,
            e -> assertThat(e.code()).isEqualTo(GrpcStatus.Code.RESOURCE_EXHAUSTED));
    assertThat(client.unary(Echo.method("Big", MethodType.UNARY), s("60000")).getValue()).hasSize(60000);
    try (GrpcClient roomy = GrpcClient.builder().address("127.0.0.1:" + server.port()).build()) {
      assertThat(roomy.unary(Echo.UNARY, s("x".repeat(1000_000))).getValue()).hasSize(1000_005); // just under 1 MiB
    }
  }

  @Test
  void headerListLimits() {
    GrpcClient bigHeaders = client.with(GrpcCallOptions.defaults().withHeader("x-big", "a".repeat(9000)));
    // the server announced 8 KiB: the client refuses to send more
    assertThatThrownBy(() -> bigHeaders.unary(Echo.UNARY, s("")))
        .isInstanceOfSatisfying(GrpcStatusException.class, e -> {
          assertThat(e.code()).isEqualTo(GrpcStatus.Code.RESOURCE_EXHAUSTED);
          assertThat(e.isRetryable()).isFalse();
        });
    // response headers over the client's 8 KiB: the stream fails, the connection is fine
    assertThatThrownBy(() -> client.unary(Echo.method("Headers", MethodType.UNARY), s("9000")))
        .isInstanceOfSatisfying(GrpcStatusException.class,
            e -> assertThat(e.code()).isEqualTo(GrpcStatus.Code.RESOURCE_EXHAUSTED));
    assertThat(client.unary(Echo.method("Headers", MethodType.UNARY), s("100")).getValue()).isEqualTo("100");
  }
}
