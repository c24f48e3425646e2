package dev.tern.transport;

/** The Netty I/O engines Tern can run on, in order of preference. */
public enum TransportKind {
  /** Linux io_uring (kernel 5.14+ with io_uring not disabled). */
  IO_URING("io_uring"),
  /** Linux epoll. */
  EPOLL("epoll"),
  /** Java NIO selectors: any platform. */
  NIO("nio");

  private final String id;

  TransportKind(String id) {
    this.id = id;
  }

  /** The name used by the {@code tern.transport} system property. */
  public String id() {
    return id;
  }

  /** Parses a {@link #id()} (case-insensitive; "iouring" and "io-uring" are accepted too). */
  public static TransportKind fromId(String id) {
    String s = id.strip().toLowerCase(java.util.Locale.ROOT).replace('-', '_');
    return switch (s) {
      case "io_uring", "iouring", "uring" -> IO_URING;
      case "epoll" -> EPOLL;
      case "nio" -> NIO;
      default -> throw new IllegalArgumentException("unknown transport '" + id + "', expected io_uring, epoll or nio");
    };
  }
}
