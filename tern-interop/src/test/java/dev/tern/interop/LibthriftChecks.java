package dev.tern.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.thrift.TApplicationException;
import org.assertj.core.api.SoftAssertions;
import thrift.test.Insanity;
import thrift.test.Numberz;
import thrift.test.SecondService;
import thrift.test.ThriftTest;
import thrift.test.Xception;
import thrift.test.Xception2;
import thrift.test.Xtruct;
import thrift.test.Xtruct2;

/**
 * The checks of Apache's cross-test clients, made with a libthrift-generated client: what a
 * libthrift program calling a Tern {@code ThriftTest} server sees. Collects every mismatch and
 * fails once, listing them all.
 */
final class LibthriftChecks {
  private LibthriftChecks() {}

  static void run(ThriftTest.Client client) throws Exception {
    SoftAssertions soft = new SoftAssertions();

    client.testVoid();
    for (String s : List.of("Test", "", "Tern, 燕鸥, Küstenseeschwalbe, крачка, アジサシ, 🐦 (four-byte UTF-8)",
        "quote: \" backslash: \\ newline: \n tab: \t junk: ]] \"]] \\\" }}}{ [[[")) {
      soft.assertThat(client.testString(s)).as("testString").isEqualTo(s);
    }
    soft.assertThat(client.testBool(true)).as("testBool(true)").isTrue();
    soft.assertThat(client.testBool(false)).as("testBool(false)").isFalse();
    for (byte b : new byte[] {1, 0, -1, 42, -42, Byte.MAX_VALUE, Byte.MIN_VALUE}) {
      soft.assertThat(client.testByte(b)).as("testByte").isEqualTo(b);
    }
    for (int i : new int[] {-1, 0, 190000013, -190000013, Integer.MAX_VALUE, Integer.MIN_VALUE}) {
      soft.assertThat(client.testI32(i)).as("testI32").isEqualTo(i);
    }
    for (long l : new long[] {-34359738368L, 0, -1, 7000000000000000123L, 1L << 32, -(1L << 32) - 1,
        Long.MAX_VALUE, Long.MIN_VALUE}) {
      soft.assertThat(client.testI64(l)).as("testI64").isEqualTo(l);
    }
    for (double d : new double[] {-5.325098235, 0.0, -1.0, -0.000341012439638598279, 0x1p53 - 1, 1e307, 1e-292,
        Double.MIN_VALUE, Double.NEGATIVE_INFINITY}) {
      soft.assertThat(client.testDouble(d)).as("testDouble").isEqualTo(d);
    }
    for (int size : new int[] {256, 0, 1, 1000, 128 * 1024}) {
      byte[] data = new byte[size];
      for (int i = 0; i < size; i++) {
        data[i] = (byte) (i - 128);
      }
      ByteBuffer echoed = client.testBinary(ByteBuffer.wrap(data));
      soft.assertThat(echoed).as("testBinary(%d bytes)", size).isEqualTo(ByteBuffer.wrap(data));
    }

    Xtruct zero = new Xtruct("Zero", (byte) 1, -3, -5);
    soft.assertThat(client.testStruct(zero)).as("testStruct").isEqualTo(zero);
    Xtruct2 nest = new Xtruct2((byte) 1, zero, 5);
    soft.assertThat(client.testNest(nest)).as("testNest").isEqualTo(nest);

    Map<Integer, Integer> map = new HashMap<>();
    for (int i = 0; i < 5; i++) {
      map.put(i, i - 10);
    }
    soft.assertThat(client.testMap(map)).as("testMap").isEqualTo(map);
    Map<String, String> stringMap = Map.of("a", "2", "b", "blah", "some", "thing");
    soft.assertThat(client.testStringMap(stringMap)).as("testStringMap").isEqualTo(stringMap);
    Set<Integer> set = new LinkedHashSet<>(List.of(-2, -1, 0, 1, 2));
    soft.assertThat(client.testSet(set)).as("testSet").isEqualTo(set);
    soft.assertThat(client.testList(List.of(-2, -1, 0, 1, 2))).as("testList").containsExactly(-2, -1, 0, 1, 2);
    soft.assertThat(client.testList(List.of())).as("testList(empty)").isEmpty();
    for (Numberz n : Numberz.values()) {
      soft.assertThat(client.testEnum(n)).as("testEnum").isEqualTo(n);
    }
    soft.assertThat(client.testTypedef(309858235082523L)).as("testTypedef").isEqualTo(309858235082523L);

    soft.assertThat(client.testMapMap(1)).as("testMapMap").isEqualTo(Map.of(
        -4, Map.of(-4, -4, -3, -3, -2, -2, -1, -1),
        4, Map.of(1, 1, 2, 2, 3, 3, 4, 4)));

    Insanity insane = new Insanity(
        Map.of(Numberz.EIGHT, 8L, Numberz.FIVE, 5L),
        List.of(new Xtruct("Goodbye4", (byte) 4, 4, 4), new Xtruct("Hello2", (byte) 2, 2, 2)));
    Map<Long, Map<Numberz, Insanity>> whoa = client.testInsanity(insane);
    soft.assertThat(whoa).as("testInsanity").containsOnlyKeys(1L, 2L);
    soft.assertThat(whoa.get(1L)).as("testInsanity[1]").isEqualTo(Map.of(Numberz.TWO, insane, Numberz.THREE, insane));
    soft.assertThat(whoa.get(2L)).as("testInsanity[2]").containsOnlyKeys(Numberz.SIX);
    Insanity six = whoa.get(2L).get(Numberz.SIX);
    soft.assertThat(six.getUserMapSize() + six.getXtructsSize()).as("testInsanity[2][SIX] is empty").isZero();

    soft.assertThat(client.testMulti((byte) 42, 4242, 424242, Map.of((short) 1, "blah", (short) 2, "thing"),
        Numberz.EIGHT, 24)).as("testMulti").isEqualTo(new Xtruct("Hello2", (byte) 42, 4242, 424242));

    soft.assertThatThrownBy(() -> client.testException("Xception")).as("testException(Xception)")
        .isEqualTo(new Xception(1001, "Xception"));
    soft.assertThatThrownBy(() -> client.testException("TException")).as("testException(TException)")
        .isInstanceOfSatisfying(TApplicationException.class,
            e -> assertThat(e.getType()).isEqualTo(TApplicationException.INTERNAL_ERROR));
    client.testException("success");
    soft.assertThatThrownBy(() -> client.testMultiException("Xception", "test 1")).as("testMultiException(Xception)")
        .isEqualTo(new Xception(1001, "This is an Xception"));
    soft.assertThatThrownBy(() -> client.testMultiException("Xception2", "test 2")).as("testMultiException(Xception2)")
        .isInstanceOfSatisfying(Xception2.class, e -> {
          assertThat(e.getErrorCode()).isEqualTo(2002);
          assertThat(e.getStruct_thing().getString_thing()).isEqualTo("This is an Xception2");
        });
    soft.assertThat(client.testMultiException("success", "test 3").getString_thing())
        .as("testMultiException(success)").isEqualTo("test 3");

    long start = System.nanoTime();
    client.testOneway(1);
    soft.assertThat((System.nanoTime() - start) / 1_000_000).as("testOneway(1) must not wait for the server, ms")
        .isLessThanOrEqualTo(200);
    // A server that answered the oneway call would hand this call the oneway's reply.
    soft.assertThat(client.testI32(-1)).as("testI32 after testOneway").isEqualTo(-1);

    soft.assertAll();
  }

  /** The multiplexed second service, as Apache's clients check it. */
  static void runSecond(SecondService.Client second) throws Exception {
    assertThat(second.secondtestString("Test2")).isEqualTo("testString(\"Test2\")");
  }
}
