package dev.tern.http;

import java.util.List;

/**
 * A request could not be bound to a record or failed validation: answered with 400 and a JSON
 * body listing every invalid field, {@code {"error":"invalid request","fields":[{"field":..,
 * "message":..}]}}.
 */
public final class BindException extends HttpStatusException {

  /** One invalid field: its name as seen by the client and what is wrong with it. */
  public record FieldError(String field, String message) {}

  private final List<FieldError> errors;

  public BindException(List<FieldError> errors) {
    super(400, "invalid request: " + errors);
    this.errors = List.copyOf(errors);
  }

  public List<FieldError> errors() {
    return errors;
  }
}
