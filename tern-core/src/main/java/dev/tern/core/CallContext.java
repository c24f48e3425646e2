package dev.tern.core;

import java.net.SocketAddress;
import java.time.Duration;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Everything Tern knows about one call: who calls whom, the deadline, metainfo, attributes that
 * middleware attach, timestamps, and the error if the call failed.
 *
 * <p>One instance per call, created by the client stub or the server transport. It is mutable
 * and not thread-safe: at any moment one thread works on a call (the caller, then the event loop,
 * then the handler), each handing it to the next with a happens-before edge.
 *
 * <p>On the server, the context of the call being handled is {@linkplain #current() current} on the
 * handler's thread, so a downstream call made from the handler inherits its persistent metainfo and
 * its remaining deadline.
 */
public final class CallContext {

  /** Which side of the call this context describes. */
  public enum Role { CLIENT, SERVER }

  private static final ThreadLocal<CallContext> CURRENT = new ThreadLocal<>();

  private final Role role;
  private String service;
  private String method;
  private String callerService;
  private SocketAddress remoteAddress;
  private SocketAddress localAddress;
  private boolean oneway;
  private long deadlineNanos; // System.nanoTime() based; 0 = none
  private final Metainfo metainfo;
  private Map<AttributeKey<?>, Object> attributes;
  private final long startNanos = System.nanoTime();
  private long endNanos;
  private Throwable error;

  public CallContext(Role role, String service, String method) {
    this(role, service, method, new Metainfo());
  }

  public CallContext(Role role, String service, String method, Metainfo metainfo) {
    this.role = role;
    this.service = service;
    this.method = method;
    this.metainfo = metainfo;
  }

  /**
   * A client context for a call made from the current thread: when the thread is handling a
   * server call, persistent metainfo and the remaining deadline carry over to this call.
   */
  public static CallContext newClientCall(String service, String method) {
    CallContext parent = CURRENT.get();
    if (parent == null) return new CallContext(Role.CLIENT, service, method);
    CallContext ctx = new CallContext(Role.CLIENT, service, method, parent.metainfo.forDownstream());
    ctx.deadlineNanos = parent.deadlineNanos;
    ctx.callerService = parent.role == Role.SERVER ? parent.service : parent.callerService;
    return ctx;
  }

  /** The call being handled on this thread, or {@code null}. */
  public static CallContext current() {
    return CURRENT.get();
  }

  /** Makes this context current on this thread until the returned scope is closed. */
  public Scope makeCurrent() {
    CallContext previous = CURRENT.get();
    CURRENT.set(this);
    return () -> {
      if (previous == null) CURRENT.remove(); else CURRENT.set(previous);
    };
  }

  /** A {@link #makeCurrent()} scope; closing it restores what was current before. */
  @FunctionalInterface
  public interface Scope extends AutoCloseable {
    @Override
    void close();
  }

  public Role role() { return role; }
  public String service() { return service; }
  public String method() { return method; }
  public CallContext service(String service) { this.service = service; return this; }
  public CallContext method(String method) { this.method = method; return this; }

  /** The calling service's name where the caller sent it (TTHeader "from" service), or null. */
  public String callerService() { return callerService; }
  public CallContext callerService(String callerService) { this.callerService = callerService; return this; }

  public SocketAddress remoteAddress() { return remoteAddress; }
  public CallContext remoteAddress(SocketAddress a) { this.remoteAddress = a; return this; }
  public SocketAddress localAddress() { return localAddress; }
  public CallContext localAddress(SocketAddress a) { this.localAddress = a; return this; }

  public boolean oneway() { return oneway; }
  public CallContext oneway(boolean oneway) { this.oneway = oneway; return this; }

  public Metainfo metainfo() { return metainfo; }

  /** Deadline as a {@link System#nanoTime()} value, or 0 when the call has none. */
  public long deadlineNanos() { return deadlineNanos; }

  public boolean hasDeadline() { return deadlineNanos != 0; }

  /** Sets the deadline to {@code timeout} from now unless an earlier one is already set. */
  public CallContext timeout(Duration timeout) {
    long d = System.nanoTime() + Math.max(1, timeout.toNanos());
    if (d == 0) d = 1;
    if (deadlineNanos == 0 || d - deadlineNanos < 0) deadlineNanos = d;
    return this;
  }

  /** Nanoseconds left before the deadline (negative once passed); Long.MAX_VALUE without one. */
  public long remainingNanos() {
    return deadlineNanos == 0 ? Long.MAX_VALUE : deadlineNanos - System.nanoTime();
  }

  public boolean isExpired() {
    return deadlineNanos != 0 && deadlineNanos - System.nanoTime() <= 0;
  }

  public long startNanos() { return startNanos; }
  public long endNanos() { return endNanos; }

  /** Records the end of the call and its error, if any (null on success). */
  public void finish(Throwable error) {
    this.endNanos = System.nanoTime();
    this.error = error;
  }

  public Throwable error() { return error; }

  @SuppressWarnings("unchecked")
  public <T> T attr(AttributeKey<T> key) {
    return attributes == null ? null : (T) attributes.get(key);
  }

  public <T> CallContext attr(AttributeKey<T> key, T value) {
    if (attributes == null) attributes = new IdentityHashMap<>(4);
    attributes.put(key, value);
    return this;
  }

  @Override
  public String toString() {
    return "CallContext{" + role + ' ' + service + '.' + method + (remoteAddress == null ? "" : " peer=" + remoteAddress)
        + (deadlineNanos == 0 ? "" : " remainingMs=" + remainingNanos() / 1_000_000) + '}';
  }
}
