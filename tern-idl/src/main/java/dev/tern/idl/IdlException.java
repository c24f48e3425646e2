package dev.tern.idl;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The IDL could not be parsed or linked. Carries every error found (in source order per file),
 * not just the first; the message lists them one per line as {@code file:line:col: message}.
 */
public final class IdlException extends RuntimeException {
  private final List<IdlError> errors;

  public IdlException(List<IdlError> errors) {
    super(errors.stream().map(IdlError::toString).collect(Collectors.joining("\n")));
    if (errors.isEmpty()) {
      throw new IllegalArgumentException("an IdlException needs at least one error");
    }
    this.errors = List.copyOf(errors);
  }

  /** The errors, at least one. */
  public List<IdlError> errors() {
    return errors;
  }
}
