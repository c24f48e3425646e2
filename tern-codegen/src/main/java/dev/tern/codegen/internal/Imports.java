package dev.tern.codegen.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Decides, per generated file, whether a type can be written by its simple name (imported or
 * implicitly visible) or must be qualified. A simple name is bound to the first type that uses
 * it; any other type with the same simple name is written qualified. Names of types declared in
 * the file's package and of nested types declared in the file are bound up front, so that, say,
 * an IDL struct called {@code List} or {@code Builder} never captures a reference meant for
 * another type.
 */
public final class Imports {
  private static final String NESTED = "<nested>";

  private final String pkg;
  private final Map<String, String> bound = new HashMap<>(); // simple name -> package (or NESTED)
  private final Set<String> imports = new TreeSet<>();

  /**
   * @param pkg the package of the file
   * @param packageTypes simple names of all top-level types generated into {@code pkg}
   * @param nestedTypes simple names of nested types declared anywhere in this file
   */
  public Imports(String pkg, Set<String> packageTypes, Set<String> nestedTypes) {
    this.pkg = pkg;
    for (String n : nestedTypes) {
      bound.put(n, NESTED);
    }
    for (String n : packageTypes) {
      bound.putIfAbsent(n, pkg);
    }
  }

  /** The name to write for type {@code pkg.simpleName} (a top-level type). */
  public String ref(String typePkg, String simpleName) {
    String owner = bound.putIfAbsent(simpleName, typePkg);
    if (owner == null) {
      if (!typePkg.equals("java.lang") && !typePkg.equals(pkg)) {
        imports.add(typePkg + "." + simpleName);
      }
      return simpleName;
    }
    if (owner.equals(typePkg)) {
      return simpleName;
    }
    return typePkg.isEmpty() ? simpleName : typePkg + "." + simpleName;
  }

  /** {@code ref} for a fully qualified top-level class name. */
  public String ref(String qualifiedName) {
    int dot = qualifiedName.lastIndexOf('.');
    return ref(qualifiedName.substring(0, dot), qualifiedName.substring(dot + 1));
  }

  /** Writes the import block (sorted), or nothing. */
  public void emit(StringBuilder out) {
    if (imports.isEmpty()) {
      return;
    }
    for (String i : imports) {
      out.append("import ").append(i).append(";\n");
    }
    out.append('\n');
  }
}
