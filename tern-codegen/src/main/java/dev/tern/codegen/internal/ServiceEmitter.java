package dev.tern.codegen.internal;

import dev.tern.codegen.CodegenException;
import dev.tern.codegen.internal.Model.FieldModel;
import dev.tern.idl.Ast;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * IDL service -> one final class holding {@code Iface}, {@code AsyncIface}, the args and result
 * structs of each function, a {@code ThriftMethod} constant per function (inherited ones
 * included, under this service's name), blocking and async clients over {@code ThriftCaller},
 * and {@code service(impl)} / {@code serviceAsync(impl)} binding a handler.
 */
final class ServiceEmitter {
  /** Methods an interface cannot declare (or should not) because Object has them. */
  private static final Set<String> OBJECT_METHODS = Set.of(
      "getClass", "hashCode", "equals", "toString", "wait", "notify", "notifyAll", "clone", "finalize");

  private final JavaFile f;
  private final SourceWriter w;
  private final Model model;
  private final Model.Service service;
  private final Model.Service parent;
  /** Every function the service has: inherited ones first, in declaration order. */
  private final List<Fn> all = new ArrayList<>();
  private final List<Fn> own = new ArrayList<>();
  private final String iface;
  private final String asyncIface;
  private final String client;
  private final String asyncClient;

  /** A function as this class exposes it. */
  private record Fn(Ast.Function function, Model.Service owner, boolean inherited, String constant, String method,
      String argsClass, String resultClass, List<FieldModel> params, List<FieldModel> throwsFields,
      JType returnType) {

    boolean isVoid() {
      return function.returnType() == null;
    }
  }

  private ServiceEmitter(JavaFile f, Model.Service service) {
    this.f = f;
    this.w = f.w;
    this.model = f.model;
    this.service = service;
    this.iface = nested(f.className, "Iface");
    this.asyncIface = nested(f.className, "AsyncIface");
    this.client = nested(f.className, "Client");
    this.asyncClient = nested(f.className, "AsyncClient");
    Ast.Service def = service.definition();
    this.parent = def.extendsService() == null ? null : model.service(service.document(), def.extendsService());
    Map<String, Fn> byName = new LinkedHashMap<>();
    collect(service, false, byName, new HashSet<>());
    all.addAll(byName.values());
    for (Fn fn : all) {
      if (!fn.inherited()) {
        own.add(fn);
      }
    }
    Map<String, Fn> constants = new HashMap<>();
    for (Fn fn : all) {
      Fn clash = constants.putIfAbsent(fn.constant(), fn);
      if (clash != null) {
        throw new CodegenException(fn.function().position(), "service " + def.name() + ": functions '"
            + clash.function().name() + "' and '" + fn.function().name() + "' both map to constant " + fn.constant());
      }
    }
    Map<String, Fn> classes = new HashMap<>();
    for (Fn fn : own) {
      Fn clash = classes.putIfAbsent(fn.argsClass(), fn);
      if (clash != null) {
        throw new CodegenException(fn.function().position(), "service " + def.name() + ": functions '"
            + clash.function().name() + "' and '" + fn.function().name() + "' both map to class " + fn.argsClass());
      }
    }
  }

  /** Nested class names this file declares, for import clash checks. */
  static Set<String> nestedNames(Ast.Service def) {
    String outer = Names.identifier(def.name());
    Set<String> names = new HashSet<>(Set.of("Builder"));
    for (String n : List.of("Iface", "AsyncIface", "Client", "AsyncClient")) {
      names.add(nested(outer, n));
    }
    for (Ast.Function fn : def.functions()) {
      names.add(argsClassName(outer, fn));
      names.add(resultClassName(outer, fn));
    }
    return names;
  }

  private static String argsClassName(String outer, Ast.Function fn) {
    return nested(outer, Names.upperCamel(fn.name()) + "Args");
  }

  private static String resultClassName(String outer, Ast.Function fn) {
    return nested(outer, Names.upperCamel(fn.name()) + "Result");
  }

  /** A nested class may not share the name of the class around it. */
  private static String nested(String outer, String name) {
    return name.equals(outer) ? name + "_" : name;
  }

  /** Functions of {@code s} and its ancestors, ancestors first; a redefinition replaces the parent's. */
  private void collect(Model.Service s, boolean inherited, Map<String, Fn> out, Set<Ast.Service> visiting) {
    if (!visiting.add(s.definition())) {
      throw new CodegenException(s.definition().position(), "service " + s.definition().name() + " extends itself");
    }
    Ast.Service def = s.definition();
    if (def.extendsService() != null) {
      collect(model.service(s.document(), def.extendsService()), true, out, visiting);
    }
    String owner = inherited ? f.t(s.pkg(), s.className()) + "." : "";
    String outer = s.className();
    for (Ast.Function fn : def.functions()) {
      String label = def.name() + "." + fn.name();
      List<FieldModel> params = model.fields(s.document(), label, fn.params());
      List<Ast.Field> throwsAsOptional = new ArrayList<>();
      for (Ast.Field t : fn.throwsFields()) {
        throwsAsOptional.add(optional(t));
      }
      List<FieldModel> throwsFields = model.fields(s.document(), label, throwsAsOptional);
      for (FieldModel t : throwsFields) {
        if (!(t.type() instanceof JType.StructRef ref) || ref.definition().kind() != Ast.StructKind.EXCEPTION) {
          throw new CodegenException(t.field().position(), label + " throws '" + t.field().name()
              + "', which is not an exception");
        }
      }
      JType ret = fn.returnType() == null ? null : model.type(s.document(), fn.returnType());
      String constant = Names.upperSnake(fn.name());
      if (constant.equals("SERVICE_NAME")) {
        constant += "_";
      }
      String method = Names.identifier(fn.name());
      if (OBJECT_METHODS.contains(method)) {
        method += "_";
      }
      out.remove(fn.name()); // keep the redefinition in the child's position
      out.put(fn.name(), new Fn(fn, s, inherited, constant, method, owner + argsClassName(outer, fn),
          owner + resultClassName(outer, fn), params, throwsFields, ret));
    }
  }

  private static Ast.Field optional(Ast.Field f) {
    return new Ast.Field(f.id(), f.name(), Ast.Requiredness.OPTIONAL, f.type(), null, f.annotations(), f.doc(),
        f.position());
  }

  static void emit(JavaFile f, Model.Service service) {
    new ServiceEmitter(f, service).emitClass();
  }

  private void emitClass() {
    Ast.Service def = service.definition();
    w.javadoc(def.doc() != null ? def.doc()
        : "The " + def.name() + " service: interfaces, clients and handler binding.");
    w.open("public final class " + f.className);
    w.line("/** The service name, as written in the IDL. */");
    w.line("public static final " + f.t("java.lang.String") + " SERVICE_NAME = " + Names.stringLiteral(def.name())
        + ";");
    for (Fn fn : all) {
      w.blank();
      emitMethodConstant(fn);
    }
    w.blank();
    w.line("private " + f.className + "() {}");
    emitIface();
    emitAsyncIface();
    emitFactories();
    emitClient();
    emitAsyncClient();
    emitHelpers();
    for (Fn fn : own) {
      emitArgsAndResult(fn);
    }
    w.close();
  }

  private void emitMethodConstant(Fn fn) {
    String tm = f.t("dev.tern.thrift.ThriftMethod");
    String fname = Names.stringLiteral(fn.function().name());
    boolean oneway = fn.function().oneway();
    String resultType = oneway ? f.t("java.lang.Void") : fn.resultClass();
    w.line("public static final " + tm + "<" + fn.argsClass() + ", " + resultType + "> " + fn.constant() + " =");
    w.indent().indent();
    if (oneway) {
      w.list(tm + ".oneway(", List.of("SERVICE_NAME", fname, fn.argsClass() + ".CODEC"), ");");
    } else {
      w.list(tm + ".of(", List.of("SERVICE_NAME", fname, fn.argsClass() + ".CODEC", fn.resultClass() + ".CODEC"), ");");
    }
    w.outdent().outdent();
  }

  private String parentRef() {
    return f.t(parent.pkg(), parent.className());
  }

  private void emitIface() {
    w.blank();
    w.line("/** The service's methods, blocking; implement it to serve with {@link #service(" + iface + ")}. */");
    w.open("public interface " + iface
        + (parent != null ? " extends " + parentRef() + "." + nested(parent.className(), "Iface") : ""));
    boolean first = true;
    for (Fn fn : own) {
      if (!first) {
        w.blank();
      }
      first = false;
      w.javadoc(fn.function().doc());
      w.line(returnType(fn, false) + " " + fn.method() + "(" + paramList(fn, List.of()) + ")" + throwsClause(fn) + ";");
    }
    w.close();
  }

  private void emitAsyncIface() {
    w.blank();
    w.line("/**");
    w.line(" * The service's methods returning futures; implement it to serve without blocking with");
    w.line(" * {@link #serviceAsync(" + asyncIface + ")}. Declared exceptions complete the future exceptionally.");
    w.line(" */");
    w.open("public interface " + asyncIface
        + (parent != null ? " extends " + parentRef() + "." + nested(parent.className(), "AsyncIface") : ""));
    boolean first = true;
    for (Fn fn : own) {
      if (!first) {
        w.blank();
      }
      first = false;
      w.javadoc(fn.function().doc());
      w.line(futureType(fn) + " " + fn.method() + "(" + paramList(fn, List.of()) + ");");
    }
    w.close();
  }

  private String returnType(Fn fn, boolean boxed) {
    if (fn.isVoid()) {
      return boxed ? f.t("java.lang.Void") : "void";
    }
    return f.type(fn.returnType(), boxed);
  }

  private String futureType(Fn fn) {
    return f.t("java.util.concurrent.CompletableFuture") + "<" + returnType(fn, true) + ">";
  }

  /** Java parameter names of a function, avoiding {@code reserved} local names. */
  private static List<String> paramNames(Fn fn, List<String> reserved) {
    List<String> names = new ArrayList<>();
    for (FieldModel p : fn.params()) {
      names.add(Names.fresh(Names.identifier(p.field().name()), reserved));
    }
    return names;
  }

  private String paramList(Fn fn, List<String> reserved) {
    List<String> names = paramNames(fn, reserved);
    List<String> out = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      out.add(f.type(fn.params().get(i).type()) + " " + names.get(i));
    }
    return String.join(", ", out);
  }

  private String throwsClause(Fn fn) {
    if (fn.throwsFields().isEmpty()) {
      return "";
    }
    Set<String> types = new java.util.LinkedHashSet<>();
    for (FieldModel t : fn.throwsFields()) {
      types.add(f.type(t.type()));
    }
    return " throws " + String.join(", ", types);
  }

  /** {@code AddArgs.builder().a(a).b(b).build()}. */
  private String newArgs(Fn fn, List<String> names) {
    StringBuilder sb = new StringBuilder(fn.argsClass()).append(".builder()");
    for (int i = 0; i < names.size(); i++) {
      sb.append('.').append(fn.params().get(i).javaName()).append('(').append(names.get(i)).append(')');
    }
    return sb.append(".build()").toString();
  }

  private void emitFactories() {
    String caller = f.t("dev.tern.thrift.ThriftCaller");
    String def = f.t("dev.tern.thrift.ThriftServiceDefinition");
    String objects = f.t("java.util.Objects");
    w.blank();
    w.line("/** A blocking client calling through {@code caller}. */");
    w.open("public static " + iface + " client(" + caller + " caller)");
    w.line("return new " + client + "(caller);");
    w.close();
    w.blank();
    w.line("/** A non-blocking client calling through {@code caller}. */");
    w.open("public static " + asyncIface + " asyncClient(" + caller + " caller)");
    w.line("return new " + asyncClient + "(caller);");
    w.close();

    w.blank();
    w.line("/**");
    w.line(" * Binds a blocking handler. Each call runs on a thread that may block; a declared exception");
    w.line(" * the handler throws is sent to the client in the result, which rethrows it.");
    w.line(" */");
    w.open("public static " + def + " service(" + iface + " impl)");
    w.line(objects + ".requireNonNull(impl, \"impl\");");
    w.line("return " + def + ".builder(SERVICE_NAME)");
    w.indent().indent();
    for (Fn fn : all) {
      emitBlockingBinding(fn);
    }
    w.line(".build();");
    w.outdent().outdent();
    w.close();

    w.blank();
    w.line("/**");
    w.line(" * Binds a non-blocking handler. Its methods must not block; a future that fails with a");
    w.line(" * declared exception sends that exception to the client in the result.");
    w.line(" */");
    w.open("public static " + def + " serviceAsync(" + asyncIface + " impl)");
    w.line(objects + ".requireNonNull(impl, \"impl\");");
    w.line("return " + def + ".builder(SERVICE_NAME)");
    w.indent().indent();
    for (Fn fn : all) {
      emitAsyncBinding(fn);
    }
    w.line(".build();");
    w.outdent().outdent();
    w.close();
  }

  /** {@code impl.add(args.a(), args.b())}. */
  private String implCall(Fn fn) {
    List<String> args = new ArrayList<>();
    for (FieldModel p : fn.params()) {
      args.add("args." + p.javaName() + "()");
    }
    return "impl." + fn.method() + "(" + String.join(", ", args) + ")";
  }

  private String successResult(Fn fn, String value) {
    return fn.resultClass() + ".builder()" + (fn.isVoid() ? "" : ".success(" + value + ")") + ".build()";
  }

  /** Exception fields with distinct types: two fields of one type would need two identical catches. */
  private List<FieldModel> distinctThrows(Fn fn) {
    Map<String, FieldModel> byType = new LinkedHashMap<>();
    for (FieldModel t : fn.throwsFields()) {
      byType.putIfAbsent(f.type(t.type()), t);
    }
    return new ArrayList<>(byType.values());
  }

  private void emitBlockingBinding(Fn fn) {
    String head = ".blocking(" + fn.constant() + ", args ->";
    if (fn.function().oneway()) {
      w.open(head);
      w.line(implCall(fn) + ";");
      w.line("return null;");
      w.close(")");
      return;
    }
    List<FieldModel> throwsFields = distinctThrows(fn);
    if (throwsFields.isEmpty() && !fn.isVoid()) {
      w.wrap(head + " ", successResult(fn, implCall(fn)) + ")");
      return;
    }
    w.open(head);
    if (!throwsFields.isEmpty()) {
      w.open("try");
    }
    if (fn.isVoid()) {
      w.line(implCall(fn) + ";");
      w.line("return " + successResult(fn, null) + ";");
    } else {
      w.line("return " + successResult(fn, implCall(fn)) + ";");
    }
    for (FieldModel t : throwsFields) {
      w.reopen("catch (" + f.type(t.type()) + " e)");
      w.line("return " + fn.resultClass() + ".builder()." + t.javaName() + "(e).build();");
    }
    if (!throwsFields.isEmpty()) {
      w.close();
    }
    w.close(")");
  }

  private void emitAsyncBinding(Fn fn) {
    String head = ".async(" + fn.constant() + ", args -> " + implCall(fn);
    if (fn.function().oneway()) {
      w.line(head + ")");
      return;
    }
    List<FieldModel> throwsFields = distinctThrows(fn);
    if (throwsFields.isEmpty()) {
      String param = fn.isVoid() ? "ignored" : "success";
      w.wrap(head, ".thenApply(" + param + " -> " + successResult(fn, "success") + "))");
      return;
    }
    w.open(head + ".handle((success, error) ->");
    w.open("if (error == null)");
    w.line("return " + successResult(fn, "success") + ";");
    w.close();
    w.line(f.t("java.lang.Throwable") + " cause = unwrap(error);");
    for (FieldModel t : throwsFields) {
      w.open("if (cause instanceof " + f.type(t.type()) + " e)");
      w.line("return " + fn.resultClass() + ".builder()." + t.javaName() + "(e).build();");
      w.close();
    }
    w.line("throw propagate(error);");
    w.close("))");
  }

  private void emitClient() {
    String caller = f.t("dev.tern.thrift.ThriftCaller");
    w.blank();
    w.line("/** The blocking client: each call waits for its result. Open for extension (decorators). */");
    w.open("public static class " + client + " implements " + iface);
    w.line("private final " + caller + " caller;");
    w.blank();
    w.open("public " + client + "(" + caller + " caller)");
    w.line("this.caller = " + f.t("java.util.Objects") + ".requireNonNull(caller, \"caller\");");
    w.close();
    for (Fn fn : all) {
      w.blank();
      List<String> reserved = List.of("caller");
      List<String> names = paramNames(fn, reserved);
      String result = Names.fresh("result", names);
      w.line(f.override());
      w.open("public " + returnType(fn, false) + " " + fn.method() + "(" + paramList(fn, reserved) + ")"
          + throwsClause(fn));
      if (fn.function().oneway()) {
        w.line("caller.call(" + fn.constant() + ", " + newArgs(fn, names) + ");");
        w.close();
        continue;
      }
      List<FieldModel> throwsFields = fn.throwsFields();
      if (fn.isVoid() && throwsFields.isEmpty()) {
        w.line("caller.call(" + fn.constant() + ", " + newArgs(fn, names) + ");");
        w.close();
        continue;
      }
      w.wrap(fn.resultClass() + " " + result + " =",
          " caller.call(" + fn.constant() + ", " + newArgs(fn, names) + ");");
      if (!fn.isVoid()) {
        w.open("if (" + result + ".hasSuccess())");
        w.line("return " + result + ".success();");
        w.close();
      }
      for (FieldModel t : throwsFields) {
        w.open("if (" + result + "." + t.hasName() + "())");
        w.line("throw " + result + "." + t.javaName() + "();");
        w.close();
      }
      if (!fn.isVoid()) {
        throwMissingResult(fn);
      }
      w.close();
    }
    w.close();
  }

  /** Whether {@code text} fits on a line inside a method of a nested class (three levels deep). */
  private static boolean fitsOnOneLine(String text) {
    return 6 + text.length() <= SourceWriter.MAX_WIDTH;
  }

  /** {@code throw new RemoteException(MISSING_RESULT, ...)}: the result had neither value nor exception. */
  private void throwMissingResult(Fn fn) {
    String re = f.t("dev.tern.core.RemoteException");
    w.wrap("throw new " + re + "(", re + ".MISSING_RESULT, "
        + Names.stringLiteral(fn.function().name() + " failed: unknown result") + ");");
  }

  private void emitAsyncClient() {
    String caller = f.t("dev.tern.thrift.ThriftCaller");
    String ce = f.t("java.util.concurrent.CompletionException");
    w.blank();
    w.line("/** The non-blocking client: calls return futures. Open for extension (decorators). */");
    w.open("public static class " + asyncClient + " implements " + asyncIface);
    w.line("private final " + caller + " caller;");
    w.blank();
    w.open("public " + asyncClient + "(" + caller + " caller)");
    w.line("this.caller = " + f.t("java.util.Objects") + ".requireNonNull(caller, \"caller\");");
    w.close();
    for (Fn fn : all) {
      w.blank();
      List<String> reserved = List.of("caller");
      List<String> names = paramNames(fn, reserved);
      String result = Names.fresh("result", names);
      w.line(f.override());
      w.open("public " + futureType(fn) + " " + fn.method() + "(" + paramList(fn, reserved) + ")");
      String call = "caller.callAsync(" + fn.constant() + ", " + newArgs(fn, names) + ")";
      if (fn.function().oneway()) {
        w.line("return " + call + ";");
        w.close();
        continue;
      }
      List<FieldModel> throwsFields = fn.throwsFields();
      if (fn.isVoid() && throwsFields.isEmpty()) {
        w.line("return " + call + ".thenApply(" + result + " -> null);");
        w.close();
        continue;
      }
      boolean wrapped = !fitsOnOneLine("return " + call + ".thenApply(" + result + " -> {");
      if (wrapped) {
        w.line("return " + call);
        w.indent().indent().open(".thenApply(" + result + " ->");
      } else {
        w.open("return " + call + ".thenApply(" + result + " ->");
      }
      if (!fn.isVoid()) {
        w.open("if (" + result + ".hasSuccess())");
        w.line("return " + result + ".success();");
        w.close();
      }
      for (FieldModel t : throwsFields) {
        w.open("if (" + result + "." + t.hasName() + "())");
        w.line("throw new " + ce + "(" + result + "." + t.javaName() + "());");
        w.close();
      }
      if (fn.isVoid()) {
        w.line("return null;");
      } else {
        throwMissingResult(fn);
      }
      w.close(");");
      if (wrapped) {
        w.outdent().outdent();
      }
      w.close();
    }
    w.close();
  }

  private void emitHelpers() {
    boolean needed = all.stream().anyMatch(fn -> !fn.function().oneway() && !fn.throwsFields().isEmpty());
    if (!needed) {
      return;
    }
    String throwable = f.t("java.lang.Throwable");
    String ce = f.t("java.util.concurrent.CompletionException");
    w.blank();
    w.line("/** The failure a dependent future reports wraps the handler's in a CompletionException. */");
    w.open("private static " + throwable + " unwrap(" + throwable + " error)");
    w.wrap("return error instanceof " + ce + " && error.getCause() != null", " ? error.getCause() : error;");
    w.close();
    w.blank();
    w.line("/** Fails the dependent future with {@code error}, keeping it as the cause. */");
    w.open("private static " + ce + " propagate(" + throwable + " error)");
    w.line("return error instanceof " + ce + " c ? c : new " + ce + "(error);");
    w.close();
  }

  private void emitArgsAndResult(Fn fn) {
    Ast.Function function = fn.function();
    w.blank();
    StructEmitter.emitNested(f, fn.argsClass(), function.name() + "_args",
        "The arguments of {@code " + function.name() + "}.", fn.params());
    if (function.oneway()) {
      return;
    }
    List<FieldModel> fields = new ArrayList<>();
    if (!fn.isVoid()) {
      Ast.Field success = new Ast.Field(0, "success", Ast.Requiredness.OPTIONAL, function.returnType(), null,
          Map.of(), null, function.position());
      fields.addAll(model.fields(service.document(), service.definition().name() + "." + function.name(),
          List.of(success)));
    }
    fields.addAll(fn.throwsFields());
    w.blank();
    StructEmitter.emitNested(f, fn.resultClass(), function.name() + "_result",
        "The result of {@code " + function.name() + "}: the return value or a declared exception.", fields);
  }
}
