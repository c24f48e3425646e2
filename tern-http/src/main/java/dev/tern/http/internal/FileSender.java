package dev.tern.http.internal;

import dev.tern.http.HttpStatusException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;

/**
 * Sends a file (RFC 9110): validators ({@code ETag} from size and modification time,
 * {@code Last-Modified}), conditional requests ({@code If-None-Match}, {@code If-Modified-Since}
 * give 304), and one byte range ({@code Range}, honoured only while {@code If-Range} still
 * matches) as 206 or 416. Several ranges get the whole file, which RFC 9110 allows. The body is
 * streamed with its exact {@code Content-Length}.
 */
final class FileSender {

  private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

  private static final Map<String, String> TYPES = Map.ofEntries(
      Map.entry("html", "text/html; charset=UTF-8"), Map.entry("htm", "text/html; charset=UTF-8"),
      Map.entry("css", "text/css; charset=UTF-8"), Map.entry("js", "text/javascript; charset=UTF-8"),
      Map.entry("mjs", "text/javascript; charset=UTF-8"), Map.entry("json", "application/json"),
      Map.entry("txt", "text/plain; charset=UTF-8"), Map.entry("md", "text/markdown; charset=UTF-8"),
      Map.entry("csv", "text/csv; charset=UTF-8"), Map.entry("xml", "application/xml"),
      Map.entry("svg", "image/svg+xml"), Map.entry("png", "image/png"), Map.entry("jpg", "image/jpeg"),
      Map.entry("jpeg", "image/jpeg"), Map.entry("gif", "image/gif"), Map.entry("webp", "image/webp"),
      Map.entry("avif", "image/avif"), Map.entry("ico", "image/x-icon"), Map.entry("wasm", "application/wasm"),
      Map.entry("woff", "font/woff"), Map.entry("woff2", "font/woff2"), Map.entry("pdf", "application/pdf"),
      Map.entry("zip", "application/zip"), Map.entry("gz", "application/gzip"), Map.entry("mp4", "video/mp4"),
      Map.entry("webm", "video/webm"), Map.entry("mp3", "audio/mpeg"), Map.entry("ogg", "audio/ogg"));

  private FileSender() {}

  static void send(RequestContext ctx, Path file) throws IOException {
    BasicFileAttributes attrs;
    try {
      attrs = Files.readAttributes(file, BasicFileAttributes.class);
    } catch (NoSuchFileException e) {
      throw new HttpStatusException(404, "404 Not Found: " + ctx.path());
    }
    if (!attrs.isRegularFile()) throw new HttpStatusException(404, "404 Not Found: " + ctx.path());
    long size = attrs.size();
    Instant modified = attrs.lastModifiedTime().toInstant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    String etag = "W/\"" + Long.toHexString(size) + '-' + Long.toHexString(modified.getEpochSecond()) + '"';
    ctx.header("ETag", etag);
    ctx.header("Last-Modified", HTTP_DATE.format(modified));
    ctx.header("Accept-Ranges", "bytes");

    boolean safe = ctx.method().equals("GET") || ctx.method().equals("HEAD");
    String ifNoneMatch = ctx.header("If-None-Match");
    boolean notModified = ifNoneMatch != null
        ? matches(ifNoneMatch, etag)
        : ctx.header("If-Modified-Since") != null && !modified.isAfter(parseDate(ctx.header("If-Modified-Since"), Instant.MIN));
    if (safe && notModified) {
      ctx.status(304); // validators only: no body, no Content-Length
      return;
    }

    long from = 0;
    long to = size - 1;
    String range = ctx.header("Range");
    if (range != null && safe && ifRangeHolds(ctx.header("If-Range"), etag, modified)) {
      long[] r = parseRange(range, size);
      if (r == null) { // unsatisfiable: say how long the file is
        ctx.status(416).header("Content-Range", "bytes */" + size);
        ctx.text("416 Range Not Satisfiable: " + range);
        return;
      }
      if (r.length == 2) {
        from = r[0];
        to = r[1];
        ctx.status(206);
        ctx.header("Content-Range", "bytes " + from + '-' + to + '/' + size);
      }
    }
    long length = Math.max(0, to - from + 1);
    ctx.header("Content-Length", String.valueOf(length));
    try (OutputStream out = ctx.stream(typeOf(file)); InputStream in = Files.newInputStream(file)) {
      if (ctx.head) return;
      in.skipNBytes(from);
      byte[] buf = new byte[64 * 1024];
      for (long left = length; left > 0; ) {
        int n = in.read(buf, 0, (int) Math.min(buf.length, left));
        if (n < 0) throw new IOException("file " + file + " shrank while being sent");
        out.write(buf, 0, n);
        left -= n;
      }
    }
  }

  static String typeOf(Path file) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    String type = dot < 0 ? null : TYPES.get(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    if (type != null) return type;
    try {
      String probed = Files.probeContentType(file);
      if (probed != null) return probed.startsWith("text/") ? probed + "; charset=UTF-8" : probed;
    } catch (IOException ignored) {
      // fall through to the generic type
    }
    return "application/octet-stream";
  }

  /** Whether an If-None-Match list names this entity tag (weak comparison) or is "*". */
  private static boolean matches(String header, String etag) {
    String opaque = etag.substring(2);
    for (String candidate : header.split(",")) {
      String c = candidate.trim();
      if (c.equals("*") || c.equals(etag) || c.equals(opaque) || c.equals("W/" + opaque)) return true;
    }
    return false;
  }

  /** If-Range: a range applies only to the representation it names (strong comparison for tags). */
  private static boolean ifRangeHolds(String ifRange, String etag, Instant modified) {
    if (ifRange == null) return true;
    if (ifRange.startsWith("\"") || ifRange.startsWith("W/")) return false; // our tags are weak: never a strong match
    return parseDate(ifRange, Instant.MAX).equals(modified);
  }

  private static Instant parseDate(String value, Instant fallback) {
    try {
      return Instant.from(HTTP_DATE.parse(value.trim()));
    } catch (DateTimeParseException e) {
      return fallback;
    }
  }

  /**
   * A single byte range as {from, to} inclusive; an empty array to ignore the header (several
   * ranges, or not bytes); null when it cannot be satisfied.
   */
  static long[] parseRange(String header, long size) {
    String h = header.trim();
    if (!h.regionMatches(true, 0, "bytes=", 0, 6)) return new long[0];
    String spec = h.substring(6).trim();
    if (spec.indexOf(',') >= 0) return new long[0];
    int dash = spec.indexOf('-');
    if (dash < 0) return new long[0];
    try {
      String a = spec.substring(0, dash).trim();
      String b = spec.substring(dash + 1).trim();
      if (a.isEmpty()) { // suffix: the last n bytes
        long n = Long.parseLong(b);
        if (n <= 0 || size == 0) return null;
        return new long[] {Math.max(0, size - n), size - 1};
      }
      long from = Long.parseLong(a);
      long to = b.isEmpty() ? size - 1 : Math.min(Long.parseLong(b), size - 1);
      if (from < 0 || from >= size || to < from) return null;
      return new long[] {from, to};
    } catch (NumberFormatException e) {
      return new long[0];
    }
  }
}
