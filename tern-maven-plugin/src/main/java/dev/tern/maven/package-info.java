/**
 * The Tern Maven plugin: {@code tern:generate} compiles {@code src/main/thrift/**.thrift} into
 * {@code target/generated-sources/tern} in the generate-sources phase, {@code tern:generate-test}
 * does the same for {@code src/test/thrift}. Both add their output to the project's sources and
 * regenerate only when an IDL file or the configuration changed.
 *
 * <pre>{@code
 * <plugin>
 *   <groupId>dev.tern</groupId>
 *   <artifactId>tern-maven-plugin</artifactId>
 *   <executions><execution><goals><goal>generate</goal></goals></execution></executions>
 *   <configuration>
 *     <includeDirectories><includeDirectory>${project.basedir}/idl-common</includeDirectory></includeDirectories>
 *     <options><some.key>value</some.key></options>
 *   </configuration>
 * </plugin>
 * }</pre>
 */
package dev.tern.maven;
