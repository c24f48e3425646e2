package dev.tern.http.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/** Where templates come from, and their compiled forms (see {@link dev.tern.http.Templates}). */
public final class TemplateSet {

  /** A compiled template and the version of its source it was compiled from. */
  private record Compiled(Mustache.Template template, Object version) {}

  /** Loads a template's source and a version stamp, or returns null if there is none of that name. */
  private interface Loader {
    Source load(String name) throws IOException;

    /** The current version stamp of a loaded template, to tell whether it changed. */
    default Object version(String name) throws IOException {
      return null;
    }
  }

  private record Source(String text, Object version) {}

  private final Loader loader;
  private final boolean checkForChanges;
  private final Map<String, Compiled> cache = new ConcurrentHashMap<>();

  private TemplateSet(Loader loader, boolean checkForChanges) {
    this.loader = loader;
    this.checkForChanges = checkForChanges;
  }

  public static TemplateSet classpath(String prefix, ClassLoader classLoader) {
    String base = prefix.isEmpty() || prefix.endsWith("/") ? prefix : prefix + '/';
    return new TemplateSet(name -> {
      try (InputStream in = classLoader.getResourceAsStream(base + name)) {
        return in == null ? null : new Source(new String(in.readAllBytes(), StandardCharsets.UTF_8), 0);
      }
    }, false);
  }

  public static TemplateSet directory(Path dir) {
    Path root = dir.toAbsolutePath().normalize();
    return new TemplateSet(new Loader() {
      @Override
      public Source load(String name) throws IOException {
        Path file = file(name);
        return file == null ? null : new Source(Files.readString(file, StandardCharsets.UTF_8), Files.getLastModifiedTime(file));
      }

      @Override
      public Object version(String name) throws IOException {
        Path file = file(name);
        return file == null ? null : Files.getLastModifiedTime(file);
      }

      private Path file(String name) {
        Path f = root.resolve(name).normalize();
        return f.startsWith(root) && Files.isRegularFile(f) ? f : null;
      }
    }, true);
  }

  public static TemplateSet inMemory(Map<String, String> sources) {
    Map<String, String> copy = Map.copyOf(sources);
    return new TemplateSet(name -> copy.containsKey(name) ? new Source(copy.get(name), 0) : null, false);
  }

  public String render(String name, Object model) {
    StringBuilder out = new StringBuilder(1024);
    Function<String, Mustache.Template> partials = this::template;
    template(name).render(model, partials, out);
    return out.toString();
  }

  private Mustache.Template template(String name) {
    try {
      Compiled c = cache.get(name);
      if (c != null && (!checkForChanges || versionOf(name).equals(c.version()))) return c.template();
      Source src = loader.load(name);
      String resolved = name;
      if (src == null && name.indexOf('.') < 0) {
        resolved = name + ".html";
        src = loader.load(resolved);
      }
      if (src == null) throw new IllegalArgumentException("no template named " + name);
      Compiled compiled = new Compiled(Mustache.compile(src.text(), resolved), src.version());
      cache.put(name, compiled);
      return compiled.template();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read template " + name, e);
    }
  }

  private Object versionOf(String name) throws IOException {
    Object v = loader.version(name);
    if (v == null && name.indexOf('.') < 0) v = loader.version(name + ".html");
    return v == null ? FileTime.fromMillis(0) : v;
  }
}
