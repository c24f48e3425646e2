package dev.tern.grpc.internal;

import dev.tern.grpc.GrpcStatus;
import dev.tern.grpc.Metadata;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.util.AsciiString;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;

/**
 * gRPC over HTTP/2 wire details (PROTOCOL-HTTP2.md): header names, {@code grpc-timeout} and
 * {@code grpc-message} encodings, metadata to and from HTTP/2 headers, HTTP and RST_STREAM codes to
 * gRPC statuses.
 */
public final class Wire {

  public static final AsciiString CONTENT_TYPE = AsciiString.cached("content-type");
  public static final AsciiString APPLICATION_GRPC = AsciiString.cached("application/grpc");
  public static final AsciiString TE = AsciiString.cached("te");
  public static final AsciiString TRAILERS = AsciiString.cached("trailers");
  public static final AsciiString USER_AGENT = AsciiString.cached("user-agent");
  public static final AsciiString GRPC_TIMEOUT = AsciiString.cached("grpc-timeout");
  public static final AsciiString GRPC_ENCODING = AsciiString.cached("grpc-encoding");
  public static final AsciiString GRPC_ACCEPT_ENCODING = AsciiString.cached("grpc-accept-encoding");
  public static final AsciiString GRPC_STATUS = AsciiString.cached("grpc-status");
  public static final AsciiString GRPC_MESSAGE = AsciiString.cached("grpc-message");
  public static final AsciiString POST = AsciiString.cached("POST");
  public static final AsciiString HTTP = AsciiString.cached("http");
  public static final AsciiString STATUS_200 = AsciiString.cached("200");
  public static final AsciiString GZIP = AsciiString.cached("gzip");
  public static final AsciiString IDENTITY = AsciiString.cached("identity");
  public static final AsciiString ACCEPTED_ENCODINGS = AsciiString.cached("gzip");
  public static final String BIZ_STATUS = "biz-status";
  public static final String BIZ_EXTRA = "biz-extra";
  public static final AsciiString USER_AGENT_VALUE = AsciiString.cached("tern-grpc/0.1");

  /** Headers the runtime writes itself or consumes: never copied between Metadata and HTTP/2 headers. */
  private static final Set<String> RESERVED = Set.of("content-type", "te", "user-agent", "grpc-timeout",
      "grpc-encoding", "grpc-accept-encoding", "grpc-status", "grpc-message", "connection", "host", "keep-alive",
      "proxy-connection", "transfer-encoding", "upgrade", "content-length");

  private Wire() {}

  /** {@code application/grpc}, or {@code application/grpc+subtype} when the marshaller names a subtype. */
  public static CharSequence contentType(String subtype) {
    return subtype == null || subtype.isEmpty() ? APPLICATION_GRPC : AsciiString.of("application/grpc+" + subtype);
  }

  /** Whether a content-type is gRPC's: {@code application/grpc}, optionally followed by {@code +format} or {@code ;params}. */
  public static boolean isGrpcContentType(CharSequence contentType) {
    if (contentType == null) return false;
    String ct = contentType.toString().toLowerCase(java.util.Locale.ROOT);
    if (!ct.startsWith("application/grpc")) return false;
    if (ct.length() == 16) return true;
    char next = ct.charAt(16);
    return next == '+' || next == ';';
  }

  // ---- grpc-timeout: up to 8 ASCII digits and a unit (H M S m u n)

  /** The grpc-timeout value for {@code nanos} (at least 1 ns), in the finest unit that fits 8 digits. */
  public static String encodeTimeout(long nanos) {
    long n = Math.max(1, nanos);
    final long max = 99_999_999L;
    if (n <= max) return n + "n";
    long v = ceilDiv(n, 1_000L);
    if (v <= max) return v + "u";
    v = ceilDiv(n, 1_000_000L);
    if (v <= max) return v + "m";
    v = ceilDiv(n, 1_000_000_000L);
    if (v <= max) return v + "S";
    v = ceilDiv(n, 60_000_000_000L);
    if (v <= max) return v + "M";
    return Math.min(max, ceilDiv(n, 3_600_000_000_000L)) + "H";
  }

  private static long ceilDiv(long a, long b) {
    return -Math.floorDiv(-a, b);
  }

  /** The timeout in nanoseconds, or -1 if the value is malformed. Saturates at Long.MAX_VALUE. */
  public static long decodeTimeout(CharSequence value) {
    int len = value.length();
    if (len < 2 || len > 9) return -1;
    long v = 0;
    for (int i = 0; i < len - 1; i++) {
      char c = value.charAt(i);
      if (c < '0' || c > '9') return -1;
      v = v * 10 + (c - '0');
    }
    long unitNanos = switch (value.charAt(len - 1)) {
      case 'H' -> 3_600_000_000_000L;
      case 'M' -> 60_000_000_000L;
      case 'S' -> 1_000_000_000L;
      case 'm' -> 1_000_000L;
      case 'u' -> 1_000L;
      case 'n' -> 1L;
      default -> -1L;
    };
    if (unitNanos < 0) return -1;
    return v > Long.MAX_VALUE / unitNanos ? Long.MAX_VALUE : v * unitNanos;
  }

  // ---- grpc-message: percent-encoded UTF-8

  /** Percent-encodes a status message: bytes outside printable ASCII, and '%', become %XX. */
  public static String encodeMessage(String message) {
    boolean plain = true;
    for (int i = 0; i < message.length() && plain; i++) {
      char c = message.charAt(i);
      plain = c >= 0x20 && c <= 0x7e && c != '%';
    }
    if (plain) return message;
    byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
    StringBuilder sb = new StringBuilder(bytes.length * 3);
    for (byte b : bytes) {
      int u = b & 0xff;
      if (u >= 0x20 && u <= 0x7e && u != '%') {
        sb.append((char) u);
      } else {
        sb.append('%').append(Character.toUpperCase(Character.forDigit(u >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(u & 0xf, 16)));
      }
    }
    return sb.toString();
  }

  /**
   * Decodes a status message leniently: a '%' not followed by two hex digits stays as it is, and
   * bytes that are not valid UTF-8 become U+FFFD, as the spec asks of receivers.
   */
  public static String decodeMessage(CharSequence value) {
    String s = value.toString();
    if (s.indexOf('%') < 0) return s;
    ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '%' && i + 2 < s.length()) {
        int hi = Character.digit(s.charAt(i + 1), 16);
        int lo = Character.digit(s.charAt(i + 2), 16);
        if (hi >= 0 && lo >= 0) {
          out.write(hi << 4 | lo);
          i += 2;
          continue;
        }
      }
      if (c < 0x80) {
        out.write(c);
      } else { // not valid on the wire, but keep what was there
        byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        out.write(b, 0, b.length);
      }
    }
    return StandardCharsets.UTF_8.decode(java.nio.ByteBuffer.wrap(out.toByteArray())).toString();
  }

  // ---- metadata

  /** Adds the entries of {@code m} that are not reserved to {@code headers}. */
  public static void addMetadata(Http2Headers headers, Metadata m) {
    if (m == null || m.isEmpty()) return;
    for (Map.Entry<String, String> e : m) {
      String k = e.getKey();
      if (RESERVED.contains(k) || k.startsWith("grpc-")) continue;
      headers.add(AsciiString.of(k), e.getValue());
    }
  }

  /**
   * The custom metadata of received headers: everything except pseudo-headers and the headers the
   * runtime consumes. Entries that are not valid metadata (a -bin value that is not base64) are
   * dropped rather than failing the call.
   */
  public static Metadata toMetadata(Http2Headers headers) {
    Metadata m = new Metadata();
    for (Map.Entry<CharSequence, CharSequence> e : headers) {
      CharSequence name = e.getKey();
      if (name.length() == 0 || name.charAt(0) == ':') continue;
      String k = name.toString();
      if (k.equals("user-agent")) { // readable, though never sent from Metadata
        addLenient(m, k, e.getValue());
        continue;
      }
      if (RESERVED.contains(k)) continue;
      addLenient(m, k, e.getValue());
    }
    return m;
  }

  private static void addLenient(Metadata m, String k, CharSequence v) {
    try {
      m.add(k, v.toString());
    } catch (IllegalArgumentException ignored) {
      // malformed by the peer: not worth failing the call over
    }
  }

  // ---- statuses

  /** The status for a response whose HTTP status is not 200 (gRPC's http-grpc-status-mapping). */
  public static GrpcStatus fromHttpStatus(int httpStatus) {
    GrpcStatus.Code code = switch (httpStatus) {
      case 400 -> GrpcStatus.Code.INTERNAL;
      case 401 -> GrpcStatus.Code.UNAUTHENTICATED;
      case 403 -> GrpcStatus.Code.PERMISSION_DENIED;
      case 404 -> GrpcStatus.Code.UNIMPLEMENTED;
      case 429, 502, 503, 504 -> GrpcStatus.Code.UNAVAILABLE;
      default -> GrpcStatus.Code.UNKNOWN;
    };
    return GrpcStatus.of(code).withDescription("HTTP status code " + httpStatus);
  }

  /** The status for a stream the peer reset without sending a status. */
  public static GrpcStatus fromRstStream(long errorCode) {
    Http2Error error = Http2Error.valueOf(errorCode);
    GrpcStatus.Code code = error == null ? GrpcStatus.Code.INTERNAL : switch (error) {
      case NO_ERROR, REFUSED_STREAM -> GrpcStatus.Code.UNAVAILABLE;
      case CANCEL -> GrpcStatus.Code.CANCELLED;
      case ENHANCE_YOUR_CALM -> GrpcStatus.Code.RESOURCE_EXHAUSTED;
      case INADEQUATE_SECURITY -> GrpcStatus.Code.PERMISSION_DENIED;
      default -> GrpcStatus.Code.INTERNAL;
    };
    return GrpcStatus.of(code).withDescription("stream reset by the peer: " + (error == null ? errorCode : error.name()));
  }

  /** Reads grpc-status (and grpc-message) from trailers; a missing or malformed status is UNKNOWN/INTERNAL. */
  public static GrpcStatus statusOf(Http2Headers trailers) {
    CharSequence code = trailers.get(GRPC_STATUS);
    CharSequence message = trailers.get(GRPC_MESSAGE);
    String description = message == null ? null : decodeMessage(message);
    if (code == null) {
      return GrpcStatus.of(GrpcStatus.Code.UNKNOWN).withDescription("missing grpc-status in the trailers"
          + (description == null ? "" : ": " + description));
    }
    int value;
    try {
      value = Integer.parseInt(code.toString());
    } catch (NumberFormatException e) {
      return GrpcStatus.of(GrpcStatus.Code.INTERNAL).withDescription("malformed grpc-status: " + code);
    }
    GrpcStatus s = GrpcStatus.fromCode(value);
    return description == null ? s : s.withDescription(description);
  }
}
