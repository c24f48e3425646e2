package dev.tern.codegen.proto.internal;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.ServiceDescriptorProto;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Java classes that protoc's {@code --java_out} generates for a set of .proto files, so that
 * Tern's stubs name the same message classes. Follows protobuf-java's rules for proto2, proto3
 * and edition 2023: the package is {@code java_package}, else the proto package; a message is a
 * top-level class when the file sets {@code java_multiple_files}, else nested in the file's outer
 * class, which is {@code java_outer_classname}, else the file name in UpperCamelCase
 * ({@code foo_bar.proto} -> {@code FooBar}) with {@code OuterClass} appended when a type of the
 * file already has that name. Nested messages are nested classes of their parent.
 */
final class JavaNames {
  /** A message class: {@code pkg.topLevel} plus {@code nested} ({@code ""} or {@code ".Inner.Deeper"}). */
  record ClassName(String pkg, String topLevel, String nested) {
    /** The fully qualified name, e.g. {@code io.grpc.testing.integration.Messages.SimpleRequest}. */
    public String qualified() {
      return (pkg.isEmpty() ? "" : pkg + ".") + topLevel + nested;
    }
  }

  private final Map<String, ClassName> messages = new HashMap<>();
  private final Map<String, Set<String>> packageTypes = new HashMap<>();

  /** Indexes every message of {@code files} (a file's imports must be among them). */
  JavaNames(List<FileDescriptorProto> files) {
    for (FileDescriptorProto file : files) {
      String pkg = javaPackage(file);
      Set<String> topLevel = packageTypes.computeIfAbsent(pkg, k -> new LinkedHashSet<>());
      boolean multiple = file.getOptions().getJavaMultipleFiles();
      String outer = outerClassName(file);
      topLevel.add(outer);
      String protoPrefix = file.getPackage().isEmpty() ? "." : "." + file.getPackage() + ".";
      for (DescriptorProto m : file.getMessageTypeList()) {
        if (multiple) {
          topLevel.add(m.getName());
          topLevel.add(m.getName() + "OrBuilder");
          index(m, protoPrefix, new ClassName(pkg, m.getName(), ""));
        } else {
          index(m, protoPrefix, new ClassName(pkg, outer, "." + m.getName()));
        }
      }
      if (multiple) {
        file.getEnumTypeList().forEach(e -> topLevel.add(e.getName()));
      }
      for (ServiceDescriptorProto s : file.getServiceList()) {
        topLevel.add(RpcEmitter.className(s));
      }
    }
  }

  private void index(DescriptorProto m, String protoPrefix, ClassName name) {
    String full = protoPrefix + m.getName();
    messages.put(full, name);
    for (DescriptorProto nested : m.getNestedTypeList()) {
      index(nested, full + ".", new ClassName(name.pkg(), name.topLevel(), name.nested() + "." + nested.getName()));
    }
  }

  /** The class of message {@code fullName} as a method's input or output type names it ({@code .pkg.Msg}). */
  ClassName message(String fullName) {
    ClassName name = messages.get(fullName);
    if (name == null) {
      throw new IllegalArgumentException("unknown message type " + fullName
          + " (the descriptor set must include the files it is imported from)");
    }
    return name;
  }

  /** Simple names of the top-level classes that protoc and Tern generate into {@code pkg}. */
  Set<String> packageTypes(String pkg) {
    return packageTypes.getOrDefault(pkg, Set.of());
  }

  /** {@code java_package}, else the proto package (possibly empty: the default package). */
  static String javaPackage(FileDescriptorProto file) {
    return file.getOptions().hasJavaPackage() ? file.getOptions().getJavaPackage() : file.getPackage();
  }

  /** The outer class protobuf-java generates for {@code file}. */
  static String outerClassName(FileDescriptorProto file) {
    if (file.getOptions().hasJavaOuterClassname()) {
      return file.getOptions().getJavaOuterClassname();
    }
    String name = file.getName();
    String base = name.substring(name.lastIndexOf('/') + 1);
    if (base.endsWith(".protodevel")) {
      base = base.substring(0, base.length() - ".protodevel".length());
    } else if (base.endsWith(".proto")) {
      base = base.substring(0, base.length() - ".proto".length());
    }
    String outer = upperCamel(base);
    return declares(file, outer) ? outer + "OuterClass" : outer;
  }

  /**
   * protobuf-java's file-name conversion: letters after a non-alphanumeric character or a digit
   * are capitalised, the separators dropped, other letters kept as written.
   */
  static String upperCamel(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    boolean capNext = true;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 'a' && c <= 'z') {
        sb.append(capNext ? (char) (c - 'a' + 'A') : c);
        capNext = false;
      } else if (c >= 'A' && c <= 'Z') {
        sb.append(c);
        capNext = false;
      } else if (c >= '0' && c <= '9') {
        sb.append(c);
        capNext = true;
      } else {
        capNext = true;
      }
    }
    return sb.toString();
  }

  /** Whether a top-level enum or service, or any message or enum at any depth, is named {@code name}. */
  private static boolean declares(FileDescriptorProto file, String name) {
    for (EnumDescriptorProto e : file.getEnumTypeList()) {
      if (e.getName().equals(name)) {
        return true;
      }
    }
    for (ServiceDescriptorProto s : file.getServiceList()) {
      if (s.getName().equals(name)) {
        return true;
      }
    }
    for (DescriptorProto m : file.getMessageTypeList()) {
      if (declares(m, name)) {
        return true;
      }
    }
    return false;
  }

  private static boolean declares(DescriptorProto m, String name) {
    if (m.getName().equals(name)) {
      return true;
    }
    for (EnumDescriptorProto e : m.getEnumTypeList()) {
      if (e.getName().equals(name)) {
        return true;
      }
    }
    for (DescriptorProto nested : m.getNestedTypeList()) {
      if (declares(nested, name)) {
        return true;
      }
    }
    return false;
  }
}
