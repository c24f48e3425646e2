package dev.tern.maven;

import java.io.File;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Generates Java from the Thrift IDL files under {@code src/main/thrift} into
 * {@code target/generated-sources/tern}, and protoc's message classes plus Tern's gRPC stubs from
 * the .proto files under {@code src/main/proto} into {@code target/generated-sources/tern-proto},
 * and adds both directories to the compile sources. Regenerates only when an IDL file or the
 * configuration changed since the last run.
 */
@Mojo(name = "generate", defaultPhase = LifecyclePhase.GENERATE_SOURCES, threadSafe = true)
public class GenerateMojo extends AbstractGenerateMojo {

  /** Where the {@code .thrift} files are (searched recursively). */
  @Parameter(property = "tern.sourceDirectory", defaultValue = "${project.basedir}/src/main/thrift")
  File sourceDirectory;

  /** Where generated sources go; Tern owns this directory and removes files it no longer generates. */
  @Parameter(property = "tern.outputDirectory", defaultValue = "${project.build.directory}/generated-sources/tern")
  File outputDirectory;

  /**
   * Where the {@code .proto} files are (searched recursively); imports are resolved relative to
   * it, then to {@code protoIncludeDirectories}.
   */
  @Parameter(property = "tern.protoSourceDirectory", defaultValue = "${project.basedir}/src/main/proto")
  File protoSourceDirectory;

  /** Where sources generated from .proto files go; Tern owns this directory too. */
  @Parameter(property = "tern.protoOutputDirectory",
      defaultValue = "${project.build.directory}/generated-sources/tern-proto")
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
    project.addCompileSourceRoot(directory);
  }
}
