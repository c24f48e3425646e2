package dev.tern.benchmarks.load;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** An {@link EchoServer} in a child JVM (see {@link ChildJvm}), pinned where {@link Pinning} says. */
final class ServerProcess implements AutoCloseable {

  private final Process process;
  private final int port;
  private volatile long jitMillis = -1;

  private ServerProcess(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  static ServerProcess start(ServerKind kind, EchoServer.HandlerMode handler, List<String> pinPrefix)
      throws IOException {
    List<String> command = ChildJvm.command(pinPrefix, EchoServer.class,
        List.of("--server", kind.name(), "--handler", handler.name()));
    Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      String line = CompletableFuture.supplyAsync(() -> ChildJvm.lineStartingWith(out, "READY "))
          .get(60, TimeUnit.SECONDS);
      if (line == null) throw new IOException(kind + " server did not start (exit code " + exitCode(process) + ")");
      ServerProcess server = new ServerProcess(process, Integer.parseInt(line.substring("READY ".length()).trim()));
      Thread.ofVirtual().start(() -> server.readJit(out));
      return server;
    } catch (Exception e) {
      process.destroyForcibly();
      throw e instanceof IOException io ? io : new IOException(kind + " server did not start", e);
    }
  }

  private static String exitCode(Process process) {
    try {
      return process.waitFor(5, TimeUnit.SECONDS) ? String.valueOf(process.exitValue()) : "still running";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "unknown";
    }
  }

  /** Keeps the server's latest JIT report, and its pipe drained so that it never blocks on it. */
  private void readJit(BufferedReader out) {
    try {
      String line;
      while ((line = out.readLine()) != null) {
        long ms = ChildJvm.parseJit(line);
        if (ms >= 0) jitMillis = ms;
      }
    } catch (IOException e) {
      // the server exited
    }
  }

  /** The server's total JIT compilation time at its latest report, in milliseconds; -1 before one. */
  long jitMillis() {
    return jitMillis;
  }

  int port() {
    return port;
  }

  long pid() {
    return process.pid();
  }

  ProcessHandle handle() {
    return process.toHandle();
  }

  /** CPU time the server process has used so far; null if unknown. */
  Duration cpuTime() {
    return ChildJvm.cpuTime(process.toHandle());
  }

  /** Closes the server's stdin, its signal to shut down; kills it if it has not exited in 10 s. */
  @Override
  public void close() {
    try {
      process.getOutputStream().close();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (IOException e) {
      process.destroyForcibly();
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
