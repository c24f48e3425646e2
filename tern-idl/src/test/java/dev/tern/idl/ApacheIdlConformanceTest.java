package dev.tern.idl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Loads the IDL of an Apache Thrift source checkout, which this repository does not ship. Runs
 * only when {@code -Dtern.apacheThrift=/path/to/thrift} names one, e.g.
 * {@code tmvn -o test -pl tern-idl -Dtest=ApacheIdlConformanceTest -Dtern.apacheThrift=...}.
 */
class ApacheIdlConformanceTest {

  private static Path checkout() {
    String dir = System.getProperty("tern.apacheThrift");
    assumeTrue(dir != null && Files.isDirectory(Path.of(dir, "test")), "set -Dtern.apacheThrift to a Thrift checkout");
    return Path.of(dir);
  }

  @Test
  void everyValidFileOfTheTestSuiteAndTutorialLoads() throws IOException {
    Path root = checkout();
    List<Path> files;
    try (Stream<Path> s = Stream.concat(Files.walk(root.resolve("test")), Files.walk(root.resolve("tutorial")))) {
      files = s.filter(f -> f.toString().endsWith(".thrift")).sorted().toList();
    }
    List<String> failures = new ArrayList<>();
    for (Path f : files) {
      if (f.getFileName().toString().equals("BrokenConstants.thrift")) {
        continue;
      }
      try {
        IdlLoader.builder().includeDir(root.resolve("test")).build().load(f);
      } catch (IdlException e) {
        failures.add(e.getMessage());
      }
    }
    assertThat(files).hasSizeGreaterThan(20);
    assertThat(failures).isEmpty();
  }

  @Test
  void brokenConstantsAreRejected() {
    Path broken = checkout().resolve("test/BrokenConstants.thrift");
    assertThatThrownBy(() -> IdlLoader.builder().build().load(broken)).isInstanceOf(IdlException.class);
  }

  @Test
  void ourThriftTestMatchesApachesInterface() {
    Ast.Document theirs = IdlLoader.builder().build().load(checkout().resolve("test/ThriftTest.thrift")).main();
    Ast.Document ours = IdlLoader.builder().build().load(RealWorldIdlTest.thriftTestIdl()).main();
    assertThat(Signatures.of(ours)).isEqualTo(Signatures.of(theirs));
  }
}
