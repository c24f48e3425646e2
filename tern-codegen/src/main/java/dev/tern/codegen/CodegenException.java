package dev.tern.codegen;

import dev.tern.idl.Ast;

/**
 * The IDL is valid Thrift but cannot be turned into code, e.g. two fields whose Java names clash
 * or two definitions that would write the same file. {@link #getMessage()} reads
 * {@code file:line:col: message} when the position is known.
 */
public class CodegenException extends RuntimeException {
  private final transient Ast.Position position;

  public CodegenException(Ast.Position position, String message) {
    super(position == null ? message : position + ": " + message);
    this.position = position;
  }

  /** Where the problem is in the IDL, or null when it is not tied to one place. */
  public Ast.Position position() {
    return position;
  }
}
