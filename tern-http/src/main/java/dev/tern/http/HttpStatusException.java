package dev.tern.http;

/**
 * Thrown by a handler (or by {@link HttpContext} helpers) to answer with an error status; the
 * message is sent as a {@code text/plain} body.
 */
public class HttpStatusException extends RuntimeException {

  private final int status;

  public HttpStatusException(int status, String message) {
    this(status, message, null);
  }

  public HttpStatusException(int status, String message, Throwable cause) {
    super(message, cause);
    if (status < 400 || status > 599) throw new IllegalArgumentException("not an error status: " + status);
    this.status = status;
  }

  public int status() {
    return status;
  }
}
