package dev.tern.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.StringValue;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Static files, multipart forms, cookies, templates and content negotiation. */
class ContentTest {

  record User(String name, List<String> roles, boolean admin) {}

  @TempDir
  static Path dir;
  static HttpServer server;
  static HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  static String base;
  static byte[] logo;

  @BeforeAll
  static void start() throws Exception {
    Files.writeString(dir.resolve("hello.txt"), "0123456789abcdefghij");
    Files.writeString(dir.resolve("index.html"), "<h1>home</h1>");
    Files.createDirectories(dir.resolve("css"));
    Files.writeString(dir.resolve("css/site.css"), "body{}");
    Files.writeString(dir.resolve(".env"), "SECRET=1");
    logo = new byte[100_000];
    for (int i = 0; i < logo.length; i++) logo[i] = (byte) i;
    Files.write(dir.resolve("logo.png"), logo);
    Path outside = Files.writeString(dir.getParent().resolve("outside-" + System.nanoTime() + ".txt"), "outside");
    Files.createSymbolicLink(dir.resolve("escape.txt"), outside);

    Templates templates = Templates.of(Map.of(
        "user.html", "{{> header}}<p>{{name}}</p>\n<ul>\n{{#roles}}\n  <li>{{.}}</li>\n{{/roles}}\n</ul>\n"
            + "{{#admin}}<b>admin</b>{{/admin}}{{^admin}}<i>user</i>{{/admin}}{{! not shown }}",
        "header", "<title>{{{title}}}</title>",
        "broken", "{{#open}}never closed"));
    server = HttpServer.builder().address("127.0.0.1:0").templates(templates).build();
    server.staticFiles("/static", dir);
    server.get("/cached/*filepath", StaticFiles.of(dir).maxAge(Duration.ofHours(1)));
    server.post("/upload", ctx -> {
      StringBuilder sb = new StringBuilder(ctx.form("title") + ";");
      for (FormFile f : ctx.formFiles()) sb.append(f.name()).append('=').append(f.filename()).append(':')
          .append(f.contentType()).append(':').append(f.size()).append(';');
      ctx.text(sb.toString());
    });
    server.post("/upload-big", HttpHandler.streamingBody(ctx -> {
      FormFile f = ctx.formFile("data");
      Path saved = dir.resolve("saved.bin");
      f.transferTo(saved);
      CRC32 crc = new CRC32();
      crc.update(Files.readAllBytes(saved));
      ctx.text(f.size() + " " + Long.toHexString(crc.getValue()) + " " + ctx.form("note"));
    }));
    server.get("/cookies", ctx -> {
      ctx.setCookie(Cookie.of("session", "abc").maxAge(Duration.ofHours(1)).secure(true).sameSite(Cookie.SameSite.STRICT));
      ctx.setCookie(Cookie.of("theme", "dark").httpOnly(false).path("/app"));
      ctx.text(String.valueOf(ctx.cookies()));
    });
    server.get("/user", ctx -> ctx.render("user", Map.of("name", "<Ada>", "roles", List.of("dev", "ops"),
        "admin", false, "title", "<em>Users</em>")));
    server.get("/user-record", ctx -> ctx.render("user", new User("Bob", List.of(), true)));
    server.get("/broken", ctx -> ctx.render("broken", Map.of()));
    server.get("/negotiate", ctx -> ctx.negotiate(new User("Cy", List.of("x"), false), "user"));
    server.get("/proto", ctx -> ctx.negotiate(StringValue.of("hello proto")));
    server.start();
    base = "http://127.0.0.1:" + server.port();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static HttpResponse<byte[]> get(String path, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path));
    for (int i = 0; i < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
    return client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  static String text(HttpResponse<byte[]> r) {
    return new String(r.body(), StandardCharsets.UTF_8);
  }

  @Test
  void staticFilesWithTypesValidatorsAndIndex() throws Exception {
    HttpResponse<byte[]> r = get("/static/hello.txt");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(text(r)).isEqualTo("0123456789abcdefghij");
    assertThat(r.headers().firstValue("Content-Type")).hasValue("text/plain; charset=UTF-8");
    assertThat(r.headers().firstValue("Content-Length")).hasValue("20");
    assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-cache");
    assertThat(r.headers().firstValue("ETag")).isPresent();
    assertThat(r.headers().firstValue("Last-Modified")).isPresent();
    assertThat(get("/static/css/site.css").headers().firstValue("Content-Type")).hasValue("text/css; charset=UTF-8");
    assertThat(get("/static/logo.png").body()).isEqualTo(logo);
    assertThat(text(get("/static/"))).isEqualTo("<h1>home</h1>");
    assertThat(get("/cached/hello.txt").headers().firstValue("Cache-Control")).hasValue("public, max-age=3600");
  }

  @Test
  void conditionalRequestsGet304() throws Exception {
    HttpResponse<byte[]> first = get("/static/hello.txt");
    String etag = first.headers().firstValue("ETag").orElseThrow();
    HttpResponse<byte[]> again = get("/static/hello.txt", "If-None-Match", etag);
    assertThat(again.statusCode()).isEqualTo(304);
    assertThat(again.body()).isEmpty();
    assertThat(again.headers().firstValue("ETag")).hasValue(etag);
    String lastModified = first.headers().firstValue("Last-Modified").orElseThrow();
    assertThat(get("/static/hello.txt", "If-Modified-Since", lastModified).statusCode()).isEqualTo(304);
    assertThat(get("/static/hello.txt", "If-None-Match", "W/\"other\"").statusCode()).isEqualTo(200);
  }

  @Test
  void byteRanges() throws Exception {
    HttpResponse<byte[]> part = get("/static/hello.txt", "Range", "bytes=2-5");
    assertThat(part.statusCode()).isEqualTo(206);
    assertThat(text(part)).isEqualTo("2345");
    assertThat(part.headers().firstValue("Content-Range")).hasValue("bytes 2-5/20");
    assertThat(text(get("/static/hello.txt", "Range", "bytes=-3"))).isEqualTo("hij");
    assertThat(text(get("/static/hello.txt", "Range", "bytes=15-"))).isEqualTo("fghij");
    HttpResponse<byte[]> tail = get("/static/logo.png", "Range", "bytes=99990-");
    assertThat(tail.body()).isEqualTo(java.util.Arrays.copyOfRange(logo, 99_990, 100_000));
    HttpResponse<byte[]> bad = get("/static/hello.txt", "Range", "bytes=50-60");
    assertThat(bad.statusCode()).isEqualTo(416);
    assertThat(bad.headers().firstValue("Content-Range")).hasValue("bytes */20");
    assertThat(get("/static/hello.txt", "Range", "bytes=0-1,4-5").statusCode()).isEqualTo(200); // several: whole file
    String lastModified = get("/static/hello.txt").headers().firstValue("Last-Modified").orElseThrow();
    assertThat(get("/static/hello.txt", "Range", "bytes=0-1", "If-Range", lastModified).statusCode()).isEqualTo(206);
    assertThat(get("/static/hello.txt", "Range", "bytes=0-1", "If-Range", "Tue, 01 Jan 2019 00:00:00 GMT").statusCode()).isEqualTo(200);
  }

  @Test
  void nothingOutsideTheRootIsServed() throws Exception {
    try (RawConnection c = new RawConnection(server.port())) {
      assertThat(c.send("GET /static/../pom.xml HTTP/1.1\r\nHost: x\r\n\r\n").read().status()).isEqualTo(404);
      assertThat(c.send("GET /static/%2e%2e/%2e%2e/etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n").read().status()).isEqualTo(404);
      assertThat(c.send("GET /static/.env HTTP/1.1\r\nHost: x\r\n\r\n").read().status()).isEqualTo(404);
      assertThat(c.send("GET /static/escape.txt HTTP/1.1\r\nHost: x\r\n\r\n").read().status()).isEqualTo(404); // symlink out
      assertThat(c.send("GET /static/nope.txt HTTP/1.1\r\nHost: x\r\n\r\n").read().status()).isEqualTo(404);
      RawConnection.Response head = c.send("HEAD /static/hello.txt HTTP/1.1\r\nHost: x\r\n\r\n").readHeadResponse();
      assertThat(head.header("Content-Length")).isEqualTo("20");
      assertThat(head.body()).isEmpty();
      assertThat(c.send("GET /static/hello.txt HTTP/1.1\r\nHost: x\r\n\r\n").read().body()).isEqualTo("0123456789abcdefghij");
    }
  }

  static byte[] multipart(String boundary, Object... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < parts.length; i += 3) {
      out.writeBytes(("--" + boundary + "\r\n").getBytes(StandardCharsets.UTF_8));
      String name = (String) parts[i];
      String filename = (String) parts[i + 1];
      out.writeBytes(("Content-Disposition: form-data; name=\"" + name + "\""
          + (filename == null ? "" : "; filename=\"" + filename + "\"") + "\r\n").getBytes(StandardCharsets.UTF_8));
      if (filename != null) out.writeBytes("Content-Type: application/octet-stream\r\n".getBytes(StandardCharsets.UTF_8));
      out.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
      out.writeBytes(parts[i + 2] instanceof byte[] b ? b : ((String) parts[i + 2]).getBytes(StandardCharsets.UTF_8));
      out.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
    }
    out.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return out.toByteArray();
  }

  @Test
  void multipartFieldsAndFiles() throws Exception {
    byte[] body = multipart("XyZ", "title", null, "Holiday", "a", "a.txt", "hello", "b", "b.bin", new byte[3000]);
    HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(base + "/upload"))
        .header("Content-Type", "multipart/form-data; boundary=XyZ").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.body()).isEqualTo("Holiday;a=a.txt:application/octet-stream:5;b=b.bin:application/octet-stream:3000;");
    HttpResponse<String> bad = client.send(HttpRequest.newBuilder(URI.create(base + "/upload"))
        .header("Content-Type", "multipart/form-data").POST(HttpRequest.BodyPublishers.ofString("junk")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(bad.statusCode()).isEqualTo(400);
  }

  @Test
  void aLargeMultipartUploadOnAStreamingRouteGoesToDisk() throws Exception {
    byte[] data = new byte[6 << 20]; // over the 4 MiB buffered-body limit
    for (int i = 0; i < data.length; i++) data[i] = (byte) (i * 7);
    CRC32 crc = new CRC32();
    crc.update(data);
    byte[] body = multipart("b0undary", "note", null, "big one", "data", "big.bin", data);
    HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(base + "/upload-big"))
        .header("Content-Type", "multipart/form-data; boundary=b0undary").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.body()).isEqualTo(data.length + " " + Long.toHexString(crc.getValue()) + " big one");
  }

  @Test
  void cookiesWithAttributes() throws Exception {
    HttpResponse<byte[]> r = get("/cookies", "Cookie", "a=1; b=2");
    assertThat(text(r)).isEqualTo("{a=1, b=2}");
    assertThat(r.headers().allValues("Set-Cookie")).containsExactly(
        "session=abc; Max-Age=3600; Expires=" + r.headers().allValues("Set-Cookie").get(0).split("Expires=")[1].split(";")[0]
            + "; Path=/; Secure; HTTPOnly; SameSite=Strict",
        "theme=dark; Path=/app; SameSite=Lax");
  }

  @Test
  void templatesEscapeByDefault() throws Exception {
    HttpResponse<byte[]> r = get("/user");
    assertThat(r.headers().firstValue("Content-Type")).hasValue("text/html; charset=UTF-8");
    assertThat(text(r)).isEqualTo("<title><em>Users</em></title><p>&lt;Ada&gt;</p>\n<ul>\n  <li>dev</li>\n  <li>ops</li>\n</ul>\n<i>user</i>");
    assertThat(text(get("/user-record"))).isEqualTo("<title></title><p>Bob</p>\n<ul>\n</ul>\n<b>admin</b>");
    HttpResponse<byte[]> broken = get("/broken");
    assertThat(broken.statusCode()).isEqualTo(500);
    assertThatThrownBy(() -> Templates.of(Map.of("t", "a\n{{/x}}")).render("t", Map.of()))
        .hasMessage("template t, line 2: {{/x}} closes nothing");
  }

  @Test
  void negotiationPicksTheRepresentation() throws Exception {
    HttpResponse<byte[]> json = get("/negotiate", "Accept", "application/json");
    assertThat(json.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(text(json)).isEqualTo("{\"name\":\"Cy\",\"roles\":[\"x\"],\"admin\":false}");
    assertThat(json.headers().firstValue("Vary")).hasValue("Accept");
    HttpResponse<byte[]> html = get("/negotiate", "Accept", "text/html,application/xhtml+xml,application/json;q=0.9,*/*;q=0.8");
    assertThat(text(html)).contains("<p>Cy</p>");
    assertThat(text(get("/negotiate"))).startsWith("{"); // no Accept: the first offered
    assertThat(get("/negotiate", "Accept", "image/png").statusCode()).isEqualTo(406);
    assertThat(text(get("/negotiate", "Accept", "text/*;q=0.5, application/json;q=0.4"))).contains("<p>Cy</p>");
  }

  @Test
  void protobufMessagesAreSentAsProtobuf() throws Exception {
    HttpResponse<byte[]> r = get("/proto", "Accept", "application/x-protobuf");
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/x-protobuf");
    assertThat(StringValue.parseFrom(r.body()).getValue()).isEqualTo("hello proto");
    assertThat(get("/proto", "Accept", "application/json").statusCode()).isEqualTo(406);
  }
}
