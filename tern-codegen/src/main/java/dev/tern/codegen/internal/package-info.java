/**
 * The Java generator: a model of the linked IDL ({@code Model}, {@code JType}), one emitter per
 * kind of definition, and a small indentation-aware source writer. Not API.
 */
package dev.tern.codegen.internal;
