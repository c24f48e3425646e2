package dev.tern.registry.zookeeper;

import dev.tern.thrift.TType;
import dev.tern.thrift.ThriftCodec;
import dev.tern.thrift.ThriftMethod;
import dev.tern.thrift.ThriftReader;
import dev.tern.thrift.ThriftServiceDefinition;
import dev.tern.thrift.ThriftWriter;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A hand-written stand-in for the generated code of
 * {@code service Hello { string hello(1: string name) }}, and a handler that answers
 * {@code "<name>@<server id>"} after an adjustable delay, counting its calls.
 */
final class Hello {
  private Hello() {}

  static final ThriftMethod<String, String> HELLO =
      ThriftMethod.of("Hello", "hello", codec("Args", (short) 1), codec("Result", (short) 0));

  /** The handler of one server. */
  static final class Handler {
    final String id;
    final AtomicLong delayMillis = new AtomicLong();
    final AtomicInteger calls = new AtomicInteger();

    Handler(String id) {
      this.id = id;
    }

    ThriftServiceDefinition definition() {
      return ThriftServiceDefinition.builder("Hello").blocking(HELLO, name -> {
        calls.incrementAndGet();
        long d = delayMillis.get();
        if (d > 0) Thread.sleep(d);
        return name + "@" + id;
      }).build();
    }
  }

  /** A struct with one string field, the shape of both the args and the result. */
  private static ThriftCodec<String> codec(String structName, short fieldId) {
    return new ThriftCodec<>() {
      @Override
      public void write(String value, ThriftWriter out) {
        out.writeStructBegin(structName);
        if (value != null) {
          out.writeFieldBegin(TType.STRING, fieldId);
          out.writeString(value);
          out.writeFieldEnd();
        }
        out.writeFieldStop();
        out.writeStructEnd();
      }

      @Override
      public String read(ThriftReader in) {
        String value = null;
        in.readStructBegin();
        while (true) {
          int field = in.readFieldBegin();
          byte type = ThriftReader.fieldType(field);
          if (type == TType.STOP) break;
          if (ThriftReader.fieldId(field) == fieldId && type == TType.STRING) value = in.readString();
          else in.skip(type);
          in.readFieldEnd();
        }
        in.readStructEnd();
        return value;
      }
    };
  }
}
