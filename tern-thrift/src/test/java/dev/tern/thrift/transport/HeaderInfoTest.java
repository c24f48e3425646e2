package dev.tern.thrift.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.thrift.ThriftLimits;
import dev.tern.thrift.ThriftProtocol;
import dev.tern.thrift.transport.internal.HeaderCodecs;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * HeaderInfo keeps key-values in small tables until a map view is asked for: both forms must
 * behave like the insertion-ordered maps they stand for.
 */
class HeaderInfoTest {

  @Test
  void replacingAValueKeepsItsPlace() {
    HeaderInfo h = new HeaderInfo().header("a", "1").header("b", "2").header("a", "3");
    h.intHeader(9, "x").intHeader(6, "y").intHeader(9, "z");

    assertThat(h.headerCount()).isEqualTo(2);
    assertThat(h.header("a")).isEqualTo("3");
    assertThat(h.intHeader(9)).isEqualTo("z");
    assertThat(h.intHeader(7)).isNull();
    assertThat(visitStrings(h)).containsExactly("a=3", "b=2");
    assertThat(visitInts(h)).containsExactly("9=z", "6=y");
    assertThat(h).hasToString("HeaderInfo{seqId=0, flags=0x0, protocolId=0, transforms=[], intHeaders={9=z, 6=y},"
        + " headers={a=3, b=2}}");
  }

  @Test
  void mapViewsAreLiveAndKeepOrder() {
    HeaderInfo h = new HeaderInfo().header("k1", "v1").intHeader(3, "c");
    h.headers().put("k2", "v2");
    h.headers().remove("k1");
    h.intHeaders().put(1, "a");

    assertThat(h.header("k2")).isEqualTo("v2");
    assertThat(h.header("k1")).isNull();
    h.header("k3", "v3");
    assertThat(h.headers()).containsExactly(java.util.Map.entry("k2", "v2"), java.util.Map.entry("k3", "v3"));
    assertThat(visitInts(h)).containsExactly("3=c", "1=a");
    h.intHeaders().clear();
    assertThat(h.hasIntHeaders()).isFalse();
    assertThat(h.intHeaderCount()).isZero();
  }

  @Test
  void manyEntriesMoveToAMapAndStillRoundTrip() {
    HeaderInfo h = new HeaderInfo().seqId(5);
    for (int i = 0; i < 40; i++) {
      h.header("key" + i, "value" + i).intHeader(i, "int" + i);
    }
    h.header("key3", "again");
    assertThat(h.headerCount()).isEqualTo(40);
    assertThat(h.header("key39")).isEqualTo("value39");
    assertThat(h.intHeader(39)).isEqualTo("int39");

    ByteBuf out = Unpooled.buffer();
    ThriftFrames.beginFrame(out, Framing.TTHEADER, ThriftProtocol.BINARY, h);
    HeaderInfo read = new HeaderInfo();
    HeaderCodecs.readTTHeader(out, HeaderCodecs.FIXED_SIZE, out.writerIndex(), read, ThriftLimits.DEFAULT);

    assertThat(visitStrings(read)).isEqualTo(visitStrings(h)).startsWith("key0=value0", "key1=value1",
        "key2=value2", "key3=again");
    assertThat(visitInts(read)).isEqualTo(visitInts(h)).hasSize(40);
  }

  private static List<String> visitStrings(HeaderInfo h) {
    List<String> seen = new ArrayList<>();
    h.forEachHeader((k, v) -> seen.add(k + "=" + v));
    return seen;
  }

  private static List<String> visitInts(HeaderInfo h) {
    List<String> seen = new ArrayList<>();
    h.forEachIntHeader((k, v) -> seen.add(k + "=" + v));
    return seen;
  }
}
