package dev.tern.codegen;

import dev.tern.codegen.internal.JavaGenerator;
import dev.tern.idl.Ast;
import dev.tern.idl.IdlLoader;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Generated code compiled in-process: generates Java for IDL files, compiles it (with any extra
 * sources) under {@code -Xlint:all} into a temporary directory, and loads the classes.
 */
final class Compiled {
  final Map<String, String> sources;
  final List<String> warnings;
  final ClassLoader loader;

  private Compiled(Map<String, String> sources, List<String> warnings, ClassLoader loader) {
    this.sources = sources;
    this.warnings = warnings;
    this.loader = loader;
  }

  /** The test IDL directory. */
  static Path idl(String name) {
    try {
      URL url = Compiled.class.getResource("/idl/" + name);
      return Path.of(url.toURI());
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Generates Java sources (path -> content) for {@code idl} with the built-in generator. */
  static Map<String, String> generate(Path idl) {
    Ast.Program program = IdlLoader.builder().build().load(idl);
    Map<String, String> out = new LinkedHashMap<>();
    try {
      new JavaGenerator().generate(program, GenOptions.builder().build(), out::put);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /**
   * Generates {@code idl}, compiles it with {@code extraSources} (test resources) into
   * {@code classes} and loads it.
   */
  static Compiled compile(Path classes, Path idl, String... extraSources) {
    return compile(classes, generate(idl), extraSources);
  }

  /**
   * Compiles generated {@code sources} (path -> content) with {@code extraSources} (test
   * resources) into {@code classes} and loads them.
   */
  static Compiled compile(Path classes, Map<String, String> sources, String... extraSources) {
    Map<String, String> all = new LinkedHashMap<>(sources);
    for (String resource : extraSources) {
      try (var in = Compiled.class.getResourceAsStream(resource)) {
        all.put(resource.replaceFirst("^/", ""), new String(in.readAllBytes(), StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return compileSources(classes, sources, all);
  }

  private static Compiled compileSources(Path classes, Map<String, String> generated, Map<String, String> all) {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    try {
      List<JavaFileObject> units = new ArrayList<>();
      all.forEach((path, text) -> units.add(new Source(path, text)));
      List<String> options = List.of("--release", "21", "-Xlint:all", "-encoding", "UTF-8",
          "-classpath", testClassPath(), "-d", classes.toString());
      try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, null, StandardCharsets.UTF_8)) {
        Boolean ok = javac.getTask(Writer.nullWriter(), files, diagnostics, options, null, units).call();
        List<String> errors = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
          String where = d.getSource() == null ? "" : d.getSource().getName() + ":" + d.getLineNumber() + ": ";
          String text = where + d.getMessage(null);
          if (d.getKind() == Diagnostic.Kind.ERROR) {
            errors.add(text + "\n    " + line(all, d));
          } else if (d.getKind() != Diagnostic.Kind.NOTE) {
            warnings.add(text + "\n    " + line(all, d));
          }
        }
        if (!ok) {
          throw new AssertionError("generated code does not compile:\n" + String.join("\n", errors));
        }
        URLClassLoader loader =
            new URLClassLoader(new URL[] {classes.toUri().toURL()}, Compiled.class.getClassLoader());
        return new Compiled(generated, warnings, loader);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String line(Map<String, String> sources, Diagnostic<? extends JavaFileObject> d) {
    if (d.getSource() == null || d.getLineNumber() < 1) {
      return "";
    }
    String name = d.getSource().getName().substring(1);
    String text = sources.get(name);
    if (text == null) {
      return "";
    }
    List<String> lines = text.lines().toList();
    return d.getLineNumber() <= lines.size() ? lines.get((int) d.getLineNumber() - 1).strip() : "";
  }

  /** Surefire runs tests from a manifest-only jar; the real class path is in this property. */
  private static String testClassPath() {
    String cp = System.getProperty("surefire.test.class.path");
    if (cp == null || cp.isBlank()) {
      cp = System.getProperty("java.class.path");
    }
    return String.join(File.pathSeparator, Stream.of(cp.split(File.pathSeparator)).filter(p -> !p.isBlank()).toList());
  }

  Class<?> load(String name) {
    try {
      return Class.forName(name, true, loader);
    } catch (ClassNotFoundException e) {
      throw new AssertionError("not generated: " + name, e);
    }
  }

  /** One in-memory source file. */
  private static final class Source extends SimpleJavaFileObject {
    private final String text;

    Source(String path, String text) {
      super(URI.create("string:///" + path), Kind.SOURCE);
      this.text = text;
    }

    @Override
    public CharSequence getCharContent(boolean ignoreEncodingErrors) {
      return text;
    }
  }
}
