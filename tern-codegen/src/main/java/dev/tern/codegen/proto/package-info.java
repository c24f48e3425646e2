/**
 * Protobuf and gRPC code generation: Java for .proto files, running on Tern's gRPC runtime
 * ({@code dev.tern.grpc}).
 *
 * <ul>
 *   <li>{@link dev.tern.codegen.proto.ProtoCodegen}: runs protoc in process for the message
 *       classes and generates Tern's stubs; behind {@code ./tern gen x.proto} and the Maven plugin.
 *   <li>{@link dev.tern.codegen.proto.ProtocPlugin}: the same stubs as a protoc plugin
 *       ({@code protoc --plugin=protoc-gen-tern=... --tern_out=...}).
 *   <li>{@link dev.tern.codegen.proto.Protoc}: finds and runs protoc from Maven Central.
 * </ul>
 *
 * <h2>Generated Java</h2>
 *
 * <p>Messages are protoc's own ({@code --java_out}), named as protobuf-java names them
 * ({@code java_package}, {@code java_outer_classname}, {@code java_multiple_files}). Per service
 * {@code S} of proto package {@code p}, one class {@code SRpc} in the file's Java package holds:
 *
 * <ul>
 *   <li>{@code SERVICE_NAME} ({@code "p.S"}) and a {@code MethodDescriptor} constant per method,
 *       named in UPPER_SNAKE_CASE ({@code EmptyCall} -> {@code EMPTY_CALL});
 *   <li>{@code Handler} (blocking: unary {@code Resp m(Req)}, server streaming
 *       {@code void m(Req, StreamWriter<Resp>)}, client streaming {@code Resp m(StreamReader<Req>)},
 *       bidi {@code void m(StreamReader<Req>, StreamWriter<Resp>)}) and {@code AsyncHandler}
 *       (futures and observers), whose methods default to UNIMPLEMENTED;
 *   <li>{@code service(Handler)} and {@code serviceAsync(AsyncHandler)} giving a
 *       {@code GrpcServiceDefinition};
 *   <li>{@code Client} (blocking) and {@code AsyncClient} stubs over a {@code GrpcClient},
 *       each with {@code with(GrpcCallOptions)}.
 * </ul>
 *
 * <p>Java method names are the proto method names in lowerCamelCase; proto comments become Javadoc.
 */
package dev.tern.codegen.proto;
