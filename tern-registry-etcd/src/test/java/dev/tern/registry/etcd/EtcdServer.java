package dev.tern.registry.etcd;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real etcd server for a test: Debian's etcd-server binary on two free loopback ports with a
 * temporary data directory. Tests that need one are skipped where the binary is not installed.
 */
final class EtcdServer implements AutoCloseable {

  private static final List<Path> BINARIES = List.of(Path.of("/usr/bin/etcd"), Path.of("/usr/local/bin/etcd"));

  private final Path binary;
  private final Path dataDir;
  private final int clientPort;
  private final int peerPort;
  private Process process;

  private EtcdServer(Path binary) throws IOException {
    this.binary = binary;
    this.dataDir = Files.createTempDirectory("tern-etcd-");
    this.clientPort = freePort();
    this.peerPort = freePort();
  }

  /** Starts etcd, or skips the calling test when it is not installed. */
  static EtcdServer start() throws Exception {
    Path binary = BINARIES.stream().filter(Files::isExecutable).findFirst().orElse(null);
    assumeTrue(binary != null, "etcd is not installed (apt-get install etcd-server); skipping the etcd tests");
    EtcdServer server = new EtcdServer(binary);
    server.launch();
    return server;
  }

  /** The client URL, {@code http://127.0.0.1:<port>}. */
  String endpoint() {
    return "http://127.0.0.1:" + clientPort;
  }

  /** Kills the server at once (SIGKILL), as a crash would; its data stays. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(10, TimeUnit.SECONDS)) throw new IllegalStateException("etcd did not die");
  }

  /** Starts the server again on the same ports and data. */
  void restart() throws Exception {
    launch();
  }

  private void launch() throws Exception {
    String peer = "http://127.0.0.1:" + peerPort;
    process = new ProcessBuilder(binary.toString(),
        "--name", "tern-test",
        "--data-dir", dataDir.resolve("data").toString(),
        "--listen-client-urls", endpoint(),
        "--advertise-client-urls", endpoint(),
        "--listen-peer-urls", peer,
        "--initial-advertise-peer-urls", peer,
        "--initial-cluster", "tern-test=" + peer,
        "--initial-cluster-state", "new",
        "--logger", "zap",
        "--log-outputs", "stderr")
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(dataDir.resolve("etcd.log").toFile()))
        .start();
    awaitHealthy();
  }

  private void awaitHealthy() throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();
    HttpRequest health = HttpRequest.newBuilder(URI.create(endpoint() + "/health")).timeout(Duration.ofSeconds(1)).build();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (true) {
      if (!process.isAlive()) {
        throw new IllegalStateException("etcd exited with " + process.exitValue() + ": " + Files.readString(dataDir.resolve("etcd.log")));
      }
      try {
        HttpResponse<String> r = http.send(health, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200 && r.body().contains("true")) return;
      } catch (IOException e) {
        // not listening yet
      }
      if (System.nanoTime() > deadline) throw new IllegalStateException("etcd not healthy within 20 s");
      Thread.sleep(20);
    }
  }

  @Override
  public void close() throws IOException {
    if (process != null && process.isAlive()) {
      process.destroyForcibly();
      try {
        process.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    try (Stream<Path> files = Files.walk(dataDir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
