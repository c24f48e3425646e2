package dev.tern.grpc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.grpc.GrpcStatus;
import dev.tern.grpc.Metadata;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2Headers;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class WireTest {

  @Test
  void timeoutsUseTheFinestUnitThatFitsEightDigits() {
    assertThat(Wire.encodeTimeout(0)).isEqualTo("1n");
    assertThat(Wire.encodeTimeout(99_999_999)).isEqualTo("99999999n");
    assertThat(Wire.encodeTimeout(100_000_000)).isEqualTo("100000u");
    assertThat(Wire.encodeTimeout(TimeUnit.SECONDS.toNanos(1000))).isEqualTo("1000000m");
    assertThat(Wire.encodeTimeout(TimeUnit.DAYS.toNanos(10))).isEqualTo("864000S");
    assertThat(Wire.encodeTimeout(Long.MAX_VALUE)).endsWith("H");
    for (long n : new long[] {1, 999, 123_456_789, 5_000_000_000L, TimeUnit.DAYS.toNanos(2000)}) {
      long back = Wire.decodeTimeout(Wire.encodeTimeout(n));
      assertThat(back).isGreaterThanOrEqualTo(n); // rounded up, never earlier than asked
    }
  }

  @Test
  void decodesEveryUnitAndRejectsGarbage() {
    assertThat(Wire.decodeTimeout("2H")).isEqualTo(TimeUnit.HOURS.toNanos(2));
    assertThat(Wire.decodeTimeout("3M")).isEqualTo(TimeUnit.MINUTES.toNanos(3));
    assertThat(Wire.decodeTimeout("4S")).isEqualTo(TimeUnit.SECONDS.toNanos(4));
    assertThat(Wire.decodeTimeout("5m")).isEqualTo(TimeUnit.MILLISECONDS.toNanos(5));
    assertThat(Wire.decodeTimeout("6u")).isEqualTo(6_000);
    assertThat(Wire.decodeTimeout("7n")).isEqualTo(7);
    assertThat(Wire.decodeTimeout("0m")).isZero();
    assertThat(Wire.decodeTimeout("99999999H")).isPositive();
    assertThat(Wire.decodeTimeout("123456789n")).isEqualTo(-1); // 9 digits
    assertThat(Wire.decodeTimeout("1x")).isEqualTo(-1);
    assertThat(Wire.decodeTimeout("m")).isEqualTo(-1);
    assertThat(Wire.decodeTimeout("-1m")).isEqualTo(-1);
  }

  @Test
  void statusMessagesArePercentEncodedUtf8() {
    assertThat(Wire.encodeMessage("plain text")).isEqualTo("plain text");
    assertThat(Wire.encodeMessage("100%")).isEqualTo("100%25");
    assertThat(Wire.encodeMessage("a\tb\nc")).isEqualTo("a%09b%0Ac");
    assertThat(Wire.encodeMessage("é🚀")).isEqualTo("%C3%A9%F0%9F%9A%80");
    for (String s : new String[] {"", "\t\ntest with whitespace\r\nand Unicode BMP ☺ and non-BMP 😈\t\n", "%%%", "ok"}) {
      assertThat(Wire.decodeMessage(Wire.encodeMessage(s))).isEqualTo(s);
    }
  }

  @Test
  void badPercentEncodingIsKeptAndBadUtf8Replaced() {
    assertThat(Wire.decodeMessage("50% off %zz %4")).isEqualTo("50% off %zz %4");
    assertThat(Wire.decodeMessage("%FFok")).isEqualTo("\uFFFDok");
    assertThat(Wire.decodeMessage("%F0%9F%9A")).isEqualTo("\uFFFD");
  }

  @Test
  void contentTypes() {
    assertThat(Wire.isGrpcContentType("application/grpc")).isTrue();
    assertThat(Wire.isGrpcContentType("application/grpc+proto")).isTrue();
    assertThat(Wire.isGrpcContentType("application/grpc;charset=utf-8")).isTrue();
    assertThat(Wire.isGrpcContentType("application/grpc-web")).isFalse();
    assertThat(Wire.isGrpcContentType("application/json")).isFalse();
    assertThat(Wire.isGrpcContentType(null)).isFalse();
  }

  @Test
  void metadataSkipsReservedHeadersBothWays() {
    Http2Headers h = new DefaultHttp2Headers().path("/a/b").set("content-type", "application/grpc")
        .set("grpc-timeout", "1S").set("x-user", "ann").set("x-bin", "AQI").set("bad-bin", "!!!")
        .set("user-agent", "ua");
    Metadata m = Wire.toMetadata(h);
    assertThat(m.keys()).containsExactlyInAnyOrder("x-user", "x-bin", "user-agent");
    assertThat(m.getBinary("x-bin")).containsExactly(1, 2);

    Http2Headers out = new DefaultHttp2Headers();
    Wire.addMetadata(out, new Metadata().add("x-a", "1").add("grpc-status", "0").add("te", "x").add("content-type", "y")
        .add("user-agent", "u"));
    assertThat(out.names()).extracting(CharSequence::toString).containsExactly("x-a");
  }

  @Test
  void statusesFromHttpAndResets() {
    assertThat(Wire.fromHttpStatus(404).code()).isEqualTo(GrpcStatus.Code.UNIMPLEMENTED);
    assertThat(Wire.fromHttpStatus(503).code()).isEqualTo(GrpcStatus.Code.UNAVAILABLE);
    assertThat(Wire.fromHttpStatus(401).code()).isEqualTo(GrpcStatus.Code.UNAUTHENTICATED);
    assertThat(Wire.fromHttpStatus(418).code()).isEqualTo(GrpcStatus.Code.UNKNOWN);
    assertThat(Wire.fromRstStream(0x8).code()).isEqualTo(GrpcStatus.Code.CANCELLED);
    assertThat(Wire.fromRstStream(0x7).code()).isEqualTo(GrpcStatus.Code.UNAVAILABLE);
    assertThat(Wire.fromRstStream(0xb).code()).isEqualTo(GrpcStatus.Code.RESOURCE_EXHAUSTED);
    assertThat(Wire.statusOf(new DefaultHttp2Headers()).code()).isEqualTo(GrpcStatus.Code.UNKNOWN);
    assertThat(Wire.statusOf(new DefaultHttp2Headers().set("grpc-status", "x")).code()).isEqualTo(GrpcStatus.Code.INTERNAL);
    GrpcStatus s = Wire.statusOf(new DefaultHttp2Headers().set("grpc-status", "5").set("grpc-message", "not%20here"));
    assertThat(s.code()).isEqualTo(GrpcStatus.Code.NOT_FOUND);
    assertThat(s.description()).isEqualTo("not here");
  }

  @Test
  void flatJsonRoundTrips() {
    Map<String, String> m = Map.of("k", "v \"q\" \\ é", "n", "");
    assertThat(FlatJson.read(FlatJson.write(m))).isEqualTo(m);
    assertThat(FlatJson.write(Map.of("é", "x"))).isEqualTo("{\"\\u00e9\":\"x\"}");
    assertThat(FlatJson.read(" { } ")).isEmpty();
  }
}
