package dev.tern.cli;

import dev.tern.http.HttpHandler;
import dev.tern.http.HttpServer;
import dev.tern.http.Tls;
import dev.tern.transport.Address;
import dev.tern.transport.TransportFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./tern http-echo-server}: an HTTP server for trying Tern HTTP with curl, load generators
 * (wrk, h2load) and HTTP/2 conformance tools. One port serves HTTP/1.1 and h2c (prior knowledge
 * and {@code Upgrade: h2c}); {@code --tls} serves HTTP/2 and HTTP/1.1 over TLS, chosen by ALPN,
 * with a self-signed certificate generated at start unless {@code --cert}/{@code --key} are given.
 * {@code GET /plaintext} answers {@code Hello, World!} from the event loop; {@code GET /echo}
 * describes the request as JSON; {@code POST /echo} sends the body back with its content type.
 * Runs until interrupted, then shuts down gracefully.
 */
@Command(name = "http-echo-server", mixinStandardHelpOptions = true,
    description = "Serve GET/POST /echo and GET /plaintext over HTTP/1.1 and HTTP/2 (h2c, or h2 with --tls) until interrupted.")
public final class HttpEchoServerCommand implements Callable<Integer> {

  @Option(names = "--port", description = "Port to listen on (default: ${DEFAULT-VALUE}).", defaultValue = "8080")
  int port;

  @Option(names = "--host", description = "Address to bind (default: ${DEFAULT-VALUE}).", defaultValue = "0.0.0.0")
  String host;

  @Option(names = "--max-body", description = "Largest request body in bytes (default: ${DEFAULT-VALUE}).",
      defaultValue = "4194304")
  int maxBody;

  @Option(names = "--tls", description = "Serve TLS (HTTP/2 by ALPN, and HTTP/1.1); self-signed unless --cert/--key are given.")
  boolean tls;

  @Option(names = "--cert", description = "PEM certificate chain for --tls.")
  Path cert;

  @Option(names = "--key", description = "PEM (PKCS#8) private key for --tls.")
  Path key;

  @Override
  public Integer call() throws InterruptedException {
    if ((cert == null) != (key == null)) throw new picocli.CommandLine.ParameterException(
        new picocli.CommandLine(this), "--cert and --key go together");
    // a private engine: the shared one stops in its own shutdown hook, possibly before ours drains
    TransportFactory transport = TransportFactory.create(TransportFactory.defaultKind(), 0);
    HttpServer.Builder builder = HttpServer.builder()
        .transport(transport)
        .address(Address.tcp(host, port))
        .maxBodySize(maxBody)
        .gracePeriod(Duration.ofSeconds(5));
    if (tls || cert != null) builder.tls(cert != null ? Tls.server(cert, key) : Tls.selfSigned());
    HttpServer server = builder.build();
    byte[] hello = "Hello, World!".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    server.get("/plaintext", HttpHandler.nonBlocking(ctx -> ctx.bytes(hello, "text/plain")));
    server.get("/echo", ctx -> {
      Map<String, Object> echo = new LinkedHashMap<>();
      echo.put("method", ctx.method());
      echo.put("protocol", ctx.protocol());
      echo.put("path", ctx.path());
      echo.put("query", ctx.queryParams());
      Map<String, String> headers = new LinkedHashMap<>();
      for (String name : new String[] {"Host", "User-Agent", "Accept", "Content-Type"}) {
        if (ctx.header(name) != null) headers.put(name, ctx.header(name));
      }
      echo.put("headers", headers);
      echo.put("remote", String.valueOf(ctx.remoteAddress()));
      ctx.json(echo);
    });
    server.post("/echo", ctx -> {
      String type = ctx.header("Content-Type");
      ctx.bytes(ctx.body(), type != null ? type : "application/octet-stream");
    });
    server.start();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      transport.close();
      stopped.countDown();
    }, "http-echo-server-shutdown"));
    String protocols = tls || cert != null
        ? "https: HTTP/2 and HTTP/1.1 by ALPN, TLS by " + Tls.provider() + (cert == null ? ", self-signed certificate" : "")
        : "http: HTTP/1.1 and h2c (prior knowledge or Upgrade)";
    System.out.println("tern http-echo-server listening on " + server.localAddress() + " (" + protocols
        + "; GET /plaintext, GET|POST /echo); Ctrl-C stops it");
    stopped.await();
    return 0;
  }
}
