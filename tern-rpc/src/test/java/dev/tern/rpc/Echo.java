package dev.tern.rpc;

import dev.tern.core.BizStatusException;
import dev.tern.core.CallContext;
import dev.tern.core.DeclaredException;
import dev.tern.thrift.TType;
import dev.tern.thrift.ThriftCodec;
import dev.tern.thrift.ThriftMethod;
import dev.tern.thrift.ThriftReader;
import dev.tern.thrift.ThriftServiceDefinition;
import dev.tern.thrift.ThriftStruct;
import dev.tern.thrift.ThriftWriter;
import java.util.Map;
import java.util.Queue;

/**
 * A hand-written stand-in for generated code of
 *
 * <pre>
 * exception EchoError { 1: string reason }
 * service Echo {
 *   string echo(1: string message)
 *   string fail(1: string message) throws (1: EchoError error)
 *   oneway void notify(1: string message)
 * }
 * </pre>
 *
 * plus a handler driven by the message text, so tests can ask the server for a behaviour.
 */
final class Echo {
  private Echo() {}

  static final String SERVICE = "Echo";
  static final ThriftMethod<Args, Result> ECHO = echo(SERVICE);
  static final ThriftMethod<Args, Result> FAIL = ThriftMethod.of(SERVICE, "fail", Args.CODEC, Result.CODEC);
  static final ThriftMethod<Args, Void> NOTIFY = ThriftMethod.oneway(SERVICE, "notify", Args.CODEC);

  /** An {@code echo} method of another service with the same shape. */
  static ThriftMethod<Args, Result> echo(String service) {
    return method(service, "echo");
  }

  static ThriftMethod<Args, Result> method(String service, String name) {
    return ThriftMethod.of(service, name, Args.CODEC, Result.CODEC);
  }

  static Args args(String message) {
    return new Args(message);
  }

  /**
   * The Echo service. {@code echo} answers its message, except: {@code "sleep:N"} sleeps N ms; {@code "block"} waits
   * for {@link #gate};
   * {@code "boom"} throws an undeclared exception; {@code "biz"} answers a business status;
   * {@code "context"} describes the call's context and thread; {@code "peer"} and {@code "local"}
   * answer the connection's remote and local address. {@code fail} answers its declared
   * exception; {@code notify} adds the message to {@code notified}.
   */
  static ThriftServiceDefinition service(Queue<String> notified) {
    return ThriftServiceDefinition.builder(SERVICE)
        .blocking(ECHO, a -> Result.ok(behave(a.message())))
        .blocking(FAIL, a -> Result.error(new EchoError(a.message())))
        .blocking(NOTIFY, a -> {
          notified.add(a.message());
          return null;
        })
        .build();
  }

  /** What a {@code "block"} call waits on: tests open it, so a drain test never races a timer. */
  static volatile java.util.concurrent.CountDownLatch gate = new java.util.concurrent.CountDownLatch(0);

  static String behave(String message) throws InterruptedException {
    if (message.equals("block")) {
      if (!gate.await(10, java.util.concurrent.TimeUnit.SECONDS)) throw new IllegalStateException("the gate was never opened");
      return "opened";
    }
    if (message.startsWith("sleep:")) {
      Thread.sleep(Long.parseLong(message.substring(6)));
      return "slept";
    }
    return switch (message) {
      case "boom" -> throw new IllegalStateException("boom");
      case "biz" -> throw new BizStatusException(1001, "quota exceeded", Map.of("quota", "0", "note", "a \"quoted\" value"));
      case "context" -> describe(CallContext.current());
      case "peer" -> String.valueOf(CallContext.current().remoteAddress());
      case "local" -> String.valueOf(CallContext.current().localAddress());
      default -> message;
    };
  }

  static String describe(CallContext ctx) {
    return ctx.service() + "." + ctx.method() + " caller=" + ctx.callerService() + " deadline=" + ctx.hasDeadline()
        + " virtual=" + Thread.currentThread().isVirtual();
  }

  /** {@code struct { 1: string message }} */
  record Args(String message) implements ThriftStruct {
    static final ThriftCodec<Args> CODEC = new ThriftCodec<>() {
      @Override
      public void write(Args value, ThriftWriter out) {
        value.write(out);
      }

      @Override
      public Args read(ThriftReader in) {
        String message = null;
        in.readStructBegin();
        while (true) {
          int field = in.readFieldBegin();
          byte type = ThriftReader.fieldType(field);
          if (type == TType.STOP) break;
          if (ThriftReader.fieldId(field) == 1 && type == TType.STRING) message = in.readString();
          else in.skip(type);
          in.readFieldEnd();
        }
        in.readStructEnd();
        return new Args(message);
      }
    };

    @Override
    public void write(ThriftWriter out) {
      out.writeStructBegin("Args");
      if (message != null) {
        out.writeFieldBegin(TType.STRING, (short) 1);
        out.writeString(message);
        out.writeFieldEnd();
      }
      out.writeFieldStop();
      out.writeStructEnd();
    }
  }

  /** {@code struct { 0: string success, 1: EchoError error }} */
  record Result(String success, EchoError error) implements ThriftStruct {
    static Result ok(String s) {
      return new Result(s, null);
    }

    static Result error(EchoError e) {
      return new Result(null, e);
    }

    static final ThriftCodec<Result> CODEC = new ThriftCodec<>() {
      @Override
      public void write(Result value, ThriftWriter out) {
        value.write(out);
      }

      @Override
      public Result read(ThriftReader in) {
        String success = null;
        EchoError error = null;
        in.readStructBegin();
        while (true) {
          int field = in.readFieldBegin();
          byte type = ThriftReader.fieldType(field);
          if (type == TType.STOP) break;
          short id = ThriftReader.fieldId(field);
          if (id == 0 && type == TType.STRING) success = in.readString();
          else if (id == 1 && type == TType.STRUCT) error = EchoError.CODEC.read(in);
          else in.skip(type);
          in.readFieldEnd();
        }
        in.readStructEnd();
        return new Result(success, error);
      }
    };

    @Override
    public void write(ThriftWriter out) {
      out.writeStructBegin("Result");
      if (success != null) {
        out.writeFieldBegin(TType.STRING, (short) 0);
        out.writeString(success);
        out.writeFieldEnd();
      }
      if (error != null) {
        out.writeFieldBegin(TType.STRUCT, (short) 1);
        error.write(out);
        out.writeFieldEnd();
      }
      out.writeFieldStop();
      out.writeStructEnd();
    }
  }

  /** {@code exception EchoError { 1: string reason }} */
  static final class EchoError extends DeclaredException implements ThriftStruct {
    static final ThriftCodec<EchoError> CODEC = new ThriftCodec<>() {
      @Override
      public void write(EchoError value, ThriftWriter out) {
        value.write(out);
      }

      @Override
      public EchoError read(ThriftReader in) {
        String reason = null;
        in.readStructBegin();
        while (true) {
          int field = in.readFieldBegin();
          byte type = ThriftReader.fieldType(field);
          if (type == TType.STOP) break;
          if (ThriftReader.fieldId(field) == 1 && type == TType.STRING) reason = in.readString();
          else in.skip(type);
          in.readFieldEnd();
        }
        in.readStructEnd();
        return new EchoError(reason);
      }
    };

    private final String reason;

    EchoError(String reason) {
      super(reason);
      this.reason = reason;
    }

    String reason() {
      return reason;
    }

    @Override
    public void write(ThriftWriter out) {
      out.writeStructBegin("EchoError");
      if (reason != null) {
        out.writeFieldBegin(TType.STRING, (short) 1);
        out.writeString(reason);
        out.writeFieldEnd();
      }
      out.writeFieldStop();
      out.writeStructEnd();
    }
  }
}
