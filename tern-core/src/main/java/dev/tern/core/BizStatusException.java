package dev.tern.core;

import java.util.Map;

/**
 * A business status answered by the handler: a code, a message and optional extra values, carried
 * outside the payload (TTHeader string info keys {@code biz-status}, {@code biz-message},
 * {@code biz-extra}, as Kitex does). Throw it from a handler; the caller receives it unchanged.
 */
public class BizStatusException extends RpcException {

  private final int statusCode;
  private final Map<String, String> extra;

  public BizStatusException(int statusCode, String message) {
    this(statusCode, message, Map.of());
  }

  public BizStatusException(int statusCode, String message, Map<String, String> extra) {
    super(message);
    this.statusCode = statusCode;
    this.extra = Map.copyOf(extra);
  }

  public int statusCode() {
    return statusCode;
  }

  public Map<String, String> extra() {
    return extra;
  }

  @Override
  public String toString() {
    return "BizStatusException{code=" + statusCode + ", message=" + getMessage() + ", extra=" + extra + '}';
  }
}
