package dev.tern.governance;

import dev.tern.core.AttributeKey;
import dev.tern.core.CallContext;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The decisions governance middleware took for one call, in order ("picked 127.0.0.1:9001 by
 * weighted-round-robin", "retried attempt 2 on 127.0.0.1:9002 after TransportException", "breaker
 * OPEN for instance 127.0.0.1:9001", "rejected: qps limit"), kept in the call's {@link CallContext}
 * so that logging, tracing or a test can see why a call went where it went.
 *
 * <p>Backup requests add events from more than one thread, so the list is synchronized.
 */
public final class GovernanceEvents {

  /** Where the events of a call live in its context. */
  public static final AttributeKey<GovernanceEvents> KEY = AttributeKey.of("tern.governance.events");

  private final List<String> events = Collections.synchronizedList(new ArrayList<>(4));

  private GovernanceEvents() {}

  /** The events of this call, created on first use. */
  public static GovernanceEvents of(CallContext ctx) {
    GovernanceEvents e = ctx.attr(KEY);
    if (e == null) {
      e = new GovernanceEvents();
      ctx.attr(KEY, e);
    }
    return e;
  }

  /** Records a decision. */
  public static void record(CallContext ctx, String event) {
    of(ctx).events.add(event);
  }

  /** A snapshot of the events so far. */
  public List<String> list() {
    synchronized (events) {
      return List.copyOf(events);
    }
  }

  @Override
  public String toString() {
    return list().toString();
  }
}
