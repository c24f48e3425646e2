package dev.tern.rpc.internal;

import dev.tern.core.BizStatusException;
import dev.tern.core.CallContext;
import dev.tern.core.Metainfo;
import dev.tern.thrift.transport.Framing;
import dev.tern.thrift.transport.HeaderInfo;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What Tern puts in and reads from TTHeader/THeader headers, following Kitex (kitex
 * pkg/transmeta, gopkg cloud/metainfo):
 *
 * <ul>
 *   <li>Requests: int keys TO_SERVICE, TO_METHOD, FROM_SERVICE, RPC_TIMEOUT (remaining ms) and
 *       MSG_TYPE (TTHeader only: THeader has no int keys); string key {@code isn} (IDL service
 *       name); metainfo as string keys {@code RPC_TRANSIT_k} (transient) and {@code RPC_PERSIST_k}
 *       (persistent).
 *   <li>Replies: int key MSG_TYPE; backward metainfo as plain string keys (Kitex sends them without
 *       a prefix and its client takes every reply string key as a backward value); a business
 *       status as {@code biz-status}, {@code biz-message}, {@code biz-extra} (a JSON object);
 *       {@code crrst} when the server is about to close the connection.
 * </ul>
 */
public final class HeaderMetadata {
  private HeaderMetadata() {}

  private static final Logger log = LoggerFactory.getLogger(HeaderMetadata.class);

  /** gopkg metainfo's prefix for transient values the caller itself received from upstream. */
  static final String TRANSIENT_UPSTREAM_PREFIX = "RPC_TRANSIT_UPSTREAM_";

  /** Kitex's acl token arrives as this transient key (gopkg metainfo "gdpr-token"). */
  static final String GDPR_TOKEN_KEY = "gdpr-token";

  /** The header of a request frame; null for framings without one. */
  public static HeaderInfo request(Framing framing, CallContext ctx, int seqId, byte messageType) {
    if (!framing.hasHeader()) return null;
    HeaderInfo h = new HeaderInfo().seqId(seqId);
    if (framing == Framing.TTHEADER) {
      if (ctx.service() != null) h.intHeader(HeaderInfo.TO_SERVICE, ctx.service());
      h.intHeader(HeaderInfo.TO_METHOD, ctx.method());
      if (ctx.callerService() != null) h.intHeader(HeaderInfo.FROM_SERVICE, ctx.callerService());
      if (ctx.hasDeadline()) {
        h.intHeader(HeaderInfo.RPC_TIMEOUT, Long.toString(Math.max(1, ctx.remainingNanos() / 1_000_000)));
      }
      h.intHeader(HeaderInfo.MSG_TYPE, messageTypeString(messageType));
    }
    if (ctx.service() != null) h.header(HeaderInfo.IDL_SERVICE_NAME, ctx.service());
    Metainfo m = ctx.metainfo();
    if (!m.isEmpty()) {
      m.transientValues().forEach((k, v) -> h.header(Metainfo.TRANSIENT_PREFIX + k, v));
      m.persistentValues().forEach((k, v) -> h.header(Metainfo.PERSISTENT_PREFIX + k, v));
    }
    return h;
  }

  /** Server side: the caller, deadline and metainfo of a request header, into the call's context. */
  public static void applyRequest(HeaderInfo h, CallContext ctx) {
    if (h == null) return;
    String from = h.intHeader(HeaderInfo.FROM_SERVICE);
    if (from != null && !from.isEmpty()) ctx.callerService(from);
    String timeout = h.intHeader(HeaderInfo.RPC_TIMEOUT);
    if (timeout != null) {
      try {
        long ms = Long.parseLong(timeout.strip());
        if (ms > 0) ctx.timeout(Duration.ofMillis(ms)); // <= 0 means none, as in Kitex
      } catch (NumberFormatException e) {
        log.debug("ignoring malformed rpc timeout '{}'", timeout);
      }
    }
    if (h.hasHeaders()) {
      Metainfo m = ctx.metainfo();
      h.forEachHeader((k, v) -> {
        if (v == null || v.isEmpty()) return;
        if (k.startsWith(TRANSIENT_UPSTREAM_PREFIX)) {
          putIfNamed(k, TRANSIENT_UPSTREAM_PREFIX.length(), v, m, false);
        } else if (k.startsWith(Metainfo.TRANSIENT_PREFIX)) {
          putIfNamed(k, Metainfo.TRANSIENT_PREFIX.length(), v, m, false);
        } else if (k.startsWith(Metainfo.PERSISTENT_PREFIX)) {
          putIfNamed(k, Metainfo.PERSISTENT_PREFIX.length(), v, m, true);
        }
      });
    }
    if (h.aclToken() != null && ctx.metainfo().getTransient(GDPR_TOKEN_KEY) == null) {
      ctx.metainfo().putUpstreamTransient(GDPR_TOKEN_KEY, h.aclToken());
    }
  }

  private static void putIfNamed(String key, int prefixLength, String value, Metainfo m, boolean persistent) {
    if (key.length() == prefixLength) return;
    String name = key.substring(prefixLength);
    if (persistent) m.putPersistent(name, value);
    else m.putUpstreamTransient(name, value);
  }

  /**
   * The header of a reply frame, echoing the request header's sequence id; null for framings
   * without one.
   *
   * @param ctx the call's context for its backward metainfo, or null when the call never started
   * @param biz a business status to report, or null
   * @param closing whether to ask the client not to reuse the connection
   */
  public static HeaderInfo reply(Framing framing, HeaderInfo request, byte messageType, CallContext ctx,
      BizStatusException biz, boolean closing) {
    if (!framing.hasHeader()) return null;
    HeaderInfo h = new HeaderInfo().seqId(request == null ? 0 : request.seqId());
    if (framing == Framing.TTHEADER) h.intHeader(HeaderInfo.MSG_TYPE, messageTypeString(messageType));
    if (ctx != null && !ctx.metainfo().isEmpty()) {
      ctx.metainfo().backwardValues().forEach((k, v) -> {
        if (!isReserved(k)) h.header(k, v);
      });
    }
    if (biz != null) {
      h.header(HeaderInfo.BIZ_STATUS, Integer.toString(biz.statusCode()));
      h.header(HeaderInfo.BIZ_MESSAGE, biz.getMessage() == null ? "" : biz.getMessage());
      if (!biz.extra().isEmpty()) h.header(HeaderInfo.BIZ_EXTRA, FlatJson.write(biz.extra()));
    }
    if (closing) h.header(HeaderInfo.CONNECTION_READY_TO_RESET, "1");
    return h;
  }

  /** Client side: backward metainfo of a reply header into the call's context. */
  public static void applyReply(HeaderInfo h, CallContext ctx) {
    if (h == null || !h.hasHeaders()) return;
    h.forEachHeader((k, v) -> {
      if (!isReserved(k) && !k.startsWith(Metainfo.TRANSIENT_PREFIX) && !k.startsWith(Metainfo.PERSISTENT_PREFIX)) {
        ctx.metainfo().putBackward(k, v);
      }
    });
  }

  /** The business status a reply header reports (a non-zero {@code biz-status}), or null. */
  public static BizStatusException bizStatus(HeaderInfo h) {
    String status = h == null ? null : h.header(HeaderInfo.BIZ_STATUS);
    if (status == null) return null;
    int code;
    try {
      code = Integer.parseInt(status.strip());
    } catch (NumberFormatException e) {
      log.debug("ignoring malformed biz-status '{}'", status);
      return null;
    }
    if (code == 0) return null;
    Map<String, String> extra = Map.of();
    String json = h.header(HeaderInfo.BIZ_EXTRA);
    if (json != null && !json.isEmpty()) {
      try {
        extra = FlatJson.read(json);
      } catch (IllegalArgumentException e) { // keep the status itself: it is what the caller needs
        log.debug("ignoring malformed biz-extra '{}': {}", json, e.getMessage());
      }
    }
    String message = h.header(HeaderInfo.BIZ_MESSAGE);
    return new BizStatusException(code, message == null ? "" : message, extra);
  }

  /** Whether the server asked (with {@code crrst}) that the connection not be reused. */
  public static boolean connectionResetRequested(HeaderInfo h) {
    return h != null && h.header(HeaderInfo.CONNECTION_READY_TO_RESET) != null;
  }

  // CALL, REPLY, EXCEPTION, ONEWAY as their MSG_TYPE strings: no formatting per call.
  private static final String[] MESSAGE_TYPES = {"0", "1", "2", "3", "4"};

  private static String messageTypeString(byte type) {
    return type >= 0 && type < MESSAGE_TYPES.length ? MESSAGE_TYPES[type] : Integer.toString(type);
  }

  private static boolean isReserved(String key) {
    return switch (key) {
      case HeaderInfo.BIZ_STATUS, HeaderInfo.BIZ_MESSAGE, HeaderInfo.BIZ_EXTRA, HeaderInfo.IDL_SERVICE_NAME,
          HeaderInfo.REMOTE_ADDR, HeaderInfo.CONNECTION_READY_TO_RESET -> true;
      default -> false;
    };
  }
}
