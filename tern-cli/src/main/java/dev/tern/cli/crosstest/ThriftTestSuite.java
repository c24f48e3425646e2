package dev.tern.cli.crosstest;

import dev.tern.cli.crosstest.thrifttest.Insanity;
import dev.tern.cli.crosstest.thrifttest.Numberz;
import dev.tern.cli.crosstest.thrifttest.SecondService;
import dev.tern.cli.crosstest.thrifttest.ThriftTest;
import dev.tern.cli.crosstest.thrifttest.Xception;
import dev.tern.cli.crosstest.thrifttest.Xception2;
import dev.tern.cli.crosstest.thrifttest.Xtruct;
import dev.tern.cli.crosstest.thrifttest.Xtruct2;
import dev.tern.core.RemoteException;
import dev.tern.core.RpcTimeoutException;
import dev.tern.core.TransportException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * The checks of Apache Thrift's cross-test client, run once against a {@code ThriftTest} server:
 * every call with the values and expectations of Apache's C++ and Java test clients (edge values
 * of each base type, binaries from 0 bytes to 128 KiB, every container, the declared and
 * undeclared exceptions, a oneway call that must not wait for the server, and a call after it
 * that must get its own reply).
 *
 * <p>{@link #run()} prints each call and its result and returns the cross-test exit code: the OR
 * of the categories with a failed check ({@link #BASETYPES}, {@link #STRUCTS},
 * {@link #CONTAINERS}, {@link #EXCEPTIONS}, {@link #PROTOCOLS}), or {@link #UNKNOWN} when the
 * server cannot be reached. A broken connection or a timeout stops the run: the remaining
 * checks count as failed, as Apache's specification says of checks that were not executed.
 *
 * <p>Not thread-safe: give each thread its own suite.
 */
public final class ThriftTestSuite {

  /** A base-type call (strings, numbers, binary, oneway) failed. */
  public static final int BASETYPES = 1;
  /** A struct, enum or nested-struct call failed. */
  public static final int STRUCTS = 2;
  /** A list, set or map call failed. */
  public static final int CONTAINERS = 4;
  /** A call did not raise, or raised the wrong, exception. */
  public static final int EXCEPTIONS = 8;
  /** The multiplexed second service failed (the bit Apache's Java client uses). */
  public static final int PROTOCOLS = 16;
  /** The environment failed: no connection, bad arguments. */
  public static final int UNKNOWN = 64;

  /** How long a oneway call may take, as Apache's clients allow: it must not wait for the server. */
  static final long ONEWAY_BUDGET_MILLIS = 200;

  private static final String UNICODE =
      "Tern, 燕鸥, Küstenseeschwalbe, Полярная крачка, خطاف البحر, アジサシ, 제비갈매기, "
          + "Ελληνικά, עברית, हिन्दी, ქართული, ไทย, 🐦🌊 (four-byte UTF-8)";
  private static final String SPECIAL =
      "quote \" backslash \\ slash / controls \b\f\n\r\t\u0001 brackets {}[]<>() "
          + "escapes-as-text \\u0041 \\n format-like %s %n {0} ${x} end";

  private final ThriftTest.Iface client;
  private final SecondService.Iface second;
  private final Set<String> skip;
  private final PrintWriter out;

  private int code;
  private boolean executedAny;
  private RuntimeException abort;
  private boolean unreachable;

  /**
   * @param client the {@code ThriftTest} client to check
   * @param second the multiplexed {@code SecondService} client, or null when not multiplexing
   * @param skip names of methods not to call (a server built with Thrift before 0.19 has no
   *     {@code testUuid}); skipped calls are reported, not counted as failures
   * @param out where calls and results are printed
   */
  public ThriftTestSuite(ThriftTest.Iface client, SecondService.Iface second, Set<String> skip, PrintWriter out) {
    this.client = Objects.requireNonNull(client, "client");
    this.second = second;
    this.skip = Set.copyOf(skip);
    this.out = Objects.requireNonNull(out, "out");
  }

  /** Runs every check once; returns 0 when all passed, else the OR of the failed categories. */
  public int run() {
    code = 0;
    executedAny = false;
    abort = null;
    unreachable = false;

    check("testVoid", BASETYPES, "testVoid()", () -> {
      client.testVoid();
      return "void";
    });
    echo("testString", BASETYPES, "Test", client::testString);
    if (second != null) {
      check("secondtestString", PROTOCOLS, "secondtestString(\"Test2\")",
          () -> expect("testString(\"Test2\")", second.secondtestString("Test2")));
    }
    echo("testString", BASETYPES, UNICODE, client::testString);
    echo("testString", BASETYPES, SPECIAL, client::testString);
    echo("testString", BASETYPES, "", client::testString);
    echo("testBool", BASETYPES, true, client::testBool);
    echo("testBool", BASETYPES, false, client::testBool);
    for (byte b : new byte[] {1, 0, -1, 42, -42, Byte.MAX_VALUE, Byte.MIN_VALUE}) {
      echo("testByte", BASETYPES, b, client::testByte);
    }
    for (int i : new int[] {-1, 0, 190000013, -190000013, Integer.MAX_VALUE, Integer.MIN_VALUE}) {
      echo("testI32", BASETYPES, i, client::testI32);
    }
    for (long l : new long[] {-34359738368L, 0, -1, 7000000000000000123L, -7000000000000000123L,
        1L << 32, -(1L << 32), (1L << 32) + 1, -(1L << 32) - 1, Long.MAX_VALUE, Long.MIN_VALUE}) {
      echo("testI64", BASETYPES, l, client::testI64);
    }
    // Binary and compact carry doubles as IEEE 754 bits: the echo must be exact.
    double two32 = 0x1p32;
    for (double d : new double[] {-5.325098235, 0.0, -1.0, -5.2098523, -0.000341012439638598279,
        two32, two32 + 1, 0x1p53 - 1, -two32, -two32 - 1, -0x1p53 + 1, 1e307, 1e-292,
        Double.MAX_VALUE, Double.MIN_VALUE, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
      echo("testDouble", BASETYPES, d, client::testDouble);
    }
    byte[] allBytes = new byte[256];
    for (int i = 0; i < allBytes.length; i++) {
      allBytes[i] = (byte) (i - 128);
    }
    echo("testBinary", BASETYPES, allBytes, client::testBinary);
    for (int size = 0; size <= 128 * 1024; size = size == 0 ? 1 : size * 2) {
      byte[] data = new byte[size];
      for (int i = 0; i < size; i++) {
        data[i] = (byte) (i * 31 + 7);
      }
      echo("testBinary", BASETYPES, data, client::testBinary);
    }
    for (String uuid : new String[] {"00112233-4455-6677-8899-aabbccddeeff",
        "5e2ab188-1726-4e75-a04f-1ed9a6a89c4c", "00000000-0000-0000-0000-000000000000"}) {
      echo("testUuid", BASETYPES, UUID.fromString(uuid), client::testUuid);
    }

    Xtruct zero = Xtruct.builder().string_thing("Zero").byte_thing((byte) 1).i32_thing(-3).i64_thing(-5).build();
    echo("testStruct", STRUCTS, zero, client::testStruct);
    Xtruct2 nest = Xtruct2.builder().byte_thing((byte) 1).struct_thing(zero).i32_thing(5).build();
    echo("testNest", STRUCTS, nest, client::testNest);

    Map<Integer, Integer> map = new LinkedHashMap<>();
    for (int i = 0; i < 5; i++) {
      map.put(i, i - 10);
    }
    echo("testMap", CONTAINERS, map, client::testMap);
    echo("testStringMap", CONTAINERS, Map.of("a", "2", "b", "blah", "some", "thing"), client::testStringMap);
    Set<Integer> set = new LinkedHashSet<>(List.of(-2, -1, 0, 1, 2));
    echo("testSet", CONTAINERS, set, client::testSet);
    echo("testList", CONTAINERS, List.of(-2, -1, 0, 1, 2), client::testList);
    echo("testList", CONTAINERS, List.<Integer>of(), client::testList);

    for (Numberz n : Numberz.values()) {
      echo("testEnum", STRUCTS, n, client::testEnum);
    }
    echo("testTypedef", BASETYPES, 309858235082523L, client::testTypedef);

    check("testMapMap", CONTAINERS, "testMapMap(1)", () -> {
      Map<Integer, Map<Integer, Integer>> expected = new LinkedHashMap<>();
      Map<Integer, Integer> negative = new LinkedHashMap<>();
      Map<Integer, Integer> positive = new LinkedHashMap<>();
      for (int i = 1; i <= 4; i++) {
        negative.put(-i, -i);
        positive.put(i, i);
      }
      expected.put(-4, negative);
      expected.put(4, positive);
      return expect(expected, client.testMapMap(1));
    });
    checkInsanity();
    check("testMulti", STRUCTS, "testMulti(42, 4242, 424242, {1: blah, 2: thing}, EIGHT, 24)", () -> expect(
        Xtruct.builder().string_thing("Hello2").byte_thing((byte) 42).i32_thing(4242).i64_thing(424242).build(),
        client.testMulti((byte) 42, 4242, 424242, Map.of((short) 1, "blah", (short) 2, "thing"), Numberz.EIGHT, 24)));

    checkExceptions();

    check("testOneway", BASETYPES, "testOneway(1)", () -> {
      long start = System.nanoTime();
      client.testOneway(1);
      long millis = (System.nanoTime() - start) / 1_000_000;
      if (millis > ONEWAY_BUDGET_MILLIS) {
        throw new Mismatch("to return within " + ONEWAY_BUDGET_MILLIS + " ms, not wait for the server",
            "returned after " + millis + " ms");
      }
      return "returned after " + millis + " ms";
    });
    // A server that answered the oneway call would hand this call the oneway's reply.
    echo("testI32", BASETYPES, -1, client::testI32);

    if (abort != null) {
      out.println("Stopped: " + abort);
    }
    out.flush();
    return code;
  }

  private void checkInsanity() {
    Xtruct hello = Xtruct.builder().string_thing("Hello2").byte_thing((byte) 2).i32_thing(2).i64_thing(2).build();
    Xtruct goodbye = Xtruct.builder().string_thing("Goodbye4").byte_thing((byte) 4).i32_thing(4).i64_thing(4).build();
    Insanity insane = Insanity.builder()
        .userMap(Map.of(Numberz.EIGHT, 8L, Numberz.FIVE, 5L))
        .xtructs(List.of(goodbye, hello))
        .build();
    check("testInsanity", STRUCTS, "testInsanity(" + insane + ")", () -> {
      Map<Long, Map<Numberz, Insanity>> whoa = client.testInsanity(insane);
      Map<Numberz, Insanity> first = whoa.get(1L);
      Map<Numberz, Insanity> secondEntry = whoa.get(2L);
      Insanity six = secondEntry == null ? null : secondEntry.get(Numberz.SIX);
      // An empty Insanity may come back with its fields absent or as empty containers, depending
      // on the server's language; both are empty.
      boolean ok = whoa.size() == 2
          && first != null && first.size() == 2
          && insane.equals(first.get(Numberz.TWO)) && insane.equals(first.get(Numberz.THREE))
          && secondEntry != null && secondEntry.size() == 1 && six != null
          && (six.userMap() == null || six.userMap().isEmpty())
          && (six.xtructs() == null || six.xtructs().isEmpty());
      if (!ok) {
        throw new Mismatch("{1: {TWO: argument, THREE: argument}, 2: {SIX: empty}}", show(whoa));
      }
      return show(whoa);
    });
  }

  private void checkExceptions() {
    check("testException", EXCEPTIONS, "testException(\"Xception\")", () -> {
      try {
        client.testException("Xception");
      } catch (Xception e) {
        return expectException(e.errorCode() == 1001 && "Xception".equals(e.message()),
            "Xception{1001, \"Xception\"}", "Xception{" + e.errorCode() + ", " + show(e.message()) + "}");
      }
      throw new Mismatch("Xception{1001, \"Xception\"}", "void");
    });
    check("testException", EXCEPTIONS, "testException(\"TException\")", () -> {
      try {
        client.testException("TException");
      } catch (RemoteException e) {
        return "application exception: " + e.getMessage();
      }
      throw new Mismatch("an application exception", "void");
    });
    check("testException", EXCEPTIONS, "testException(\"success\")", () -> {
      client.testException("success");
      return "void";
    });
    check("testMultiException", EXCEPTIONS, "testMultiException(\"Xception\", \"test 1\")", () -> {
      try {
        client.testMultiException("Xception", "test 1");
      } catch (Xception e) {
        return expectException(e.errorCode() == 1001 && "This is an Xception".equals(e.message()),
            "Xception{1001, \"This is an Xception\"}", "Xception{" + e.errorCode() + ", " + show(e.message()) + "}");
      }
      throw new Mismatch("Xception{1001, \"This is an Xception\"}", "a result");
    });
    check("testMultiException", EXCEPTIONS, "testMultiException(\"Xception2\", \"test 2\")", () -> {
      try {
        client.testMultiException("Xception2", "test 2");
      } catch (Xception2 e) {
        String thing = e.struct_thing() == null ? null : e.struct_thing().string_thing();
        return expectException(e.errorCode() == 2002 && "This is an Xception2".equals(thing),
            "Xception2{2002, {\"This is an Xception2\"}}", "Xception2{" + e.errorCode() + ", {" + show(thing) + "}}");
      }
      throw new Mismatch("Xception2{2002, {\"This is an Xception2\"}}", "a result");
    });
    check("testMultiException", EXCEPTIONS, "testMultiException(\"success\", \"test 3\")", () -> {
      Xtruct result = client.testMultiException("success", "test 3");
      return expect("test 3", result.string_thing());
    });
  }

  /** A check: returns what it got to print, or throws {@link Mismatch}. */
  @FunctionalInterface
  private interface Step {
    String run() throws Exception;
  }

  /** A call whose answer is not what the specification says. */
  private static final class Mismatch extends Exception {
    final String expected;
    final String actual;

    Mismatch(String expected, String actual) {
      super("expected " + expected + ", got " + actual, null, false, false);
      this.expected = expected;
      this.actual = actual;
    }
  }

  private <T> void echo(String method, int category, T value, UnaryOperator<T> call) {
    check(method, category, method + "(" + show(value) + ")", () -> expect(value, call.apply(value)));
  }

  private void check(String method, int category, String description, Step step) {
    if (skip.contains(method)) {
      out.println(description + " skipped");
      return;
    }
    if (abort != null) {
      if (!unreachable) {
        code |= category; // not executed: counts as failed
      }
      return;
    }
    out.print(description);
    out.flush();
    try {
      out.println(" = " + step.run());
      executedAny = true;
    } catch (Mismatch m) {
      executedAny = true;
      out.println(" = " + m.actual);
      out.println("*** FAILURE *** expected " + m.expected);
      code |= category;
    } catch (TransportException | RpcTimeoutException e) {
      out.println(" *** FAILURE *** " + e.getMessage());
      // Nothing answered at all: the environment (no server), not the calls, failed.
      unreachable = !executedAny;
      code |= unreachable ? UNKNOWN : category | UNKNOWN;
      abort = e;
    } catch (Exception e) {
      executedAny = true;
      out.println(" *** FAILURE *** " + e);
      code |= category;
    }
    out.flush();
  }

  private static String expect(Object expected, Object actual) throws Mismatch {
    boolean equal = expected instanceof byte[] e && actual instanceof byte[] a ? Arrays.equals(e, a)
        : Objects.equals(expected, actual); // Double.equals compares bits: exact, and NaN-safe
    if (!equal) {
      throw new Mismatch(show(expected), show(actual));
    }
    return show(actual);
  }

  private static String expectException(boolean ok, String expected, String actual) throws Mismatch {
    if (!ok) {
      throw new Mismatch(expected, actual);
    }
    return actual;
  }

  /** Values as the cross-test clients print them: strings quoted and escaped, binaries summarized. */
  static String show(Object value) {
    if (value instanceof String s) {
      StringBuilder b = new StringBuilder(s.length() + 2).append('"');
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        switch (c) {
          case '"' -> b.append("\\\"");
          case '\\' -> b.append("\\\\");
          case '\n' -> b.append("\\n");
          case '\r' -> b.append("\\r");
          case '\t' -> b.append("\\t");
          case '\b' -> b.append("\\b");
          case '\f' -> b.append("\\f");
          default -> b.append(c);
        }
      }
      return b.append('"').toString();
    }
    if (value instanceof byte[] bytes) {
      List<Byte> head = new ArrayList<>();
      for (int i = 0; i < Math.min(4, bytes.length); i++) {
        head.add(bytes[i]);
      }
      return bytes.length + " bytes" + (bytes.length == 0 ? "" : " " + head + (bytes.length > 4 ? "..." : ""));
    }
    return String.valueOf(value);
  }
}
