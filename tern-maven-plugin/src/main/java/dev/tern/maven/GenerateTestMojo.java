package dev.tern.maven;

import java.io.File;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Generates Java from the Thrift IDL files under {@code src/test/thrift} into
 * {@code target/generated-test-sources/tern}, and from the .proto files under
 * {@code src/test/proto} into {@code target/generated-test-sources/tern-proto}, and adds both
 * directories to the test sources.
 */
@Mojo(name = "generate-test", defaultPhase = LifecyclePhase.GENERATE_TEST_SOURCES, threadSafe = true)
public class GenerateTestMojo extends AbstractGenerateMojo {

  /** Where the test {@code .thrift} files are (searched recursively). */
  @Parameter(property = "tern.testSourceDirectory", defaultValue = "${project.basedir}/src/test/thrift")
  File sourceDirectory;

  /** Where generated test sources go; Tern owns this directory. */
  @Parameter(property = "tern.testOutputDirectory",
      defaultValue = "${project.build.directory}/generated-test-sources/tern")
  File outputDirectory;

  /** Where the test {@code .proto} files are (searched recursively); the root of their imports. */
  @Parameter(property = "tern.testProtoSourceDirectory", defaultValue = "${project.basedir}/src/test/proto")
  File protoSourceDirectory;

  /** Where test sources generated from .proto files go; Tern owns this directory. */
  @Parameter(property = "tern.testProtoOutputDirectory",
      defaultValue = "${project.build.directory}/generated-test-sources/tern-proto")
  File protoOutputDirectory;

  @Override
  File sourceDirectory() {
    return sourceDirectory;
  }

  @Override
  File outputDirectory() {
    return outputDirectory;
  }

  @Override
  File protoSourceDirectory() {
    return protoSourceDirectory;
  }

  @Override
  File protoOutputDirectory() {
    return protoOutputDirectory;
  }

  @Override
  void addSourceRoot(String directory) {
    project.addTestCompileSourceRoot(directory);
  }
}
