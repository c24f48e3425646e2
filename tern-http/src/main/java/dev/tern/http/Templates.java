package dev.tern.http;

import dev.tern.http.internal.TemplateSet;
import java.nio.file.Path;
import java.util.Map;

/**
 * HTML templates for {@link HttpContext#render(String, Object)}, in a small logic-less language
 * (a subset of Mustache): {@code {{name}}} is HTML-escaped, {@code {{{name}}}} is not;
 * {@code {{#items}}...{{/items}}} repeats for a list or shows for a true or present value,
 * {@code {{^items}}...{{/items}}} shows when it is empty, false or missing;
 * {@code {{> header}}} includes another template; {@code {{! note}}} is a comment; names may be
 * dotted ({@code {{user.name}}}) and {@code {{.}}} is the current item. Values come from maps,
 * records, getters and public fields.
 *
 * <pre>{@code
 * HttpServer.builder().templates(Templates.fromClasspath("templates"))...
 * server.get("/users/:id", ctx -> ctx.render("user", users.find(ctx.pathParam("id"))));  // templates/user.html
 * }</pre>
 *
 * <p>A name without an extension also finds {@code name.html}. Templates are compiled once and
 * cached; those read from a directory are compiled again when their file changes, for editing
 * while the server runs. Thread-safe.
 */
public final class Templates {

  private final TemplateSet set;

  private Templates(TemplateSet set) {
    this.set = set;
  }

  /** Templates read from class path resources under {@code prefix}, e.g. {@code "templates"}. */
  public static Templates fromClasspath(String prefix) {
    return new Templates(TemplateSet.classpath(prefix, Templates.class.getClassLoader()));
  }

  /** Templates read from files under {@code dir}, reloaded when they change. */
  public static Templates fromDirectory(Path dir) {
    return new Templates(TemplateSet.directory(dir));
  }

  /** Templates given as source text by name (tests, a handful of pages). */
  public static Templates of(Map<String, String> sources) {
    return new Templates(TemplateSet.inMemory(sources));
  }

  /**
   * Renders a template with a model (a map, record or bean).
   *
   * @throws IllegalArgumentException if there is no such template, or it does not parse
   */
  public String render(String name, Object model) {
    return set.render(name, model);
  }
}
