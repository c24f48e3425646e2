package dev.tern.benchmarks.load;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * An {@link EchoServer} in a child JVM: same java binary, classpath and JVM options as this one
 * (as JMH forks do), so that, say, {@code -Dtern.transport=nio} or a heap size applies to both
 * sides. Agents and flight recordings are not passed on: they would fight over ports and files.
 */
final class ServerProcess implements AutoCloseable {

  private final Process process;
  private final int port;

  private ServerProcess(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  static ServerProcess start(EchoServer.Impl impl, EchoServer.HandlerMode handler) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("--enable-native-access=ALL-UNNAMED");
    command.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
    for (String option : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      boolean ownedByThisJvm = option.startsWith("-agent") || option.startsWith("-javaagent")
          || option.startsWith("-XX:StartFlightRecording");
      if (!ownedByThisJvm) command.add(option);
    }
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), EchoServer.class.getName(),
        "--impl", impl.name(), "--handler", handler.name()));
    Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      String line = CompletableFuture.supplyAsync(() -> readLine(out)).get(30, TimeUnit.SECONDS);
      if (line == null || !line.startsWith("READY ")) {
        throw new IOException("echo server did not start (said: " + line + ")");
      }
      return new ServerProcess(process, Integer.parseInt(line.substring("READY ".length()).trim()));
    } catch (Exception e) {
      process.destroyForcibly();
      throw e instanceof IOException io ? io : new IOException("echo server did not start", e);
    }
  }

  /** The READY line, skipping what the JVM itself may print first (say, a flight recording's notice). */
  private static String readLine(BufferedReader in) {
    try {
      String line;
      do {
        line = in.readLine();
      } while (line != null && !line.startsWith("READY "));
      return line;
    } catch (IOException e) {
      return null;
    }
  }

  int port() {
    return port;
  }

  long pid() {
    return process.pid();
  }

  /** CPU time the server process has used so far (all threads, user and system); null if unknown. */
  Duration cpuTime() {
    return process.toHandle().info().totalCpuDuration().orElse(null);
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
