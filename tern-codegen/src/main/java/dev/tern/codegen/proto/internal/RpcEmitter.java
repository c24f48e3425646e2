package dev.tern.codegen.proto.internal;

import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.MethodDescriptorProto;
import com.google.protobuf.DescriptorProtos.ServiceDescriptorProto;
import dev.tern.codegen.CodegenException;
import dev.tern.codegen.OutputSink;
import dev.tern.codegen.internal.Imports;
import dev.tern.codegen.internal.SourceWriter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One proto service -> {@code <Service>Rpc}: a {@code MethodDescriptor} constant per method, the
 * blocking {@code Handler} and async {@code AsyncHandler} interfaces (every method defaults to
 * UNIMPLEMENTED), {@code service(...)} / {@code serviceAsync(...)} binding them, and the
 * {@code Client} / {@code AsyncClient} stubs over a {@code GrpcClient}.
 */
final class RpcEmitter {
  private static final String GRPC = "dev.tern.grpc";
  private static final Set<String> NESTED = Set.of("Handler", "AsyncHandler", "Client", "AsyncClient");
  /**
   * Java method names a generated method may not take: Object's methods, the stubs' own
   * {@code with}, and the helper the handlers' defaults call (a nested method of that name would
   * hide it).
   */
  private static final Set<String> RESERVED_METHODS = Set.of("getClass", "hashCode", "equals", "toString", "wait",
      "notify", "notifyAll", "clone", "finalize", "with", "unimplemented");
  private static final Set<String> KEYWORDS = Set.of(
      "abstract", "assert", "boolean", "break", "byte", "case", "catch", "char", "class", "const",
      "continue", "default", "do", "double", "else", "enum", "extends", "final", "finally", "float",
      "for", "goto", "if", "implements", "import", "instanceof", "int", "interface", "long", "native",
      "new", "package", "private", "protected", "public", "return", "short", "static", "strictfp",
      "super", "switch", "synchronized", "this", "throw", "throws", "transient", "try", "void",
      "volatile", "while", "true", "false", "null", "_", "var", "yield", "record", "sealed", "permits");

  /** dev.tern.grpc.MethodType by name: the generator does not depend on the runtime it targets. */
  private enum Kind {
    UNARY, CLIENT_STREAMING, SERVER_STREAMING, BIDI_STREAMING
  }

  private record Method(MethodDescriptorProto proto, Kind kind, String constant, String name, String req,
      String resp, String doc) {
    boolean deprecated() {
      return proto.getOptions().getDeprecated();
    }
  }

  private final FileDescriptorProto file;
  private final ServiceDescriptorProto service;
  private final String pkg;
  private final String className;
  private final String serviceName;
  private final Imports imports;
  private final SourceWriter w = new SourceWriter();
  private final List<Method> methods = new ArrayList<>();
  private final String serviceDoc;

  private RpcEmitter(FileDescriptorProto file, int index, JavaNames names) {
    this.file = file;
    this.service = file.getService(index);
    this.pkg = JavaNames.javaPackage(file);
    this.className = className(service);
    this.serviceName = file.getPackage().isEmpty() ? service.getName() : file.getPackage() + "." + service.getName();
    this.imports = new Imports(pkg, names.packageTypes(pkg), NESTED);
    Comments comments = new Comments(file);
    this.serviceDoc = comments.service(index);
    Map<String, String> constants = new HashMap<>();
    Map<String, String> javaNames = new HashMap<>();
    for (int i = 0; i < service.getMethodCount(); i++) {
      MethodDescriptorProto m = service.getMethod(i);
      Method method = new Method(m, kind(m), constantName(m.getName()), methodName(m.getName()),
          type(names.message(m.getInputType())), type(names.message(m.getOutputType())), comments.method(index, i));
      clash(constants.put(method.constant(), m.getName()), m, "constant " + method.constant());
      clash(javaNames.put(method.name(), m.getName()), m, "Java method " + method.name());
      methods.add(method);
    }
  }

  private void clash(String previous, MethodDescriptorProto m, String what) {
    if (previous != null) {
      throw new CodegenException(null, file.getName() + ": service " + service.getName() + ": methods '" + previous
          + "' and '" + m.getName() + "' both map to " + what);
    }
  }

  /** The generated class of {@code service}: its name plus {@code Rpc}, clear of grpc-java's {@code Grpc}. */
  static String className(ServiceDescriptorProto service) {
    return service.getName() + "Rpc";
  }

  /** Writes the class of service {@code index} of {@code file}. */
  static void emit(FileDescriptorProto file, int index, JavaNames names, OutputSink out) throws IOException {
    RpcEmitter e = new RpcEmitter(file, index, names);
    e.emitClass();
    out.write(e.path(), e.render());
  }

  private static Kind kind(MethodDescriptorProto m) {
    if (m.getClientStreaming()) {
      return m.getServerStreaming() ? Kind.BIDI_STREAMING : Kind.CLIENT_STREAMING;
    }
    return m.getServerStreaming() ? Kind.SERVER_STREAMING : Kind.UNARY;
  }

  /** {@code EmptyCall} -> {@code EMPTY_CALL}; {@code GetHTTPStatus} -> {@code GET_HTTP_STATUS}. */
  static String constantName(String name) {
    StringBuilder sb = new StringBuilder(name.length() + 4);
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (Character.isUpperCase(c) && i > 0 && sb.charAt(sb.length() - 1) != '_') {
        char prev = name.charAt(i - 1);
        boolean nextLower = i + 1 < name.length() && Character.isLowerCase(name.charAt(i + 1));
        if (Character.isLowerCase(prev) || Character.isDigit(prev) || (Character.isUpperCase(prev) && nextLower)) {
          sb.append('_');
        }
      }
      sb.append(Character.toUpperCase(c));
    }
    String constant = sb.toString();
    return constant.equals("SERVICE_NAME") ? constant + "_" : constant;
  }

  /** {@code EmptyCall} -> {@code emptyCall}; {@code get_user} -> {@code getUser}; keywords get a {@code _}. */
  static String methodName(String name) {
    StringBuilder sb = new StringBuilder(name.length());
    boolean upper = false;
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == '_' && i > 0) {
        upper = true;
      } else if (sb.isEmpty()) {
        sb.append(Character.toLowerCase(c));
      } else {
        sb.append(upper ? Character.toUpperCase(c) : c);
        upper = false;
      }
    }
    String method = sb.toString();
    return KEYWORDS.contains(method) || RESERVED_METHODS.contains(method) ? method + "_" : method;
  }

  private String type(JavaNames.ClassName name) {
    return imports.ref(name.pkg(), name.topLevel()) + name.nested();
  }

  private String t(String simpleName) {
    return imports.ref(GRPC, simpleName);
  }

  private String path() {
    return (pkg.isEmpty() ? "" : pkg.replace('.', '/') + "/") + className + ".java";
  }

  private String render() {
    StringBuilder out = new StringBuilder(w.toString().length() + 1024);
    out.append("// Generated by Tern from ").append(file.getName()).append(". Do not edit.\n");
    if (!pkg.isEmpty()) {
      out.append("package ").append(pkg).append(";\n\n");
    }
    imports.emit(out);
    out.append(w);
    return out.toString();
  }

  private void emitClass() {
    String about = "Tern gRPC bindings for {@code " + serviceName + "}: a method descriptor per method, the\n"
        + "{@link Handler} and {@link AsyncHandler} interfaces a server implements, {@link #service(Handler)}\n"
        + "and {@link #serviceAsync(AsyncHandler)} to bind them, and the {@link Client} and\n"
        + "{@link AsyncClient} stubs.";
    w.javadoc(serviceDoc == null ? about : serviceDoc + "\n\n<p>" + about);
    if (service.getOptions().getDeprecated()) {
      w.line("@" + imports.ref("java.lang", "Deprecated"));
    }
    w.open("public final class " + className);
    w.line("/** The fully qualified service name, as it appears in request paths. */");
    w.line("public static final " + imports.ref("java.lang", "String") + " SERVICE_NAME = "
        + literal(serviceName) + ";");
    for (Method m : methods) {
      w.blank();
      emitConstant(m);
    }
    w.blank();
    w.line("private " + className + "() {}");
    emitHandler();
    emitAsyncHandler();
    emitBindings();
    emitClient();
    emitAsyncClient();
    emitUnimplemented();
    w.close();
  }

  private void emitConstant(Method m) {
    String md = t("MethodDescriptor");
    w.line("/** {@code " + m.proto().getName() + "}: " + describe(m.kind()) + ". */");
    deprecated(m);
    w.line("public static final " + md + "<" + m.req() + ", " + m.resp() + "> " + m.constant() + " =");
    w.indent().indent();
    String marshaller = t("Marshaller");
    w.list(md + ".of(", List.of("SERVICE_NAME", literal(m.proto().getName()), t("MethodType") + "." + m.kind(),
        marshaller + ".protobuf(" + m.req() + ".getDefaultInstance())",
        marshaller + ".protobuf(" + m.resp() + ".getDefaultInstance())"), ");");
    w.outdent().outdent();
  }

  private static String describe(Kind kind) {
    return switch (kind) {
      case UNARY -> "unary";
      case CLIENT_STREAMING -> "client streaming";
      case SERVER_STREAMING -> "server streaming";
      case BIDI_STREAMING -> "bidirectional streaming";
    };
  }

  private void emitHandler() {
    w.blank();
    w.javadoc("The service in blocking style: each call runs on its own virtual thread. Every method fails\n"
        + "with UNIMPLEMENTED unless overridden; bind an implementation with\n"
        + "{@link " + className + "#service(Handler)}.");
    w.open("public interface Handler");
    boolean first = true;
    for (Method m : methods) {
      if (!first) {
        w.blank();
      }
      first = false;
      doc(m);
      String exception = " throws " + imports.ref("java.lang", "Exception");
      switch (m.kind()) {
        case UNARY -> open("default " + m.resp() + " " + m.name(), m.req() + " request", exception);
        case SERVER_STREAMING -> open("default void " + m.name(),
            m.req() + " request, " + t("StreamWriter") + "<" + m.resp() + "> responses", exception);
        case CLIENT_STREAMING -> open("default " + m.resp() + " " + m.name(),
            t("StreamReader") + "<" + m.req() + "> requests", exception);
        case BIDI_STREAMING -> open("default void " + m.name(), t("StreamReader") + "<" + m.req() + "> requests, "
            + t("StreamWriter") + "<" + m.resp() + "> responses", exception);
      }
      w.line("throw unimplemented(" + m.constant() + ");");
      w.close();
    }
    w.close();
  }

  private void emitAsyncHandler() {
    w.blank();
    w.javadoc("The service in asynchronous style: methods run on the connection's event loop and must not\n"
        + "block. Every method fails with UNIMPLEMENTED unless overridden; bind an implementation with\n"
        + "{@link " + className + "#serviceAsync(AsyncHandler)}.");
    w.open("public interface AsyncHandler");
    boolean first = true;
    for (Method m : methods) {
      if (!first) {
        w.blank();
      }
      first = false;
      doc(m);
      switch (m.kind()) {
        case UNARY -> {
          String future = imports.ref("java.util.concurrent", "CompletableFuture");
          open("default " + future + "<" + m.resp() + "> " + m.name(), m.req() + " request", "");
          w.line("return " + future + ".failedFuture(unimplemented(" + m.constant() + "));");
        }
        case SERVER_STREAMING -> {
          open("default void " + m.name(),
              m.req() + " request, " + t("FlowControlledObserver") + "<" + m.resp() + "> responses", "");
          w.line("responses.onError(unimplemented(" + m.constant() + "));");
        }
        case CLIENT_STREAMING, BIDI_STREAMING -> {
          open("default " + t("StreamObserver") + "<" + m.req() + "> " + m.name(),
              t("FlowControlledObserver") + "<" + m.resp() + "> responses", "");
          w.line("throw unimplemented(" + m.constant() + ");");
        }
      }
      w.close();
    }
    w.close();
  }

  private void emitBindings() {
    String def = t("GrpcServiceDefinition");
    String objects = imports.ref("java.util", "Objects");
    w.blank();
    w.line("/** Binds a blocking implementation: methods it does not override answer UNIMPLEMENTED. */");
    w.open("public static " + def + " service(Handler handler)");
    w.line(objects + ".requireNonNull(handler, \"handler\");");
    w.line("return " + def + ".builder(SERVICE_NAME)");
    w.indent().indent();
    for (Method m : methods) {
      String bind = switch (m.kind()) {
        case UNARY -> "unary";
        case SERVER_STREAMING -> "serverStreaming";
        case CLIENT_STREAMING -> "clientStreaming";
        case BIDI_STREAMING -> "bidiStreaming";
      };
      w.line("." + bind + "(" + m.constant() + ", handler::" + m.name() + ")");
    }
    w.line(".build();");
    w.outdent().outdent();
    w.close();

    w.blank();
    w.line("/** Binds an asynchronous implementation: methods it does not override answer UNIMPLEMENTED. */");
    w.open("public static " + def + " serviceAsync(AsyncHandler handler)");
    w.line(objects + ".requireNonNull(handler, \"handler\");");
    w.line("return " + def + ".builder(SERVICE_NAME)");
    w.indent().indent();
    for (Method m : methods) {
      String bind = switch (m.kind()) {
        case UNARY -> "unaryAsync";
        case SERVER_STREAMING -> "serverStreamingAsync";
        case CLIENT_STREAMING -> "clientStreamingAsync";
        case BIDI_STREAMING -> "bidiStreamingAsync";
      };
      w.line("." + bind + "(" + m.constant() + ", handler::" + m.name() + ")");
    }
    w.line(".build();");
    w.outdent().outdent();
    w.close();

    String client = t("GrpcClient");
    w.blank();
    w.line("/** A blocking stub making calls through {@code client}. */");
    w.open("public static Client client(" + client + " client)");
    w.line("return new Client(client);");
    w.close();
    w.blank();
    w.line("/** An asynchronous stub making calls through {@code client}. */");
    w.open("public static AsyncClient asyncClient(" + client + " client)");
    w.line("return new AsyncClient(client);");
    w.close();
  }

  private void emitClient() {
    w.blank();
    w.javadoc("""
        Blocking stub: unary methods return the response; streaming methods return the call, to
        send on and receive from in a loop. Failures raise {@code GrpcStatusException} (or
        {@code RpcTimeoutException}, {@code TransportException}).""");
    w.open("public static final class Client");
    stubPreamble("Client");
    for (Method m : methods) {
      w.blank();
      doc(m);
      switch (m.kind()) {
        case UNARY -> {
          open("public " + m.resp() + " " + m.name(), m.req() + " request", "");
          w.line("return client.unary(" + m.constant() + ", request);");
        }
        case SERVER_STREAMING -> {
          open("public " + t("ResponseStream") + "<" + m.resp() + "> " + m.name(), m.req() + " request", "");
          w.line("return client.serverStreaming(" + m.constant() + ", request);");
        }
        case CLIENT_STREAMING -> {
          open("public " + t("ClientStreamingCall") + "<" + m.req() + ", " + m.resp() + "> " + m.name(), "", "");
          w.line("return client.clientStreaming(" + m.constant() + ");");
        }
        case BIDI_STREAMING -> {
          open("public " + t("BidiStreamingCall") + "<" + m.req() + ", " + m.resp() + "> " + m.name(), "", "");
          w.line("return client.bidiStreaming(" + m.constant() + ");");
        }
      }
      w.close();
    }
    w.close();
  }

  private void emitAsyncClient() {
    w.blank();
    w.javadoc("""
        Asynchronous stub: unary methods return a future; streaming methods deliver responses to an
        observer and return the observer to send requests on, with the same flow control as the
        blocking calls.""");
    w.open("public static final class AsyncClient");
    stubPreamble("AsyncClient");
    for (Method m : methods) {
      w.blank();
      doc(m);
      switch (m.kind()) {
        case UNARY -> {
          String future = imports.ref("java.util.concurrent", "CompletableFuture");
          open("public " + future + "<" + m.resp() + "> " + m.name(), m.req() + " request", "");
          w.line("return client.unaryAsync(" + m.constant() + ", request);");
        }
        case SERVER_STREAMING -> {
          open("public void " + m.name(), m.req() + " request, " + t("StreamObserver") + "<" + m.resp() + "> responses",
              "");
          w.line("client.serverStreamingAsync(" + m.constant() + ", request, responses);");
        }
        case CLIENT_STREAMING, BIDI_STREAMING -> {
          String call = m.kind() == Kind.CLIENT_STREAMING ? "clientStreamingAsync" : "bidiStreamingAsync";
          String name = m.kind() == Kind.CLIENT_STREAMING ? "response" : "responses";
          open("public " + t("FlowControlledObserver") + "<" + m.req() + "> " + m.name(),
              t("StreamObserver") + "<" + m.resp() + "> " + name, "");
          w.line("return client." + call + "(" + m.constant() + ", " + name + ");");
        }
      }
      w.close();
    }
    w.close();
  }

  private void stubPreamble(String stub) {
    String client = t("GrpcClient");
    w.line("private final " + client + " client;");
    w.blank();
    w.open("private " + stub + "(" + client + " client)");
    w.line("this.client = " + imports.ref("java.util", "Objects") + ".requireNonNull(client, \"client\");");
    w.close();
    w.blank();
    w.line("/** This stub with per-call options: timeout, headers, compression, response metadata capture. */");
    w.open("public " + stub + " with(" + t("GrpcCallOptions") + " options)");
    w.line("return new " + stub + "(client.with(options));");
    w.close();
  }

  private void emitUnimplemented() {
    String exception = t("GrpcStatusException");
    String status = t("GrpcStatus");
    w.blank();
    w.open("private static " + exception + " unimplemented(" + t("MethodDescriptor") + "<?, ?> method)");
    w.line("return " + status + ".of(" + status + ".Code.UNIMPLEMENTED)");
    w.indent().indent();
    w.line(".withDescription(\"Method \" + method.fullMethodName() + \" is unimplemented\")");
    w.line(".asException();");
    w.outdent().outdent();
    w.close();
  }

  /** Opens a method body, {@code head(params) suffix}, wrapped after the parenthesis if too long. */
  private void open(String head, String params, String suffix) {
    if (params.isEmpty()) { // break before the method name instead
      int name = head.lastIndexOf(' ');
      w.wrap(head.substring(0, name), head.substring(name) + "()" + suffix + " {");
    } else {
      w.wrap(head + "(", params + ")" + suffix + " {");
    }
    w.indent();
  }

  private void doc(Method m) {
    w.javadoc(m.doc());
    deprecated(m);
  }

  private void deprecated(Method m) {
    if (m.deprecated()) {
      w.line("@" + imports.ref("java.lang", "Deprecated"));
    }
  }

  /** A Java string literal; proto names are identifiers, but the package may hold any ASCII. */
  private static String literal(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
