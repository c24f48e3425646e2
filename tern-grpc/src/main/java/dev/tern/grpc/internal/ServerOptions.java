package dev.tern.grpc.internal;

/**
 * Settings of a gRPC server's connections.
 *
 * @param maxInboundMessageSize largest request message, after decompression
 * @param maxHeaderListSize SETTINGS_MAX_HEADER_LIST_SIZE
 * @param keepAliveTimeNanos ping a connection quiet this long; 0 for never
 * @param keepAliveTimeoutNanos close when a ping is not acknowledged within this
 * @param permitKeepAliveTimeNanos the shortest ping interval clients may use
 * @param maxConcurrentStreams SETTINGS_MAX_CONCURRENT_STREAMS; Integer.MAX_VALUE for no limit
 */
public record ServerOptions(int maxInboundMessageSize, int maxHeaderListSize, long keepAliveTimeNanos,
    long keepAliveTimeoutNanos, long permitKeepAliveTimeNanos, int maxConcurrentStreams) {

  /** gRPC's defaults: 4 MiB messages, 8 KiB headers, no server pings, clients may ping every 5 minutes. */
  public static final ServerOptions DEFAULT =
      new ServerOptions(4 << 20, 8 << 10, 0, 20_000_000_000L, 300_000_000_000L, Integer.MAX_VALUE);
}
