package dev.tern.interop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * grpc-java's interop distribution ({@code io.grpc:grpc-interop-testing} zip, unpacked by the
 * build into {@code target/grpc-interop}): runs its {@code bin/test-client} and
 * {@code bin/test-server} scripts on the JDK running the tests. Each run's output goes to a log
 * file under {@code target/grpc-interop-logs}, quoted in failures.
 */
final class GrpcJava {
  private static final Path HOME = Path.of(System.getProperty("grpc.interop.home",
      "target/grpc-interop/grpc-interop-testing-1.79.0"));
  private static final Path LOGS = Path.of("target/grpc-interop-logs");

  private GrpcJava() {}

  /** A finished run of a script. */
  record Result(int exitCode, String output) {}

  /** Starts {@code bin/<script> args}, its output going to {@code log}. */
  static Process start(String script, Path log, String... args) {
    Path bin = HOME.resolve("bin").resolve(script);
    if (!Files.isRegularFile(bin)) {
      throw new IllegalStateException(bin + " is missing: the build unpacks grpc-java's interop distribution there"
          + " (mvn -pl tern-interop generate-test-resources)");
    }
    List<String> command = new ArrayList<>(List.of("sh", bin.toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    // Each case is a new JVM with grpc-java's 100-odd jars: a class-data archive, made by the
    // first run and reused by the others, and C1 only cut its start-up to well under a second.
    pb.environment().put("JAVA_OPTS", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:+AutoCreateSharedArchive"
        + " -XX:SharedArchiveFile=" + HOME.resolve(script + ".jsa").toAbsolutePath() + " -Xlog:cds=off"
        + " -Xlog:cds+dynamic=off");
    try {
      return pb.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + bin, e);
    }
  }

  /** Runs {@code bin/<script> args} to completion, killing it after {@code timeout}. */
  static Result run(String script, String name, Duration timeout, String... args) throws InterruptedException {
    Path log = log(name);
    Process process = start(script, log, args);
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      stop(process);
      throw new AssertionError(script + " " + String.join(" ", args) + " did not finish within " + timeout
          + "; its output:\n" + read(log));
    }
    return new Result(process.exitValue(), read(log));
  }

  /** A fresh log file for run {@code name}. */
  static Path log(String name) {
    try {
      Files.createDirectories(LOGS);
      Path log = LOGS.resolve(name + ".log");
      Files.deleteIfExists(log);
      return log;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String read(Path log) {
    try {
      return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Stops a process (the scripts exec java, so this is the JVM) and waits for it. */
  static void stop(Process process) throws InterruptedException {
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  /** A port that was free a moment ago. */
  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /**
   * Waits until something accepts connections on {@code port}, failing early if {@code process}
   * exits first.
   */
  static void awaitPort(int port, Process process, Path log, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("the server exited with " + process.exitValue() + ":\n" + read(log));
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException notYet) {
        Thread.sleep(50);
      }
    }
    throw new IllegalStateException("the server did not listen on port " + port + " within " + timeout + ":\n"
        + read(log));
  }
}
