/**
 * The Tern Maven plugin: {@code tern:generate} compiles {@code src/main/thrift/**.thrift} into
 * {@code target/generated-sources/tern}, and {@code src/main/proto/**.proto} (with protoc from
 * Maven Central) into protobuf message classes plus Tern gRPC stubs in
 * {@code target/generated-sources/tern-proto}, in the generate-sources phase;
 * {@code tern:generate-test} does the same for {@code src/test/thrift} and {@code src/test/proto}.
 * Both add their output to the project's sources and regenerate only when an IDL file or the
 * configuration changed. Code generated from .proto files needs {@code protobuf-java} and
 * {@code tern-grpc} on the compile class path.
 *
 * <pre>{@code
 * <plugin>
 *   <groupId>dev.tern</groupId>
 *   <artifactId>tern-maven-plugin</artifactId>
 *   <executions><execution><goals><goal>generate</goal></goals></execution></executions>
 *   <configuration>
 *     <includeDirectories><includeDirectory>${project.basedir}/idl-common</includeDirectory></includeDirectories>
 *     <protoIncludeDirectories><dir>${project.basedir}/proto-common</dir></protoIncludeDirectories>
 *     <options><some.key>value</some.key></options>
 *   </configuration>
 * </plugin>
 * }</pre>
 */
package dev.tern.maven;
