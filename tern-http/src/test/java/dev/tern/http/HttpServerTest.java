package dev.tern.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Routing, middleware, context helpers, binding and JSON, against a real server on loopback. */
class HttpServerTest {

  record Item(String name, int qty) {}

  record Search(@Required String q, @Default("10") @Min(1) @Max(100) int limit, @Default("asc") @Pattern("asc|desc") String order,
      List<String> tag, @From(value = Source.HEADER, name = "X-Tenant") String tenant) {}

  record NewUser(@Required @Min(2) String name, @Min(18) int age, @Pattern("[^@]+@[^@]+") String email, long id) {}

  enum Color { RED, GREEN }

  record Paint(long id, Color color, boolean glossy, @Default("1.5") double liters) {}

  static final List<String> order = new CopyOnWriteArrayList<>();
  static HttpServer server;
  static HttpClient client;
  static String base;

  static HttpMiddleware mark(String name) {
    return next -> ctx -> {
      order.add(name + ">");
      next.handle(ctx);
      order.add("<" + name);
    };
  }

  @BeforeAll
  static void start() {
    server = HttpServer.builder().address("127.0.0.1:0").gracePeriod(Duration.ofSeconds(1)).build();
    server.use(mark("server"));
    server.get("/users/new", ctx -> ctx.text("static"));
    server.get("/users/:id", ctx -> ctx.text("param " + ctx.pathParam("id")));
    server.get("/users/*rest", ctx -> ctx.text("wildcard " + ctx.pathParam("rest")));
    server.post("/users/:id", ctx -> ctx.status(201).text("created " + ctx.pathParam("id")));
    server.get("/dir/", ctx -> ctx.text("dir"));
    server.post("/submit", ctx -> ctx.text("submitted"));
    server.any("/anything", ctx -> ctx.text("any " + ctx.method()));
    server.get("/echo-info", ctx -> ctx.json(Map.of(
        "query", ctx.queryAll("a"), "header", String.valueOf(ctx.header("X-Thing")),
        "cookie", String.valueOf(ctx.cookie("session")), "route", ctx.route())));
    server.post("/form", ctx -> ctx.text(ctx.form("name") + "/" + ctx.formParams().get("n")));
    server.post("/json", ctx -> {
      Item item = ctx.bodyJson(Item.class);
      ctx.json(new Item(item.name().toUpperCase(), item.qty() * 2));
    });
    server.get("/search", ctx -> ctx.json(ctx.bind(Search.class)));
    server.post("/users", ctx -> ctx.status(201).json(ctx.bind(NewUser.class)));
    server.post("/paint/:id", ctx -> ctx.json(ctx.bind(Paint.class)));
    server.get("/fail", ctx -> { throw new IllegalStateException("boom"); });
    server.get("/teapot", ctx -> { throw new HttpStatusException(418, "short and stout"); });
    server.get("/cookie", ctx -> ctx.setCookie("session", "abc").text("ok"));
    server.get("/go", ctx -> ctx.redirect(302, "/dir/"));
    server.get("/fast", HttpHandler.nonBlocking(ctx -> ctx.text(Thread.currentThread().isVirtual() ? "virtual" : "event-loop")));
    server.get("/slow", ctx -> ctx.text(Thread.currentThread().isVirtual() ? "virtual" : "platform"));
    server.get("/stream", ctx -> {
      try (OutputStream out = ctx.stream("text/plain")) {
        for (int i = 0; i < 3; i++) {
          out.write(("part" + i + ";").getBytes(StandardCharsets.UTF_8));
          out.flush();
        }
      }
    });
    server.post("/upload-size", ctx -> ctx.text(String.valueOf(ctx.body().length)));
    Routes api = server.group("/api", mark("api"));
    api.get("/ping", ctx -> {
      order.add("handler");
      ctx.text("pong");
    }, mark("route"));
    Routes v2 = api.group("/v2", mark("v2"));
    v2.get("/ping", ctx -> ctx.text("pong2"));
    server.start();
    client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    base = "http://127.0.0.1:" + server.port();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static HttpResponse<String> get(String path) throws Exception {
    return client.send(HttpRequest.newBuilder(URI.create(base + path)).build(), BodyHandlers.ofString());
  }

  static HttpResponse<String> send(String method, String path, String contentType, String body) throws Exception {
    return client.send(HttpRequest.newBuilder(URI.create(base + path))
        .method(method, BodyPublishers.ofString(body)).header("Content-Type", contentType).build(), BodyHandlers.ofString());
  }

  @Test
  void routesByPriorityAndMethod() throws Exception {
    assertThat(get("/users/new").body()).isEqualTo("static");
    assertThat(get("/users/7").body()).isEqualTo("param 7");
    assertThat(get("/users/7/photos/x.png").body()).isEqualTo("wildcard 7/photos/x.png");
    HttpResponse<String> post = send("POST", "/users/9", "text/plain", "");
    assertThat(post.statusCode()).isEqualTo(201);
    assertThat(post.body()).isEqualTo("created 9");
    assertThat(send("PATCH", "/anything", "text/plain", "").body()).isEqualTo("any PATCH");
  }

  @Test
  void notFoundAndMethodNotAllowed() throws Exception {
    HttpResponse<String> nf = get("/nope");
    assertThat(nf.statusCode()).isEqualTo(404);
    HttpResponse<String> na = send("DELETE", "/users/7", "text/plain", "");
    assertThat(na.statusCode()).isEqualTo(405);
    assertThat(na.headers().firstValue("Allow")).hasValue("GET, HEAD, POST");
  }

  @Test
  void trailingSlashRedirects() throws Exception {
    HttpResponse<String> get = get("/dir?x=1");
    assertThat(get.statusCode()).isEqualTo(301);
    assertThat(get.headers().firstValue("Location")).hasValue("/dir/?x=1");
    HttpResponse<String> post = send("POST", "/submit/", "text/plain", "body");
    assertThat(post.statusCode()).isEqualTo(308);
    assertThat(post.headers().firstValue("Location")).hasValue("/submit");
    HttpResponse<String> explicit = get("/go");
    assertThat(explicit.statusCode()).isEqualTo(302);
    assertThat(explicit.headers().firstValue("Location")).hasValue("/dir/");
  }

  @Test
  void middlewareRunsServerThenGroupThenRoute() throws Exception {
    order.clear();
    assertThat(get("/api/ping").body()).isEqualTo("pong");
    assertThat(order).containsExactly("server>", "api>", "route>", "handler", "<route", "<api", "<server");
    order.clear();
    assertThat(get("/api/v2/ping").body()).isEqualTo("pong2");
    assertThat(order).containsExactly("server>", "api>", "v2>", "<v2", "<api", "<server");
    order.clear();
    assertThat(get("/api/none").statusCode()).isEqualTo(404);
    assertThat(order).containsExactly("server>", "<server");
  }

  @Test
  void requestAccessors() throws Exception {
    HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(base + "/echo-info?a=1&a=two%20words"))
        .header("X-Thing", "t").header("Cookie", "other=1; session=s3cr3t").build(), BodyHandlers.ofString());
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(r.body()).contains("\"query\":[\"1\",\"two words\"]", "\"header\":\"t\"", "\"cookie\":\"s3cr3t\"",
        "\"route\":\"/echo-info\"");
    assertThat(send("POST", "/form", "application/x-www-form-urlencoded", "name=J%C3%B6rg&n=1&n=2").body())
        .isEqualTo("Jörg/[1, 2]");
    assertThat(get("/cookie").headers().firstValue("Set-Cookie")).hasValue("session=abc; Path=/; HTTPOnly");
  }

  @Test
  void jsonInAndOut() throws Exception {
    HttpResponse<String> r = send("POST", "/json", "application/json", "{\"name\":\"pen\",\"qty\":3}");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("{\"name\":\"PEN\",\"qty\":6}");
    HttpResponse<String> bad = send("POST", "/json", "application/json", "{\"name\":");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).startsWith("malformed JSON body");
  }

  @Test
  void bindsQueryHeaderAndDefaults() throws Exception {
    HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(base + "/search?q=tern&tag=a&tag=b"))
        .header("X-Tenant", "acme").build(), BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("{\"q\":\"tern\",\"limit\":10,\"order\":\"asc\",\"tag\":[\"a\",\"b\"],\"tenant\":\"acme\"}");
  }

  @Test
  void validationListsEveryInvalidField() throws Exception {
    HttpResponse<String> r = get("/search?limit=500&order=sideways");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("\"error\":\"invalid request\"",
        "{\"field\":\"q\",\"message\":\"is required\"}",
        "{\"field\":\"limit\",\"message\":\"must have at most 100\"}",
        "{\"field\":\"order\",\"message\":\"must match asc|desc\"}");
    HttpResponse<String> notANumber = get("/search?q=x&limit=ten");
    assertThat(notANumber.body()).contains("{\"field\":\"limit\",\"message\":\"cannot convert to int\"}");
  }

  @Test
  void bindsJsonBodies() throws Exception {
    HttpResponse<String> ok = send("POST", "/users", "application/json",
        "{\"name\":\"Ada\",\"age\":36,\"email\":\"ada@example.com\",\"id\":5}");
    assertThat(ok.statusCode()).isEqualTo(201);
    assertThat(ok.body()).isEqualTo("{\"name\":\"Ada\",\"age\":36,\"email\":\"ada@example.com\",\"id\":5}");
    HttpResponse<String> bad = send("POST", "/users", "application/json", "{\"name\":\"A\",\"age\":12,\"email\":\"nope\"}");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).contains("\"field\":\"name\"", "\"field\":\"age\"", "\"field\":\"email\"")
        .doesNotContain("\"field\":\"id\"");
  }

  @Test
  void bindsPathParamsAndFormFields() throws Exception {
    HttpResponse<String> r = send("POST", "/paint/12", "application/x-www-form-urlencoded", "color=green&glossy=on");
    assertThat(r.body()).isEqualTo("{\"id\":12,\"color\":\"GREEN\",\"glossy\":true,\"liters\":1.5}");
    HttpResponse<String> bad = send("POST", "/paint/x", "application/x-www-form-urlencoded", "color=blue");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).contains("{\"field\":\"id\",\"message\":\"cannot convert to long\"}",
        "{\"field\":\"color\",\"message\":\"cannot convert to Color\"}");
  }

  @Test
  void errorsBecomeStatuses() throws Exception {
    assertThat(get("/fail").statusCode()).isEqualTo(500);
    HttpResponse<String> teapot = get("/teapot");
    assertThat(teapot.statusCode()).isEqualTo(418);
    assertThat(teapot.body()).isEqualTo("short and stout");
  }

  @Test
  void blockingHandlersRunOnVirtualThreadsAndNonBlockingOnTheEventLoop() throws Exception {
    assertThat(get("/slow").body()).isEqualTo("virtual");
    assertThat(get("/fast").body()).isEqualTo("event-loop");
  }

  @Test
  void chunkedBodiesBothWays() throws Exception {
    HttpResponse<String> s = get("/stream");
    assertThat(s.body()).isEqualTo("part0;part1;part2;");
    byte[] big = new byte[300_000];
    HttpResponse<String> up = client.send(HttpRequest.newBuilder(URI.create(base + "/upload-size"))
        .POST(BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(big))).build(), BodyHandlers.ofString());
    assertThat(up.body()).isEqualTo("300000"); // no length known up front: the JDK client sends it chunked
  }

  @Test
  void headGetsHeadersOnly() throws Exception {
    HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(base + "/users/new"))
        .method("HEAD", BodyPublishers.noBody()).build(), BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Length")).hasValue("6");
    assertThat(r.body()).isEmpty();
  }

  @Test
  void headOfAStreamedResponseHasNoBodyAndKeepsTheConnectionUsable() throws Exception {
    try (RawConnection c = new RawConnection(server.port())) {
      RawConnection.Response head = c.send("HEAD /stream HTTP/1.1\r\nHost: x\r\n\r\n").read();
      assertThat(head.status()).isEqualTo(200);
      assertThat(head.header("Transfer-Encoding")).isNull();
      RawConnection.Response next = c.send("GET /stream HTTP/1.1\r\nHost: x\r\n\r\n").read();
      assertThat(next.header("Transfer-Encoding")).isEqualTo("chunked");
      assertThat(next.body()).isEqualTo("part0;part1;part2;");
    }
  }

  @Test
  void routesCannotBeAddedAfterStart() {
    assertThatThrownBy(() -> server.get("/late", ctx -> {})).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void conflictingRoutesFailAtRegistration() {
    HttpServer s = HttpServer.builder().address("127.0.0.1:0").build();
    s.get("/a/:id", ctx -> {});
    assertThatThrownBy(() -> s.group("/a").get("/:name", ctx -> {}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("conflicts with ':id'");
    s.close();
  }
}
