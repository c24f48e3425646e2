package dev.tern.cli;

import dev.tern.http.HttpHandler;
import dev.tern.http.HttpServer;
import dev.tern.transport.Address;
import dev.tern.transport.TransportFactory;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./tern http-echo-server}: an HTTP/1.1 server for trying Tern HTTP with curl or a load
 * generator. {@code GET /plaintext} answers {@code Hello, World!} from the event loop;
 * {@code GET /echo} describes the request as JSON; {@code POST /echo} sends the body back with its
 * content type. Runs until interrupted, then shuts down gracefully.
 */
@Command(name = "http-echo-server", mixinStandardHelpOptions = true,
    description = "Serve GET/POST /echo and GET /plaintext over HTTP/1.1 until interrupted.")
public final class HttpEchoServerCommand implements Callable<Integer> {

  @Option(names = "--port", description = "Port to listen on (default: ${DEFAULT-VALUE}).", defaultValue = "8080")
  int port;

  @Option(names = "--host", description = "Address to bind (default: ${DEFAULT-VALUE}).", defaultValue = "0.0.0.0")
  String host;

  @Option(names = "--max-body", description = "Largest request body in bytes (default: ${DEFAULT-VALUE}).",
      defaultValue = "4194304")
  int maxBody;

  @Override
  public Integer call() throws InterruptedException {
    // a private engine: the shared one stops in its own shutdown hook, possibly before ours drains
    TransportFactory transport = TransportFactory.create(TransportFactory.defaultKind(), 0);
    HttpServer server = HttpServer.builder()
        .transport(transport)
        .address(Address.tcp(host, port))
        .maxBodySize(maxBody)
        .gracePeriod(Duration.ofSeconds(5))
        .build();
    byte[] hello = "Hello, World!".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    server.get("/plaintext", HttpHandler.nonBlocking(ctx -> ctx.bytes(hello, "text/plain")));
    server.get("/echo", ctx -> {
      Map<String, Object> echo = new LinkedHashMap<>();
      echo.put("method", ctx.method());
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
    System.out.println("tern http-echo-server listening on " + server.localAddress()
        + " (GET /plaintext, GET|POST /echo); Ctrl-C stops it");
    stopped.await();
    return 0;
  }
}
