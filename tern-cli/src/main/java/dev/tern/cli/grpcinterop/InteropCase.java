package dev.tern.cli.grpcinterop;

import java.util.Locale;

/** The core cases of gRPC's interop test descriptions that run over plaintext, by their names. */
public enum InteropCase {
  EMPTY_UNARY,
  LARGE_UNARY,
  CLIENT_STREAMING,
  SERVER_STREAMING,
  PING_PONG,
  EMPTY_STREAM,
  CANCEL_AFTER_BEGIN,
  CANCEL_AFTER_FIRST_RESPONSE,
  TIMEOUT_ON_SLEEPING_SERVER,
  CUSTOM_METADATA,
  STATUS_CODE_AND_MESSAGE,
  SPECIAL_STATUS_MESSAGE,
  UNIMPLEMENTED_METHOD,
  UNIMPLEMENTED_SERVICE;

  /** The name interop clients take on the command line, e.g. {@code empty_unary}. */
  public String caseName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The case called {@code name} ({@code empty_unary}). */
  public static InteropCase of(String name) {
    for (InteropCase c : values()) {
      if (c.caseName().equals(name)) {
        return c;
      }
    }
    throw new IllegalArgumentException("unknown test case '" + name + "'");
  }
}
