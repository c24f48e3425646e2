package dev.tern.idl;

import dev.tern.idl.internal.Linker;
import dev.tern.idl.internal.Parser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Loads Thrift IDL: parses a main file and everything it includes, links names across files and
 * checks the result.
 *
 * <pre>{@code
 * Ast.Program program = IdlLoader.builder().includePath(List.of(Path.of("idl"))).build()
 *     .load(Path.of("idl/echo.thrift"));
 * }</pre>
 *
 * <p>{@code include "x.thrift"} is looked up relative to the including file first, then in each
 * include directory in order. All syntax and semantic errors found are reported together in one
 * {@link IdlException}. Loaders are immutable and thread-safe.
 */
public final class IdlLoader {
  private final List<Path> includePath;

  private IdlLoader(List<Path> includePath) {
    this.includePath = List.copyOf(includePath);
  }

  /** A builder with an empty include path. */
  public static Builder builder() {
    return new Builder();
  }

  /** Configures an {@link IdlLoader}. */
  public static final class Builder {
    private final List<Path> includePath = new ArrayList<>();

    private Builder() {}

    /** Adds directories to search for included files, after the including file's own directory. */
    public Builder includePath(List<Path> dirs) {
      includePath.addAll(dirs);
      return this;
    }

    /** Adds one include directory. */
    public Builder includeDir(Path dir) {
      includePath.add(dir);
      return this;
    }

    public IdlLoader build() {
      return new IdlLoader(includePath);
    }
  }

  /**
   * Parses {@code mainFile} and its includes, transitively, and links and checks them.
   * Documents are identified by their absolute, normalised path, which is also what error
   * positions show.
   *
   * @throws IdlException if any file has syntax or semantic errors, or an include is missing
   * @throws UncheckedIOException if {@code mainFile} itself cannot be read
   */
  public Ast.Program load(Path mainFile) {
    Path main = mainFile.toAbsolutePath().normalize();
    String source;
    try {
      source = read(main);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + main, e);
    }
    List<IdlError> errors = new ArrayList<>();
    Map<Path, Ast.Document> documents = new LinkedHashMap<>();
    new Loading(errors, documents).load(main, source, new ArrayList<>());
    if (errors.isEmpty()) {
      Ast.Program program = Linker.link(List.copyOf(documents.values()), errors);
      if (errors.isEmpty()) {
        return program;
      }
    }
    // Files in include order, each in source order; stable, so equal positions keep their order.
    List<Path> order = List.copyOf(documents.keySet());
    errors.sort(Comparator.comparingInt((IdlError e) -> order.indexOf(e.position().file()))
        .thenComparingInt(e -> e.position().line()).thenComparingInt(e -> e.position().column()));
    throw new IdlException(errors);
  }

  /**
   * Parses one document without following its includes or resolving names: the syntax tree for
   * tools and tests. {@link Ast.Include#resolved()} is null in the result.
   *
   * @param nameForErrors the file name error positions and {@link Ast.Document#file()} show
   * @throws IdlException on syntax errors
   */
  public static Ast.Document parse(String source, Path nameForErrors) {
    Objects.requireNonNull(nameForErrors, "nameForErrors");
    List<IdlError> errors = new ArrayList<>();
    Ast.Document document = Parser.parse(source, nameForErrors, errors);
    if (!errors.isEmpty()) {
      throw new IdlException(errors);
    }
    return document;
  }

  /** One {@link #load} run: the documents parsed so far, in first-include order. */
  private final class Loading {
    private final List<IdlError> errors;
    private final Map<Path, Ast.Document> documents;

    Loading(List<IdlError> errors, Map<Path, Ast.Document> documents) {
      this.errors = errors;
      this.documents = documents;
    }

    /** Parses {@code file}, then its includes depth-first; {@code stack} is the include chain. */
    void load(Path file, String source, List<Path> stack) {
      documents.put(file, null); // reserves the slot so that documents() lists includers first
      Ast.Document parsed = Parser.parse(source, file, errors);
      stack.add(file);
      List<Ast.Include> includes = new ArrayList<>();
      for (Ast.Include inc : parsed.includes()) {
        Path target = find(file, inc);
        includes.add(new Ast.Include(inc.path(), target, inc.position()));
        if (target == null) {
          continue;
        }
        if (stack.contains(target)) {
          String chain = stack.subList(stack.indexOf(target), stack.size()).stream()
              .map(p -> p.getFileName().toString()).collect(Collectors.joining(" -> "));
          errors.add(new IdlError(inc.position(), "include cycle: " + chain + " -> " + target.getFileName()));
        } else if (!documents.containsKey(target)) {
          try {
            load(target, read(target), stack);
          } catch (IOException e) {
            errors.add(new IdlError(inc.position(), "cannot read included file " + target + ": " + describe(e)));
          }
        }
      }
      stack.remove(stack.size() - 1);
      documents.put(file, new Ast.Document(file, List.copyOf(includes), parsed.cppIncludes(), parsed.namespaces(),
          parsed.definitions()));
    }

    private Path find(Path includer, Ast.Include inc) {
      Path relative;
      try {
        relative = Path.of(inc.path());
      } catch (RuntimeException e) {
        errors.add(new IdlError(inc.position(), "invalid include path \"" + inc.path() + "\""));
        return null;
      }
      List<Path> tried = new ArrayList<>();
      if (relative.isAbsolute()) {
        tried.add(relative);
      } else {
        tried.add(includer.getParent().resolve(relative));
        for (Path dir : includePath) {
          tried.add(dir.resolve(relative));
        }
      }
      for (Path candidate : tried) {
        if (Files.isRegularFile(candidate)) {
          return candidate.toAbsolutePath().normalize();
        }
      }
      errors.add(new IdlError(inc.position(), "included file \"" + inc.path() + "\" not found; looked at "
          + tried.stream().map(Path::toString).collect(Collectors.joining(", "))));
      return null;
    }
  }

  private static String read(Path file) throws IOException {
    return Files.readString(file, StandardCharsets.UTF_8);
  }

  private static String describe(IOException e) {
    return e instanceof CharacterCodingException ? "not valid UTF-8" : e.toString();
  }
}
