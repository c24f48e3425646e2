package dev.tern.grpc.internal;

import dev.tern.core.BizStatusException;
import dev.tern.core.RemoteException;
import dev.tern.core.RpcTimeoutException;
import dev.tern.core.TransportException;
import dev.tern.grpc.GrpcStatus;
import dev.tern.grpc.GrpcStatusException;
import dev.tern.grpc.Metadata;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** How a server turns a handler's failure into the status (and extra trailers) the client gets. */
final class ServerErrors {

  /** A status with the trailers that go with it. */
  record Reply(GrpcStatus status, Metadata trailers, boolean unexpected) {}

  private ServerErrors() {}

  static Throwable unwrap(Throwable t) {
    while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  /**
   * GrpcStatusException: its status and trailers. BizStatusException: INTERNAL with the business
   * message, the code in {@code biz-status} and the extra values as JSON in {@code biz-extra}, as
   * Kitex's gRPC transport sends them. A Thrift-style RemoteException (from a limiter, or a
   * downstream Thrift call): UNIMPLEMENTED for unknown methods, RESOURCE_EXHAUSTED for overload
   * rejections, INTERNAL otherwise. Timeouts: DEADLINE_EXCEEDED; transport failures: UNAVAILABLE;
   * anything else UNKNOWN with the exception's class and message (never its stack trace).
   */
  static Reply toReply(Throwable error) {
    Throwable t = unwrap(error);
    return switch (t) {
      case GrpcStatusException g -> new Reply(g.status(), g.trailers(), false);
      case BizStatusException b -> {
        Metadata m = new Metadata().add(Wire.BIZ_STATUS, Integer.toString(b.statusCode()));
        if (!b.extra().isEmpty()) m.add(Wire.BIZ_EXTRA, FlatJson.write(b.extra()));
        yield new Reply(status(GrpcStatus.Code.INTERNAL, b.getMessage()), m, false);
      }
      case RemoteException r -> {
        String msg = r.remoteMessage();
        if (r.code() == RemoteException.UNKNOWN_METHOD) {
          yield new Reply(status(GrpcStatus.Code.UNIMPLEMENTED, msg), null, false);
        }
        if (msg != null && msg.startsWith(GrpcStatusException.OVERLOADED_PREFIX)) {
          yield new Reply(status(GrpcStatus.Code.RESOURCE_EXHAUSTED, msg), null, false);
        }
        yield new Reply(status(GrpcStatus.Code.INTERNAL, msg), null, false);
      }
      case RpcTimeoutException e -> new Reply(status(GrpcStatus.Code.DEADLINE_EXCEEDED, e.getMessage()), null, false);
      case TransportException e -> new Reply(status(GrpcStatus.Code.UNAVAILABLE, e.getMessage()), null, false);
      case CancellationException e -> new Reply(status(GrpcStatus.Code.CANCELLED, e.getMessage()), null, false);
      default -> new Reply(status(GrpcStatus.Code.UNKNOWN, t.toString()), null, true);
    };
  }

  private static GrpcStatus status(GrpcStatus.Code code, String description) {
    return GrpcStatus.of(code).withDescription(description);
  }

  /** The business status carried by trailers, or null. */
  static BizStatusException bizStatus(GrpcStatus status, Metadata trailers) {
    String code = trailers.get(Wire.BIZ_STATUS);
    if (code == null) return null;
    int value;
    try {
      value = Integer.parseInt(code.trim());
    } catch (NumberFormatException e) {
      return null;
    }
    String extra = trailers.get(Wire.BIZ_EXTRA);
    Map<String, String> map = Map.of();
    if (extra != null) {
      try {
        map = FlatJson.read(extra);
      } catch (IllegalArgumentException e) {
        map = Map.of();
      }
    }
    return new BizStatusException(value, status.description() == null ? "" : status.description(), map);
  }
}
