/**
 * The protobuf stub generator behind {@link dev.tern.codegen.proto.ProtoCodegen} and
 * {@link dev.tern.codegen.proto.ProtocPlugin}: Java naming of protoc's message classes
 * ({@code JavaNames}), proto comments as Javadoc, and the {@code <Service>Rpc} emitter. Not API.
 */
package dev.tern.codegen.proto.internal;
