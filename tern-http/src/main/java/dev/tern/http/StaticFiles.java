package dev.tern.http;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Serves files under a directory, as a handler for a route ending in a wildcard:
 *
 * <pre>{@code
 * server.staticFiles("/assets", Path.of("public"));                       // GET /assets/*filepath
 * server.get("/docs/*filepath", StaticFiles.of(Path.of("site")).maxAge(Duration.ofHours(1)));
 * }</pre>
 *
 * <p>Each file goes out as {@link HttpContext#sendFile(Path)} sends it: with {@code ETag},
 * {@code Last-Modified}, {@code 304 Not Modified} for conditional requests and {@code 206} for
 * byte ranges. A directory serves its index file ({@code index.html}). Paths that leave the root
 * (by {@code ..} or by a symbolic link), and dot files ({@code .env}, {@code .git/...}), are not
 * served: 404, as for files that do not exist.
 */
public final class StaticFiles implements HttpHandler {

  private final Path root;
  private final String param;
  private final Duration maxAge;
  private final String index;

  private StaticFiles(Path root, String param, Duration maxAge, String index) {
    this.root = root;
    this.param = param;
    this.maxAge = maxAge;
    this.index = index;
  }

  /**
   * Files under {@code root}, named by the route's {@code *filepath} wildcard.
   *
   * @throws IllegalArgumentException if {@code root} is not a directory
   */
  public static StaticFiles of(Path root) {
    try {
      Path real = root.toRealPath();
      if (!Files.isDirectory(real)) throw new IllegalArgumentException("not a directory: " + root);
      return new StaticFiles(real, "filepath", null, "index.html");
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot serve " + root + ": " + e.getMessage(), e);
    }
  }

  /** The name of the route's wildcard parameter that holds the file path (default {@code filepath}). */
  public StaticFiles param(String name) {
    return new StaticFiles(root, Objects.requireNonNull(name, "name"), maxAge, index);
  }

  /**
   * Lets browsers and caches reuse files for this long without asking
   * ({@code Cache-Control: public, max-age=...}); by default they revalidate every time
   * ({@code no-cache}), which the ETag makes cheap.
   */
  public StaticFiles maxAge(Duration maxAge) {
    return new StaticFiles(root, param, Objects.requireNonNull(maxAge, "maxAge"), index);
  }

  /** The file served for a directory (default {@code index.html}); {@code null} for none. */
  public StaticFiles index(String fileName) {
    return new StaticFiles(root, param, maxAge, fileName);
  }

  @Override
  public void handle(HttpContext ctx) throws IOException {
    Path file = resolve(ctx.pathParam(param));
    if (file == null) throw new HttpStatusException(404, "404 Not Found: " + ctx.path());
    ctx.header("Cache-Control", maxAge == null ? "no-cache" : "public, max-age=" + maxAge.toSeconds());
    ctx.sendFile(file);
  }

  /** The file for a request path, or null if it must not be served. */
  private Path resolve(String requested) throws IOException {
    String rel = requested == null ? "" : requested;
    if (rel.indexOf('\0') >= 0 || rel.indexOf('\\') >= 0) return null;
    for (String segment : rel.split("/")) {
      if (segment.startsWith(".")) return null; // "..", and dot files
    }
    Path candidate = root.resolve(rel).normalize();
    if (!candidate.startsWith(root) || !Files.exists(candidate)) return null;
    Path real = candidate.toRealPath();
    if (!real.startsWith(root)) return null; // a symbolic link out of the root
    if (Files.isDirectory(real, LinkOption.NOFOLLOW_LINKS)) {
      if (index == null) return null;
      real = real.resolve(index);
      if (!Files.isRegularFile(real) || !real.toRealPath().startsWith(root)) return null;
    }
    return Files.isRegularFile(real) && Files.isReadable(real) ? real : null;
  }
}
