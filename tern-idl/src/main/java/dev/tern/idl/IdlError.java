package dev.tern.idl;

/**
 * One problem found in IDL source: where it is and what is wrong. {@link #toString()} gives the
 * compiler-style {@code file:line:col: message}.
 */
public record IdlError(Ast.Position position, String message) {

  @Override
  public String toString() {
    return position + ": " + message;
  }
}
