package dev.tern.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every HTTP contestant serves the same two routes the same way (what wrk then loads). */
class HttpEchoServersTest {

  private static final HttpClient HTTP = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

  @ParameterizedTest
  @CsvSource({"TERN_HTTP, BLOCKING", "TERN_HTTP, ASYNC", "NETTY_HTTP, BLOCKING", "VERTX, BLOCKING", "HELIDON, BLOCKING"})
  void plaintextAndEcho(ServerKind kind, EchoServer.HandlerMode mode) throws Exception {
    try (EchoServer.Running server = kind.start(0, mode)) {
      String base = "http://127.0.0.1:" + server.port();
      for (int i = 0; i < 3; i++) { // more than one request on the keep-alive connection
        HttpResponse<String> hello = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/plaintext"))
            .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(hello.statusCode()).isEqualTo(200);
        assertThat(hello.body()).isEqualTo("Hello, World!");
        assertThat(hello.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));

        HttpResponse<byte[]> echo = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/echo"))
            .timeout(Duration.ofSeconds(5))
            .header("Content-Type", "application/octet-stream")
            .POST(HttpRequest.BodyPublishers.ofByteArray(Loads.PAYLOAD)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(echo.statusCode()).isEqualTo(200);
        assertThat(echo.body()).isEqualTo(Loads.PAYLOAD);
        assertThat(echo.headers().firstValue("Content-Type")).hasValue("application/octet-stream");
      }
    }
  }
}
