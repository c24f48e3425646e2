package dev.tern.codegen.proto.internal;

import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.SourceCodeInfo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The comments protoc recorded for a file ({@code SourceCodeInfo}, present when protoc ran with
 * {@code --include_source_info} or as a plugin), turned into Javadoc text.
 */
final class Comments {
  /** FileDescriptorProto.service and ServiceDescriptorProto.method field numbers: the location path. */
  private static final int FILE_SERVICE = 6;
  private static final int SERVICE_METHOD = 2;

  private final Map<List<Integer>, String> byPath = new HashMap<>();

  Comments(FileDescriptorProto file) {
    for (SourceCodeInfo.Location loc : file.getSourceCodeInfo().getLocationList()) {
      String text = loc.hasLeadingComments() ? loc.getLeadingComments() : loc.getTrailingComments();
      if (!text.isBlank()) {
        byPath.putIfAbsent(List.copyOf(loc.getPathList()), text);
      }
    }
  }

  /** Javadoc for service number {@code service} of the file, or null. */
  String service(int service) {
    return javadoc(byPath.get(List.of(FILE_SERVICE, service)));
  }

  /** Javadoc for method {@code method} of service {@code service}, or null. */
  String method(int service, int method) {
    return javadoc(byPath.get(List.of(FILE_SERVICE, service, SERVICE_METHOD, method)));
  }

  /**
   * Proto comments are plain text: escape what HTML, Javadoc or javac would interpret
   * ({@code < > &}, a leading {@code @} tag, a comment end, a {@code \}u escape), drop the
   * indentation protoc keeps, and turn blank lines into paragraph breaks.
   */
  static String javadoc(String comment) {
    if (comment == null || comment.isBlank()) {
      return null;
    }
    List<String> out = new ArrayList<>();
    boolean paragraph = false;
    for (String line : comment.strip().split("\\R", -1)) {
      String text = escape(line.strip());
      if (text.isEmpty()) {
        paragraph = !out.isEmpty();
        continue;
      }
      if (paragraph) {
        out.add("");
        text = "<p>" + text;
        paragraph = false;
      }
      out.add(text);
    }
    return String.join("\n", out);
  }

  private static String escape(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> sb.append("&amp;");
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '@' -> sb.append("&#64;");
        case '\\' -> sb.append("&#92;");
        case '/' -> sb.append(i > 0 && s.charAt(i - 1) == '*' ? "&#47;" : "/");
        default -> sb.append(c);
      }
    }
    return sb.toString();
  }
}
