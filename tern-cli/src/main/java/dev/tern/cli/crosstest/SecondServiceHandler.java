package dev.tern.cli.crosstest;

import dev.tern.cli.crosstest.thrifttest.SecondService;

/**
 * The second service of the multiplexed cross tests. Its answer, {@code testString("thing")},
 * is the one Apache's test servers give and Apache's clients check.
 */
public final class SecondServiceHandler implements SecondService.Iface {

  @Override
  public String secondtestString(String thing) {
    return "testString(\"" + thing + "\")";
  }
}
