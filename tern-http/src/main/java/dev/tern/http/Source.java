package dev.tern.http;

/** Where {@link HttpContext#bind(Class)} reads a record component from; see {@link From}. */
public enum Source {
  /** A {@code :param} or {@code *wildcard} of the route. */
  PATH,
  /** A query string parameter. */
  QUERY,
  /** A request header (name matched case-insensitively). */
  HEADER,
  /** A field of an {@code application/x-www-form-urlencoded} body. */
  FORM,
  /** A property of a JSON object body. */
  JSON
}
