package dev.tern.http;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs Debian's curl, an HTTP/2 client independent of Netty (nghttp2 inside), installed by
 * {@code .ci/run}. Tests needing HTTP/2 are skipped, saying why, only where curl lacks it.
 */
final class Curl {

  /** What curl printed: the body, then the {@code -w} line with the HTTP version and status. */
  record Result(int exitCode, String body, String version, int status, String stderr) {}

  private static final String MARK = "\n#curl#";
  private static Boolean http2;

  private Curl() {}

  /** Skips the calling test unless curl is installed and speaks HTTP/2. */
  static void assumeHttp2() {
    assumeTrue(supportsHttp2(), "curl with HTTP/2 support is not installed (.ci/run installs it): HTTP/2 curl test skipped");
  }

  static synchronized boolean supportsHttp2() {
    if (http2 == null) {
      try {
        Process p = new ProcessBuilder("curl", "--version").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        http2 = p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0 && out.contains("HTTP2");
      } catch (IOException | InterruptedException e) {
        http2 = false;
      }
    }
    return http2;
  }

  /** Runs {@code curl -s <args>} and splits the body from the status line that {@code -w} adds. */
  static Result run(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("curl", "-s", "-S", "--max-time", "20", "-w", MARK + "%{http_version} %{http_code}"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).start();
    byte[] out = p.getInputStream().readAllBytes();
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("curl did not finish: " + cmd);
    }
    String text = new String(out, StandardCharsets.UTF_8);
    int mark = text.lastIndexOf(MARK);
    String[] tail = text.substring(mark + MARK.length()).trim().split(" ");
    return new Result(p.exitValue(), text.substring(0, mark), tail[0], Integer.parseInt(tail[1]), err);
  }
}
