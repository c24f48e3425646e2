package dev.tern.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tern.core.RpcTimeoutException;
import dev.tern.core.TransportException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** The value types of the API: metadata, statuses, descriptors, definitions, call options. */
class ApiValuesTest {

  @Test
  void keepsOrderAndAllValues() {
    Metadata m = new Metadata().add("X-A", "1").add("x-b", "2").add("x-a", "3");
    assertThat(m.get("x-a")).isEqualTo("3");
    assertThat(m.getAll("X-A")).containsExactly("1", "3");
    assertThat(m.keys()).containsExactly("x-a", "x-b");
    assertThat(m.size()).isEqualTo(3);
    List<String> entries = new ArrayList<>();
    for (Map.Entry<String, String> e : m) entries.add(e.getKey() + "=" + e.getValue());
    assertThat(entries).containsExactly("x-a=1", "x-b=2", "x-a=3");
    m.remove("x-a");
    assertThat(m.containsKey("x-a")).isFalse();
    assertThat(m.get("x-a")).isNull();
    assertThat(m.getAll("x-a")).isEmpty();
  }

  @Test
  void binaryValuesTravelAsUnpaddedBase64AndAcceptPadding() {
    Metadata m = new Metadata().addBinary("x-bin", new byte[] {1, 2, (byte) 0xfe, (byte) 0xff});
    assertThat(m.get("x-bin")).isEqualTo("AQL+/w");
    assertThat(m.getBinary("x-bin")).containsExactly(1, 2, 0xfe, 0xff);
    m.add("x-bin", "AQL+/w==").add("x-bin", "AA");
    assertThat(m.getAllBinary("x-bin")).satisfiesExactly(
        b -> assertThat(b).containsExactly(1, 2, 0xfe, 0xff),
        b -> assertThat(b).containsExactly(1, 2, 0xfe, 0xff),
        b -> assertThat(b).containsExactly(0));
    byte[] given = {7};
    Metadata copy = new Metadata().addBinary("k-bin", given);
    given[0] = 8;
    assertThat(copy.getBinary("k-bin")).containsExactly(7);
  }

  @Test
  void rejectsInvalidKeysAndValues() {
    Metadata m = new Metadata();
    assertThatThrownBy(() -> m.add("bad key", "v")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> m.add(":path", "v")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> m.add("", "v")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> m.add("k", "line\nbreak")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> m.add("k", "ü")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> m.addBinary("text", new byte[1])).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> m.getBinary("text")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> m.add("k-bin", "not base64!")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void mergeAppendsCopies() {
    Metadata a = new Metadata().add("x", "1");
    Metadata b = new Metadata().add("x", "2").addBinary("y-bin", new byte[] {1});
    a.merge(b).merge(a);
    assertThat(a.getAll("x")).containsExactly("1", "2", "1", "2");
    assertThat(b.size()).isEqualTo(2);
  }

  @Test
  void statusCodesAndMapping() {
    assertThat(GrpcStatus.Code.of(14)).isEqualTo(GrpcStatus.Code.UNAVAILABLE);
    assertThat(GrpcStatus.fromCode(99).code()).isEqualTo(GrpcStatus.Code.UNKNOWN);
    assertThat(GrpcStatus.of(GrpcStatus.Code.OK).isOk()).isTrue();
    assertThat(GrpcStatus.fromThrowable(new RpcTimeoutException(RpcTimeoutException.Phase.RPC, "t")).code())
        .isEqualTo(GrpcStatus.Code.DEADLINE_EXCEEDED);
    assertThat(GrpcStatus.fromThrowable(new CompletionException(
        new TransportException(TransportException.Kind.IO, "io"))).code()).isEqualTo(GrpcStatus.Code.UNAVAILABLE);
    assertThat(GrpcStatus.fromThrowable(new CancellationException()).code()).isEqualTo(GrpcStatus.Code.CANCELLED);
    assertThat(GrpcStatus.fromThrowable(new IllegalStateException("x")).code()).isEqualTo(GrpcStatus.Code.UNKNOWN);
    GrpcStatusException e = GrpcStatus.of(GrpcStatus.Code.ABORTED).withDescription("d").asException();
    assertThat(GrpcStatus.fromThrowable(e)).isSameAs(e.status());
  }

  @Test
  void onlyUnavailableAndSheddingAreRetryable() {
    assertThat(GrpcStatus.of(GrpcStatus.Code.UNAVAILABLE).asException().isRetryable()).isTrue();
    assertThat(GrpcStatus.of(GrpcStatus.Code.RESOURCE_EXHAUSTED).withDescription("overloaded: qps limit")
        .asException().isRetryable()).isTrue();
    assertThat(GrpcStatus.of(GrpcStatus.Code.RESOURCE_EXHAUSTED).withDescription("message too large")
        .asException().isRetryable()).isFalse();
    assertThat(GrpcStatus.of(GrpcStatus.Code.INTERNAL).asException().isRetryable()).isFalse();
  }

  @Test
  void descriptorsAndDefinitionsValidate() {
    assertThat(Echo.UNARY.path()).isEqualTo("/tern.test.Echo/Unary");
    assertThat(MethodType.BIDI_STREAMING.clientStreams()).isTrue();
    assertThat(MethodType.SERVER_STREAMING.clientStreams()).isFalse();
    assertThatThrownBy(() -> MethodDescriptor.of("a/b", "m", MethodType.UNARY, Echo.STRING, Echo.STRING))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> GrpcServiceDefinition.builder(Echo.SERVICE).unary(Echo.SPLIT, r -> r))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("SERVER_STREAMING");
    assertThatThrownBy(() -> GrpcServiceDefinition.builder("other.Service").unary(Echo.UNARY, r -> r))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> GrpcServiceDefinition.builder(Echo.SERVICE).unary(Echo.UNARY, r -> r).unary(Echo.UNARY, r -> r))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("duplicate");
    assertThat(Echo.blocking().build().methods()).extracting(MethodDescriptor::method)
        .containsExactly("Unary", "Split", "Join", "Chat");
  }

  @Test
  void callOptionsAccumulate() {
    ResponseMetadata holder = new ResponseMetadata();
    GrpcCallOptions o = GrpcCallOptions.defaults().withHeader("a", "1").withHeader("b", "2")
        .withCompression("gzip").capturing(holder);
    assertThat(o.headers().keys()).containsExactly("a", "b");
    assertThat(o.compression()).isEqualTo("gzip");
    assertThat(o.capture()).isSameAs(holder);
    assertThat(GrpcCallOptions.defaults().headers()).isNull();
    assertThatThrownBy(() -> GrpcCallOptions.defaults().withCompression("br")).isInstanceOf(IllegalArgumentException.class);
  }
}
