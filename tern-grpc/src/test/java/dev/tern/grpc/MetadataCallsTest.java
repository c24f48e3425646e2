package dev.tern.grpc;

import static dev.tern.grpc.Echo.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.StringValue;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Request headers, response headers and trailers (text and -bin), captured by clients. */
class MetadataCallsTest {

  private GrpcServer server;
  private GrpcClient client;

  @BeforeEach
  void start() {
    GrpcServiceDefinition svc = GrpcServiceDefinition.builder(Echo.SERVICE)
        .unary(Echo.UNARY, r -> {
          Metadata in = GrpcContext.requestHeaders();
          GrpcContext.responseHeaders().add("x-echo-user", in.get("x-user"));
          GrpcContext.responseTrailers().addBinary("x-echo-bin", in.getBinary("x-token-bin"));
          GrpcContext.responseTrailers().add("x-count", Integer.toString(in.getAll("x-multi").size()));
          return s(in.get("user-agent"));
        })
        .bidiStreaming(Echo.CHAT, (in, out) -> {
          GrpcContext.responseHeaders().add("x-stage", "headers");
          for (StringValue v : in) out.send(v);
          GrpcContext.responseTrailers().add("x-stage", "trailers");
        })
        .serverStreaming(Echo.SPLIT, (r, out) -> {
          throw GrpcStatus.of(GrpcStatus.Code.FAILED_PRECONDITION)
              .asException(new Metadata().add("x-why", "trailers-only"));
        })
        .build();
    server = GrpcServer.builder().port(0).addService(svc).build().start();
    client = GrpcClient.builder().address("127.0.0.1:" + server.port()).rpcTimeout(Duration.ofSeconds(5)).build();
  }

  @AfterEach
  void stop() {
    client.close();
    server.close();
  }

  @Test
  void unaryHeadersAndTrailersRoundTrip() {
    ResponseMetadata captured = new ResponseMetadata();
    GrpcClient c = client.with(GrpcCallOptions.defaults()
        .withHeader("x-user", "ann")
        .withHeaders(new Metadata().addBinary("x-token-bin", new byte[] {0, 1, 2, (byte) 0xff})
            .add("x-multi", "a").add("x-multi", "b"))
        .capturing(captured));
    assertThat(c.unary(Echo.UNARY, s("")).getValue()).startsWith("tern-grpc/");
    assertThat(captured.headers().get("x-echo-user")).isEqualTo("ann");
    assertThat(captured.trailers().getBinary("x-echo-bin")).containsExactly(0, 1, 2, 0xff);
    assertThat(captured.trailers().get("x-count")).isEqualTo("2");
    assertThat(captured.trailers().containsKey("grpc-status")).isFalse();
  }

  @Test
  void streamingCallsExposeHeadersAndTrailers() {
    BidiStreamingCall<StringValue, StringValue> call = client.bidiStreaming(Echo.CHAT);
    call.send(s("x"));
    assertThat(call.headers().get("x-stage")).isEqualTo("headers");
    assertThat(call.trailers()).isNull(); // still running
    assertThat(call.receive().getValue()).isEqualTo("x");
    call.complete();
    assertThat(call.receive()).isNull();
    assertThat(call.trailers().get("x-stage")).isEqualTo("trailers");
  }

  @Test
  void trailersOnlyResponsesCarryTheMetadata() {
    ResponseStream<StringValue> stream = client.serverStreaming(Echo.SPLIT, s(""));
    assertThatThrownBy(stream::receive).isInstanceOfSatisfying(GrpcStatusException.class, e -> {
      assertThat(e.code()).isEqualTo(GrpcStatus.Code.FAILED_PRECONDITION);
      assertThat(e.trailers().get("x-why")).isEqualTo("trailers-only");
    });
    assertThat(stream.headers().isEmpty()).isTrue();
    assertThat(stream.trailers().get("x-why")).isEqualTo("trailers-only");
  }
}
