/**
 * The Thrift IDL front end: {@link dev.tern.idl.IdlLoader} parses a {@code .thrift} file and its
 * includes into the {@link dev.tern.idl.Ast} records, links names across files and checks them,
 * reporting every problem as an {@link dev.tern.idl.IdlError} in one
 * {@link dev.tern.idl.IdlException}. The accepted language is Apache Thrift's (doc/specs/idl.md),
 * including its legacy forms.
 */
package dev.tern.idl;
