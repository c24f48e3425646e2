package dev.tern.codegen.internal;

import dev.tern.codegen.GenOptions;
import dev.tern.codegen.GeneratorPlugin;
import dev.tern.codegen.OutputSink;
import dev.tern.idl.Ast;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The built-in {@code java} plugin: one Java source file per enum, struct, union, exception and
 * service, plus {@code <File>Constants} for a file's constants, in the package its
 * {@code namespace java} (else {@code namespace *}, else its file name) gives. Typedefs generate
 * nothing: uses are resolved to the underlying type.
 */
public final class JavaGenerator implements GeneratorPlugin {

  @Override
  public String name() {
    return "java";
  }

  @Override
  public void generate(Ast.Program program, GenOptions options, OutputSink out) throws IOException {
    Model model = new Model(program);
    for (Ast.Document doc : options.targets(program)) {
      for (JavaFile file : generate(model, doc)) {
        out.write(file.path(), file.render());
      }
    }
  }

  private static List<JavaFile> generate(Model model, Ast.Document doc) {
    String pkg = model.javaPackage(doc);
    String source = doc.file().getFileName().toString();
    List<JavaFile> files = new ArrayList<>();
    List<Ast.Const> consts = new ArrayList<>();
    for (Ast.Definition d : doc.definitions()) {
      String className = Names.identifier(d.name());
      switch (d) {
        case Ast.Typedef t -> { }
        case Ast.Const c -> consts.add(c);
        case Ast.Enum e -> {
          JavaFile f = new JavaFile(model, pkg, className, Set.of(), source);
          EnumEmitter.emit(f, e);
          files.add(f);
        }
        case Ast.Struct s when s.kind() == Ast.StructKind.UNION -> {
          JavaFile f = new JavaFile(model, pkg, className, Set.of(UnionEmitter.kindEnumName(className)), source);
          UnionEmitter.emit(f, s, model.fields(doc, s.name(), s.fields()));
          files.add(f);
        }
        case Ast.Struct s -> {
          JavaFile f = new JavaFile(model, pkg, className, Set.of(StructEmitter.builderName(className)), source);
          StructEmitter.emit(f, s, model.fields(doc, s.name(), s.fields()));
          files.add(f);
        }
        case Ast.Service s -> {
          JavaFile f = new JavaFile(model, pkg, className, ServiceEmitter.nestedNames(s), source);
          ServiceEmitter.emit(f, new Model.Service(s, doc, pkg));
          files.add(f);
        }
      }
    }
    if (!consts.isEmpty()) {
      JavaFile f = new JavaFile(model, pkg, Names.constantsClass(doc), Set.of(), source);
      emitConstants(f, doc, consts);
      files.add(f);
    }
    return files;
  }

  private static void emitConstants(JavaFile f, Ast.Document doc, List<Ast.Const> consts) {
    SourceWriter w = f.w;
    w.line("/** The constants of " + doc.file().getFileName() + ". */");
    w.open("public final class " + f.className);
    for (Ast.Const c : consts) {
      JType type = f.model.type(doc, c.type());
      w.javadoc(c.doc());
      w.line("public static final " + f.type(type) + " " + Names.identifier(c.name()) + " = "
          + Consts.expr(f, type, c.value(), doc) + ";");
      w.blank();
    }
    w.line("private " + f.className + "() {}");
    w.close();
  }
}
