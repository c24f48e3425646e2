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
 *
 * <p>Functions annotated {@code (streaming.mode = "bidirectional" | "client" | "server" | "unary")}
 * (Kitex's Thrift streaming) are not Thrift-framed calls: they go over gRPC with Thrift structs as
 * messages. For them the class declares gRPC {@code MethodDescriptor}s, a {@code StreamingHandler}
 * interface, {@code streamingService(handler)} and a {@code StreamingClient}.
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
  /** Functions called over gRPC (Kitex's streaming.mode), inherited ones first. */
  private final List<StreamFn> streams = new ArrayList<>();

  /** A function as this class exposes it. */
  private record Fn(Ast.Function function, Model.Service owner, boolean inherited, String constant, String method,
      String argsClass, String resultClass, List<FieldModel> params, List<FieldModel> throwsFields,
      JType returnType) {

    boolean isVoid() {
      return function.returnType() == null;
    }
  }

  /** A function served over gRPC: one struct argument in, one struct out, per message. */
  private record StreamFn(Ast.Function function, String constant, String method, String type, JType request,
      JType response) {

    boolean clientStreams() {
      return type.equals("CLIENT_STREAMING") || type.equals("BIDI_STREAMING");
    }

    boolean serverStreams() {
      return type.equals("SERVER_STREAMING") || type.equals("BIDI_STREAMING");
    }
  }

  static final String STREAMING_MODE = "streaming.mode";

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
    Map<String, Ast.Function> constants = new HashMap<>();
    List<Ast.Function> functions = new ArrayList<>();
    List<String> constantNames = new ArrayList<>();
    for (Fn fn : all) {
      functions.add(fn.function());
      constantNames.add(fn.constant());
    }
    for (StreamFn s : streams) {
      functions.add(s.function());
      constantNames.add(s.constant());
    }
    for (int i = 0; i < functions.size(); i++) {
      Ast.Function fn = functions.get(i);
      Ast.Function clash = constants.putIfAbsent(constantNames.get(i), fn);
      if (clash != null) {
        throw new CodegenException(fn.position(), "service " + def.name() + ": functions '"
            + clash.name() + "' and '" + fn.name() + "' both map to constant " + constantNames.get(i));
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
    for (String n : List.of("Iface", "AsyncIface", "Client", "AsyncClient", "StreamingHandler", "StreamingClient")) {
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
      if (fn.annotations().containsKey(STREAMING_MODE)) {
        StreamFn stream = streamFn(s, fn, label);
        streams.removeIf(x -> x.function().name().equals(fn.name()));
        streams.add(stream);
        out.remove(fn.name());
        continue;
      }
      streams.removeIf(x -> x.function().name().equals(fn.name()));
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

  /** Checks a streaming function has Kitex's shape: one struct argument, a struct result, nothing else. */
  private StreamFn streamFn(Model.Service s, Ast.Function fn, String label) {
    String mode = fn.annotations().get(STREAMING_MODE);
    String type = switch (mode) {
      case "bidirectional" -> "BIDI_STREAMING";
      case "client" -> "CLIENT_STREAMING";
      case "server" -> "SERVER_STREAMING";
      case "unary" -> "UNARY";
      default -> throw new CodegenException(fn.position(), label + ": streaming.mode '" + mode
          + "' is not one of bidirectional, client, server, unary");
    };
    if (fn.oneway() || !fn.throwsFields().isEmpty()) {
      throw new CodegenException(fn.position(), label + ": a streaming function can be neither oneway nor throw");
    }
    if (fn.params().size() != 1 || fn.returnType() == null) {
      throw new CodegenException(fn.position(), label + ": a streaming function takes exactly one argument and"
          + " returns a value (the request and response messages)");
    }
    JType request = model.type(s.document(), fn.params().getFirst().type());
    JType response = model.type(s.document(), fn.returnType());
    for (JType t : List.of(request, response)) {
      if (!(t instanceof JType.StructRef ref) || ref.definition().kind() != Ast.StructKind.STRUCT) {
        throw new CodegenException(fn.position(), label + ": streaming messages must be structs");
      }
    }
    String constant = Names.upperSnake(fn.name());
    if (constant.equals("SERVICE_NAME") || constant.equals("GRPC_SERVICE_NAME")) {
      constant += "_";
    }
    String method = Names.identifier(fn.name());
    if (OBJECT_METHODS.contains(method)) {
      method += "_";
    }
    return new StreamFn(fn, constant, method, type, request, response);
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
    if (!streams.isEmpty()) {
      emitStreaming();
    }
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

  /** The gRPC package Kitex puts before the service name: the Go namespace's last segment, else the file name. */
  private String grpcServiceName() {
    String ns = service.document().namespaces().get("go");
    String pkg = ns == null ? service.document().prefix() : ns.substring(Math.max(ns.lastIndexOf('.'), ns.lastIndexOf('/')) + 1);
    return pkg.isEmpty() ? service.definition().name() : pkg + "." + service.definition().name();
  }

  private void emitStreaming() {
    String md = f.t("dev.tern.grpc.MethodDescriptor");
    String mt = f.t("dev.tern.grpc.MethodType");
    String ts = f.t("dev.tern.rpc.ThriftStreaming");
    String def = f.t("dev.tern.grpc.GrpcServiceDefinition");
    String grpcClient = f.t("dev.tern.grpc.GrpcClient");
    String options = f.t("dev.tern.grpc.GrpcCallOptions");
    String reader = f.t("dev.tern.grpc.StreamReader");
    String writer = f.t("dev.tern.grpc.StreamWriter");
    String status = f.t("dev.tern.grpc.GrpcStatus");
    String objects = f.t("java.util.Objects");
    w.blank();
    w.line("/** The gRPC service name of the streaming functions ({@code [package.]Service}, as Kitex names it). */");
    w.line("public static final " + f.t("java.lang.String") + " GRPC_SERVICE_NAME = "
        + Names.stringLiteral(grpcServiceName()) + ";");
    for (StreamFn s : streams) {
      w.blank();
      w.line("/** {@code " + s.function().name() + "} over gRPC (" + s.type().toLowerCase(java.util.Locale.ROOT)
          .replace('_', ' ') + "). */");
      w.line("public static final " + md + "<" + f.type(s.request()) + ", " + f.type(s.response()) + "> "
          + s.constant() + " =");
      w.indent().indent();
      w.list(ts + ".method(", List.of("GRPC_SERVICE_NAME", Names.stringLiteral(s.function().name()),
          mt + "." + s.type(), f.type(s.request()) + ".CODEC", f.type(s.response()) + ".CODEC"), ");");
      w.outdent().outdent();
    }

    w.blank();
    w.line("/**");
    w.line(" * The streaming functions, blocking style (each call runs on a thread that may block). Every");
    w.line(" * method defaults to UNIMPLEMENTED, so a server implements those it supports.");
    w.line(" */");
    w.open("public interface StreamingHandler");
    boolean first = true;
    for (StreamFn s : streams) {
      if (!first) {
        w.blank();
      }
      first = false;
      w.javadoc(s.function().doc());
      w.open("default " + streamHandlerSignature(s, reader, writer) + " throws Exception");
      w.line("throw " + status + ".of(" + status + ".Code.UNIMPLEMENTED)");
      w.indent().indent();
      w.line(".withDescription(\"" + s.function().name() + " is not implemented\").asException();");
      w.outdent().outdent();
      w.close();
    }
    w.close();

    w.blank();
    w.line("/** Binds a streaming handler, to serve with a gRPC server (or a Thrift server, which shares its port). */");
    w.open("public static " + def + " streamingService(StreamingHandler impl)");
    w.line(objects + ".requireNonNull(impl, \"impl\");");
    w.line("return " + def + ".builder(GRPC_SERVICE_NAME)");
    w.indent().indent();
    for (StreamFn s : streams) {
      String kind = switch (s.type()) {
        case "BIDI_STREAMING" -> "bidiStreaming";
        case "CLIENT_STREAMING" -> "clientStreaming";
        case "SERVER_STREAMING" -> "serverStreaming";
        default -> "unary";
      };
      w.line("." + kind + "(" + s.constant() + ", impl::" + s.method() + ")");
    }
    w.line(".build();");
    w.outdent().outdent();
    w.close();

    w.blank();
    w.line("/** A client for the streaming functions over {@code client}'s HTTP/2 connections. */");
    w.open("public static StreamingClient streamingClient(" + grpcClient + " client)");
    w.line("return new StreamingClient(client);");
    w.close();

    w.blank();
    w.line("/** Calls the streaming functions. */");
    w.open("public static final class StreamingClient");
    w.line("private final " + grpcClient + " client;");
    w.blank();
    w.open("private StreamingClient(" + grpcClient + " client)");
    w.line("this.client = " + objects + ".requireNonNull(client, \"client\");");
    w.close();
    w.blank();
    w.line("/** This client with per-call options (timeout, metadata, compression). */");
    w.open("public StreamingClient with(" + options + " options)");
    w.line("return new StreamingClient(client.with(options));");
    w.close();
    for (StreamFn s : streams) {
      w.blank();
      w.javadoc(s.function().doc());
      String req = f.type(s.request());
      String resp = f.type(s.response());
      switch (s.type()) {
        case "BIDI_STREAMING" -> {
          w.open("public " + f.t("dev.tern.grpc.BidiStreamingCall") + "<" + req + ", " + resp + "> " + s.method() + "()");
          w.line("return client.bidiStreaming(" + s.constant() + ");");
        }
        case "CLIENT_STREAMING" -> {
          w.open("public " + f.t("dev.tern.grpc.ClientStreamingCall") + "<" + req + ", " + resp + "> " + s.method() + "()");
          w.line("return client.clientStreaming(" + s.constant() + ");");
        }
        case "SERVER_STREAMING" -> {
          w.open("public " + f.t("dev.tern.grpc.ResponseStream") + "<" + resp + "> " + s.method() + "(" + req + " request)");
          w.line("return client.serverStreaming(" + s.constant() + ", request);");
        }
        default -> {
          w.open("public " + resp + " " + s.method() + "(" + req + " request)");
          w.line("return client.unary(" + s.constant() + ", request);");
        }
      }
      w.close();
    }
    w.close();
  }

  private String streamHandlerSignature(StreamFn s, String reader, String writer) {
    String req = f.type(s.request());
    String resp = f.type(s.response());
    return switch (s.type()) {
      case "BIDI_STREAMING" -> "void " + s.method() + "(" + reader + "<" + req + "> requests, " + writer + "<" + resp
          + "> responses)";
      case "CLIENT_STREAMING" -> resp + " " + s.method() + "(" + reader + "<" + req + "> requests)";
      case "SERVER_STREAMING" -> "void " + s.method() + "(" + req + " request, " + writer + "<" + resp + "> responses)";
      default -> resp + " " + s.method() + "(" + req + " request)";
    };
  }
}
