package dev.tern.http;

import java.time.Duration;
import java.util.Objects;

/**
 * A cookie to set on a response ({@code Set-Cookie}, RFC 6265), built by copying:
 *
 * <pre>{@code
 * ctx.setCookie(Cookie.of("session", id).maxAge(Duration.ofHours(8)).secure(true).sameSite(Cookie.SameSite.STRICT));
 * }</pre>
 *
 * <p>Defaults: path {@code /}, {@code HttpOnly}, {@code SameSite=Lax}, no domain, a session
 * cookie (no expiry), not {@code Secure}. Names and values are checked against RFC 6265 when
 * the cookie is set.
 */
public record Cookie(String name, String value, String path, String domain, Duration maxAge, boolean secure,
    boolean httpOnly, SameSite sameSite) {

  /** The {@code SameSite} attribute. */
  public enum SameSite { STRICT, LAX, NONE }

  public Cookie {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
  }

  /** A cookie with the defaults above. */
  public static Cookie of(String name, String value) {
    return new Cookie(name, value, "/", null, null, false, true, SameSite.LAX);
  }

  public Cookie path(String path) {
    return new Cookie(name, value, path, domain, maxAge, secure, httpOnly, sameSite);
  }

  public Cookie domain(String domain) {
    return new Cookie(name, value, path, domain, maxAge, secure, httpOnly, sameSite);
  }

  /** How long the browser keeps it; zero deletes it now. */
  public Cookie maxAge(Duration maxAge) {
    return new Cookie(name, value, path, domain, maxAge, secure, httpOnly, sameSite);
  }

  public Cookie secure(boolean secure) {
    return new Cookie(name, value, path, domain, maxAge, secure, httpOnly, sameSite);
  }

  public Cookie httpOnly(boolean httpOnly) {
    return new Cookie(name, value, path, domain, maxAge, secure, httpOnly, sameSite);
  }

  /** {@code SameSite=None} also needs {@link #secure(boolean) Secure} for browsers to accept it. */
  public Cookie sameSite(SameSite sameSite) {
    return new Cookie(name, value, path, domain, maxAge, secure, httpOnly, sameSite);
  }
}
