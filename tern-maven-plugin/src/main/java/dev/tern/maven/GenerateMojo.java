package dev.tern.maven;

import java.io.File;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Generates Java from the Thrift IDL files under {@code src/main/thrift} into
 * {@code target/generated-sources/tern} and adds that directory to the compile sources.
 * Regenerates only when an IDL file or the configuration changed since the last run.
 */
@Mojo(name = "generate", defaultPhase = LifecyclePhase.GENERATE_SOURCES, threadSafe = true)
public class GenerateMojo extends AbstractGenerateMojo {

  /** Where the {@code .thrift} files are (searched recursively). */
  @Parameter(property = "tern.sourceDirectory", defaultValue = "${project.basedir}/src/main/thrift")
  File sourceDirectory;

  /** Where generated sources go; Tern owns this directory and removes files it no longer generates. */
  @Parameter(property = "tern.outputDirectory", defaultValue = "${project.build.directory}/generated-sources/tern")
  File outputDirectory;

  @Override
  File sourceDirectory() {
    return sourceDirectory;
  }

  @Override
  File outputDirectory() {
    return outputDirectory;
  }

  @Override
  void addSourceRoot(String directory) {
    project.addCompileSourceRoot(directory);
  }
}
