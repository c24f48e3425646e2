package dev.tern.cli.crosstest;

import dev.tern.cli.crosstest.thrifttest.Insanity;
import dev.tern.cli.crosstest.thrifttest.Numberz;
import dev.tern.cli.crosstest.thrifttest.ThriftTest;
import dev.tern.cli.crosstest.thrifttest.Xception;
import dev.tern.cli.crosstest.thrifttest.Xception2;
import dev.tern.cli.crosstest.thrifttest.Xtruct;
import dev.tern.cli.crosstest.thrifttest.Xtruct2;
import dev.tern.core.RemoteException;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The server side of Apache Thrift's cross test: {@code ThriftTest} as the doc comments of
 * {@code ThriftTest.thrift} specify. Most calls echo their argument; {@code testMapMap},
 * {@code testInsanity}, {@code testMulti} and the exception calls answer fixed shapes that the
 * cross-test clients of every language check.
 *
 * <p>Given a stream, it prints one line per call, as Apache's test servers do, which is what one
 * reads when a cross test fails.
 */
public final class ThriftTestHandler implements ThriftTest.Iface {

  private final PrintStream log;

  /** A handler that prints nothing. */
  public ThriftTestHandler() {
    this(null);
  }

  /** A handler that prints each call to {@code log} (null: prints nothing). */
  public ThriftTestHandler(PrintStream log) {
    this.log = log;
  }

  @Override
  public void testVoid() {
    print("testVoid()");
  }

  @Override
  public String testString(String thing) {
    print("testString(\"%s\")", thing);
    return thing;
  }

  @Override
  public boolean testBool(boolean thing) {
    print("testBool(%s)", thing);
    return thing;
  }

  @Override
  public byte testByte(byte thing) {
    print("testByte(%d)", thing);
    return thing;
  }

  @Override
  public int testI32(int thing) {
    print("testI32(%d)", thing);
    return thing;
  }

  @Override
  public long testI64(long thing) {
    print("testI64(%d)", thing);
    return thing;
  }

  @Override
  public double testDouble(double thing) {
    print("testDouble(%s)", thing);
    return thing;
  }

  @Override
  public byte[] testBinary(byte[] thing) {
    print("testBinary(%d bytes)", thing.length);
    return thing;
  }

  @Override
  public UUID testUuid(UUID thing) {
    print("testUuid(%s)", thing);
    return thing;
  }

  @Override
  public Xtruct testStruct(Xtruct thing) {
    print("testStruct(%s)", thing);
    return thing;
  }

  @Override
  public Xtruct2 testNest(Xtruct2 thing) {
    print("testNest(%s)", thing);
    return thing;
  }

  @Override
  public Map<Integer, Integer> testMap(Map<Integer, Integer> thing) {
    print("testMap(%s)", thing);
    return thing;
  }

  @Override
  public Map<String, String> testStringMap(Map<String, String> thing) {
    print("testStringMap(%s)", thing);
    return thing;
  }

  @Override
  public Set<Integer> testSet(Set<Integer> thing) {
    print("testSet(%s)", thing);
    return thing;
  }

  @Override
  public List<Integer> testList(List<Integer> thing) {
    print("testList(%s)", thing);
    return thing;
  }

  @Override
  public Numberz testEnum(Numberz thing) {
    print("testEnum(%s)", thing);
    return thing;
  }

  @Override
  public long testTypedef(long thing) {
    print("testTypedef(%d)", thing);
    return thing;
  }

  @Override
  public Map<Integer, Map<Integer, Integer>> testMapMap(int hello) {
    print("testMapMap(%d)", hello);
    return Map.of(
        -4, Map.of(-4, -4, -3, -3, -2, -2, -1, -1),
        4, Map.of(1, 1, 2, 2, 3, 3, 4, 4));
  }

  @Override
  public Map<Long, Map<Numberz, Insanity>> testInsanity(Insanity argument) {
    print("testInsanity(%s)", argument);
    return Map.of(
        1L, Map.of(Numberz.TWO, argument, Numberz.THREE, argument),
        2L, Map.of(Numberz.SIX, Insanity.builder().build()));
  }

  @Override
  public Xtruct testMulti(byte arg0, int arg1, long arg2, Map<Short, String> arg3, Numberz arg4, long arg5) {
    print("testMulti(%d, %d, %d, %s, %s, %d)", arg0, arg1, arg2, arg3, arg4, arg5);
    return Xtruct.builder().string_thing("Hello2").byte_thing(arg0).i32_thing(arg1).i64_thing(arg2).build();
  }

  @Override
  public void testException(String arg) throws Xception {
    print("testException(\"%s\")", arg);
    switch (arg) {
      case "Xception" -> throw Xception.builder().errorCode(1001).message(arg).build();
      // Apache's servers throw a bare TException here, which reaches the client as an
      // INTERNAL_ERROR application exception.
      case "TException" -> throw new RemoteException(RemoteException.INTERNAL_ERROR, "TException");
      default -> { }
    }
  }

  @Override
  public Xtruct testMultiException(String arg0, String arg1) throws Xception, Xception2 {
    print("testMultiException(\"%s\", \"%s\")", arg0, arg1);
    return switch (arg0) {
      case "Xception" -> throw Xception.builder().errorCode(1001).message("This is an Xception").build();
      case "Xception2" -> throw Xception2.builder()
          .errorCode(2002)
          .struct_thing(Xtruct.builder().string_thing("This is an Xception2").build())
          .build();
      default -> Xtruct.builder().string_thing(arg1).build();
    };
  }

  @Override
  public void testOneway(int secondsToSleep) {
    print("testOneway(%d): sleeping", secondsToSleep);
    try {
      Thread.sleep(Math.max(0, secondsToSleep) * 1000L);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    print("testOneway(%d): done sleeping", secondsToSleep);
  }

  private void print(String format, Object... args) {
    if (log != null) {
      log.println(String.format(format, args));
    }
  }
}
