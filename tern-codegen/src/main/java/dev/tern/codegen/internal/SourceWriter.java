package dev.tern.codegen.internal;

/**
 * Accumulates Java source text line by line with two-space indentation. {@link #open} and
 * {@link #close} bracket blocks so that emitters never count spaces themselves.
 */
public final class SourceWriter {
  private static final String INDENT = "  ";
  /** Lines longer than this are wrapped where the emitters allow it (Google Java style). */
  public static final int MAX_WIDTH = 100;

  private final StringBuilder out = new StringBuilder(4096);
  private int depth;
  private boolean pendingBlank;

  /** Appends one line at the current indentation. */
  public SourceWriter line(String text) {
    flushBlank();
    out.append(INDENT.repeat(depth)).append(text).append('\n');
    return this;
  }

  /**
   * Requests an empty line before the next line; collapses repeated requests and is dropped at
   * the start of a block or before its closing brace.
   */
  public SourceWriter blank() {
    pendingBlank = out.length() > 0 && !endsWithOpenBrace();
    return this;
  }

  /** Appends {@code text + " {"} and indents what follows. */
  public SourceWriter open(String text) {
    line(text + " {");
    depth++;
    return this;
  }

  /** Ends a block with {@code "}"}. */
  public SourceWriter close() {
    return close("");
  }

  /** Ends a block with {@code "}" + suffix}, e.g. {@code "} else {"} continuations or {@code "};"}. */
  public SourceWriter close(String suffix) {
    pendingBlank = false;
    depth--;
    line("}" + suffix);
    return this;
  }

  /** Ends a block and opens the next one on the same line: {@code "} else {"}. */
  public SourceWriter reopen(String text) {
    pendingBlank = false;
    depth--;
    line("} " + text + " {");
    depth++;
    return this;
  }

  /**
   * Writes {@code head + tail} on one line if it fits, else {@code head} and then {@code tail} on
   * a continuation line indented four more spaces. {@code tail} should start where a break is
   * natural: after an opening parenthesis, before a {@code .call()}, after {@code =} or {@code ->}.
   */
  public SourceWriter wrap(String head, String tail) {
    if (fits(head + tail)) {
      return line(head + tail);
    }
    line(head.stripTrailing());
    depth += 2;
    line(tail.stripLeading());
    depth -= 2;
    return this;
  }

  /**
   * Writes {@code head + String.join(", ", items) + tail} on one line if it fits, else
   * {@code head} followed by one item per continuation line; {@code head} normally ends with
   * {@code "("} and {@code tail} starts with {@code ")"}.
   */
  public SourceWriter list(String head, java.util.List<String> items, String tail) {
    String joined = String.join(", ", items);
    if (items.isEmpty() || fits(head + joined + tail)) {
      return line(head + joined + tail);
    }
    if (fits(head) && fitsContinuation(joined + tail)) {
      line(head);
      depth += 2;
      line(joined + tail);
      depth -= 2;
      return this;
    }
    line(head);
    depth += 2;
    for (int i = 0; i < items.size(); i++) {
      line(items.get(i) + (i == items.size() - 1 ? tail : ","));
    }
    depth -= 2;
    return this;
  }

  /** {@link #list} for a block header: the line ends with {@code " {"} and the block is open. */
  public SourceWriter openList(String head, java.util.List<String> items, String tail) {
    list(head, items, tail + " {");
    depth++;
    return this;
  }

  private boolean fits(String text) {
    return depth * INDENT.length() + text.length() <= MAX_WIDTH;
  }

  private boolean fitsContinuation(String text) {
    return (depth + 2) * INDENT.length() + text.length() <= MAX_WIDTH;
  }

  /** Increases indentation for continuation lines. */
  public SourceWriter indent() {
    depth++;
    return this;
  }

  public SourceWriter outdent() {
    depth--;
    return this;
  }

  /** Writes a Javadoc comment; does nothing for null or blank text. */
  public SourceWriter javadoc(String text) {
    if (text == null || text.isBlank()) {
      return this;
    }
    String[] lines = text.strip().replace("*/", "*&#47;").split("\\R", -1);
    if (lines.length == 1) {
      return line("/** " + lines[0].strip() + " */");
    }
    line("/**");
    for (String l : lines) {
      line(l.isBlank() ? " *" : " * " + l.stripTrailing());
    }
    return line(" */");
  }

  private void flushBlank() {
    if (pendingBlank) {
      out.append('\n');
      pendingBlank = false;
    }
  }

  private boolean endsWithOpenBrace() {
    int end = out.length() - 1; // the last character is '\n'
    return end > 0 && out.charAt(end - 1) == '{';
  }

  @Override
  public String toString() {
    return out.toString();
  }
}
