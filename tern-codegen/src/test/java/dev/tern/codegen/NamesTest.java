package dev.tern.codegen;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How IDL names become Java names, seen through generated code. */
class NamesTest {
  @TempDir Path tmp;

  @Test
  void packageFallsBackToTheStarNamespaceThenTheFileName() throws Exception {
    Path star = tmp.resolve("star.thrift");
    Files.writeString(star, "namespace * from.star\nstruct A {}\n");
    assertThat(Compiled.generate(star)).containsOnlyKeys("from/star/A.java");
    Path plain = tmp.resolve("My-Service.thrift");
    Files.writeString(plain, "const i32 X = 1\nenum E { A }\n");
    assertThat(Compiled.generate(plain)).containsOnlyKeys("my_service/E.java", "my_service/MyServiceConstants.java");
  }

  @Test
  void methodConstantsAreUpperSnakeCaseAndStructsUpperCamelCase() throws Exception {
    Path idl = tmp.resolve("s.thrift");
    Files.writeString(idl, """
        namespace java s
        service S {
          void getUser(), void get_http2Status(), void HTTPServer(), void serviceName()
        }
        """);
    assertThat(Compiled.generate(idl).get("s/S.java")).contains(
        " GET_USER =", " GET_HTTP2_STATUS =", " HTTP_SERVER =", " SERVICE_NAME_ =", "class GetUserArgs",
        "class GetHttp2StatusArgs", "class HTTPServerArgs");
  }
}
