/**
 * Implementation of {@link dev.tern.idl.IdlLoader}: a hand-written lexer and recursive-descent
 * parser, and the linker that resolves names and runs the semantic checks. Not an API.
 */
package dev.tern.idl.internal;
