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
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * grpc-java's distributions, unpacked by the build: the interop one ({@code io.grpc:grpc-interop-testing}
 * zip, in {@code target/grpc-interop}) and the benchmarks one ({@code io.grpc:grpc-benchmarks} zip,
 * in {@code target/grpc-benchmarks}). Runs their {@code bin/} scripts on the JDK running the tests.
 * Each run's output goes to a log file under {@code target/grpc-interop-logs}, quoted in failures.
 */
final class GrpcJava {
  /** The interop distribution: {@code bin/test-client}, {@code bin/test-server}. */
  static final Path INTEROP = Path.of(System.getProperty("grpc.interop.home",
      "target/grpc-interop/grpc-interop-testing-1.79.0"));
  /** The benchmarks distribution: {@code bin/qps_client}, {@code bin/qps_server}. */
  static final Path BENCHMARKS = Path.of(System.getProperty("grpc.benchmarks.home",
      "target/grpc-benchmarks/grpc-benchmarks-1.79.0"));
  private static final Path LOGS = Path.of("target/grpc-interop-logs");

  private GrpcJava() {}

  /** A finished run of a script. */
  record Result(int exitCode, String output) {}

  /** Starts the interop distribution's {@code bin/<script> args}, its output going to {@code log}. */
  static Process start(String script, Path log, String... args) {
    return start(INTEROP, script, log, Map.of(), args);
  }

  /**
   * Starts {@code bin/<script> args} of the distribution at {@code home}, with {@code env} added
   * to its environment, its output going to {@code log}.
   */
  static Process start(Path home, String script, Path log, Map<String, String> env, String... args) {
    Path bin = home.resolve("bin").resolve(script);
    if (!Files.isRegularFile(bin)) {
      throw new IllegalStateException(bin + " is missing: the build unpacks grpc-java's distributions there"
          + " (mvn -pl tern-interop generate-test-resources)");
    }
    List<String> command = new ArrayList<>(List.of("sh", bin.toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    // Each case is a new JVM with grpc-java's 100-odd jars: a class-data archive, made by the
    // first run and reused by the others, and C1 only cut its start-up to well under a second.
    pb.environment().put("JAVA_OPTS", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:+AutoCreateSharedArchive"
        + " -XX:SharedArchiveFile=" + home.resolve(script + ".jsa").toAbsolutePath() + " -Xlog:cds=off"
        + " -Xlog:cds+dynamic=off");
    pb.environment().putAll(env);
    try {
      return pb.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + bin, e);
    }
  }

  /** Runs the interop distribution's {@code bin/<script> args} to completion, killing it after {@code timeout}. */
  static Result run(String script, String name, Duration timeout, String... args) throws InterruptedException {
    return run(INTEROP, script, name, timeout, Map.of(), args);
  }

  /**
   * Runs {@code bin/<script> args} of the distribution at {@code home} to completion, with
   * {@code env} added to its environment, killing it after {@code timeout}.
   */
  static Result run(Path home, String script, String name, Duration timeout, Map<String, String> env, String... args)
      throws InterruptedException {
    Path log = log(name);
    Process process = start(home, script, log, env, args);
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
