package dev.tern.codegen;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.codegen.proto.ProtoCodegen;
import dev.tern.codegen.proto.TestProtos;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs protoc and Tern's stub generator on {@code proto/tern/test/greeter.proto} (every kind of
 * method, comments, nested messages, imports, java options) and {@code tricky.proto} (names that
 * clash with the generated code), compiles the result in process under {@code -Xlint:all} with
 * the scenarios in {@code src/test/resources/scenarios/GrpcStubScenarios.java}, and runs each
 * scenario as a test.
 */
class ProtoGeneratedCodeTest {
  private static final String GOLDEN = "/golden/GreeterRpc.java.txt";

  @TempDir static Path out;
  @TempDir static Path classes;
  private static Map<String, String> sources;
  private static Compiled compiled;

  @BeforeAll
  static void generateAndCompile() throws IOException {
    ProtoCodegen.generate(List.of(TestProtos.file("tern/test/greeter.proto"), TestProtos.file("tern/test/tricky.proto")),
        GenOptions.builder().includeDir(TestProtos.root()).outputDir(out).build());
    sources = new LinkedHashMap<>();
    try (Stream<Path> walk = Files.walk(out)) {
      for (Path p : walk.filter(Files::isRegularFile).sorted().toList()) {
        sources.put(out.relativize(p).toString().replace('\\', '/'), Files.readString(p));
      }
    }
    compiled = Compiled.compile(classes, sources, "/scenarios/GrpcStubScenarios.java");
  }

  @Test
  void generatesMessagesForTheNamedFilesAndTheirImportsButNotTheWellKnownTypes() {
    assertThat(sources.keySet()).contains(
        "dev/tern/gen/proto/greet/GreeterRpc.java",
        "dev/tern/gen/proto/greet/HelloRequest.java",
        "dev/tern/gen/proto/greet/GreeterOuterClass.java",
        "dev/tern/gen/proto/shapes/ShapeProtos.java",
        "tern/test/common/CommonOuterClass.java",
        "dev/tern/gen/proto/tricky/TrickyRpc.java",
        "dev/tern/gen/proto/tricky/NothingRpc.java");
    assertThat(sources.keySet()).noneMatch(p -> p.startsWith("com/google/protobuf/"));
  }

  @Test
  void stubsCompileWithoutWarnings() {
    assertThat(compiled.warnings).filteredOn(w -> w.contains("Rpc.java")).isEmpty();
  }

  @Test
  void greeterStubMatchesTheGoldenFile() throws IOException {
    String actual = sources.get("dev/tern/gen/proto/greet/GreeterRpc.java");
    if (Boolean.getBoolean("tern.golden.update")) {
      Files.writeString(Path.of("src/test/resources" + GOLDEN), actual, StandardCharsets.UTF_8);
    }
    assertThat(actual).isEqualTo(resource(GOLDEN));
  }

  @Test
  void protoCommentsBecomeEscapedJavadoc() {
    assertThat(sources.get("dev/tern/gen/proto/greet/GreeterRpc.java"))
        .contains(" * Greets people, in every shape a call can take.\n *\n * <p>Comments are plain text: "
            + "&lt;b&gt;not HTML&lt;/b&gt; &amp; not Javadoc {&#64;code tags},\n"
            + " * &#64;author lines, a *&#47; that would end the comment, and &#92;u0041 escapes stay as written.")
        .contains("    /** Says hello once. */\n    default HelloReply sayHello(HelloRequest request)");
  }

  @TestFactory
  Stream<DynamicTest> scenarios() {
    Class<?> type = compiled.load("dev.tern.gen.scenarios.GrpcStubScenarios");
    Method[] methods = type.getDeclaredMethods();
    Arrays.sort(methods, Comparator.comparing(Method::getName));
    return Arrays.stream(methods)
        .filter(m -> Modifier.isPublic(m.getModifiers()) && Modifier.isStatic(m.getModifiers())
            && m.getParameterCount() == 0)
        .map(m -> DynamicTest.dynamicTest(m.getName(), () -> {
          try {
            m.invoke(null);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        }));
  }

  private static String resource(String name) {
    try (var in = ProtoGeneratedCodeTest.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
