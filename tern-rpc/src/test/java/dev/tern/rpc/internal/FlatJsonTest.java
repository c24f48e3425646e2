package dev.tern.rpc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FlatJsonTest {

  @Test
  void roundTripsAwkwardStrings() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("plain", "value");
    m.put("quote\"and\\slash", "line\nbreak\ttab\r\u0001ctl");
    m.put("unicode", "héllo ✓ 𝄞");
    m.put("", "");
    String json = FlatJson.write(m);
    assertThat(json).startsWith("{\"plain\":\"value\",").contains("\\u0001");
    assertThat(FlatJson.read(json)).isEqualTo(m);
  }

  @Test
  void readsWhatGoWrites() {
    // Kitex's utils.Map2JSONStr / encoding/json output: escaped slashes and \\u escapes, spaces allowed
    assertThat(FlatJson.read(" { \"a\" : \"x\\/y\" , \"b\":\"\\u00e9\\u003c\", \"c\": null } "))
        .isEqualTo(Map.of("a", "x/y", "b", "é<"));
    assertThat(FlatJson.read("{}")).isEmpty();
  }

  @Test
  void rejectsAnythingElse() {
    for (String bad : new String[] {"", "[]", "{\"a\":1}", "{\"a\":\"b\"", "{\"a\":\"b\"} x", "{\"a\":\"\\q\"}",
        "{\"a\":\"\\u12\"}", "{a:\"b\"}"}) {
      assertThatThrownBy(() -> FlatJson.read(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
    }
  }
}
