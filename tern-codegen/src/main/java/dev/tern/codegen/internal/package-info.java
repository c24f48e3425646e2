/**
 * The Java generator: a model of the linked IDL ({@code Model}, {@code JType}), one emitter per
 * kind of definition, and a small indentation-aware source writer ({@code SourceWriter}, with
 * {@code Imports}, shared with the protobuf stub generator). Not API.
 */
package dev.tern.codegen.internal;
