package dev.tern.grpc;

import java.time.Duration;

/**
 * Per-call options for {@link GrpcClient#with(GrpcCallOptions)}. Immutable: each {@code with...}
 * returns a copy (the metadata is copied too).
 *
 * @param timeout the call's deadline from its start, or {@code null} for the client's default
 * @param headers custom metadata sent with the request headers, or {@code null}
 * @param compression {@code "gzip"} or {@code "identity"} for the request messages, or {@code null}
 *     for the client's default
 * @param capture receives the response headers and trailers, or {@code null}
 */
public record GrpcCallOptions(Duration timeout, Metadata headers, String compression, ResponseMetadata capture) {

  private static final GrpcCallOptions DEFAULTS = new GrpcCallOptions(null, null, null, null);

  public GrpcCallOptions {
    if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
      throw new IllegalArgumentException("timeout must be positive: " + timeout);
    }
    if (compression != null && !compression.equals("gzip") && !compression.equals("identity")) {
      throw new IllegalArgumentException("unsupported compression (gzip or identity): " + compression);
    }
  }

  /** No timeout, headers, compression or capture of its own: the client's defaults apply. */
  public static GrpcCallOptions defaults() {
    return DEFAULTS;
  }

  public GrpcCallOptions withTimeout(Duration t) {
    return new GrpcCallOptions(t, headers, compression, capture);
  }

  /** Adds one header (to a copy of the headers so far). */
  public GrpcCallOptions withHeader(String k, String v) {
    Metadata m = headers == null ? new Metadata() : headers.copy();
    return new GrpcCallOptions(timeout, m.add(k, v), compression, capture);
  }

  /** Adds all of {@code m} (to a copy of the headers so far). */
  public GrpcCallOptions withHeaders(Metadata m) {
    Metadata h = headers == null ? new Metadata() : headers.copy();
    return new GrpcCallOptions(timeout, h.merge(m), compression, capture);
  }

  /** {@code "gzip"} or {@code "identity"}. */
  public GrpcCallOptions withCompression(String c) {
    return new GrpcCallOptions(timeout, headers, c, capture);
  }

  /** Calls made with these options store their response headers and trailers in {@code holder}. */
  public GrpcCallOptions capturing(ResponseMetadata holder) {
    return new GrpcCallOptions(timeout, headers, compression, holder);
  }
}
