package dev.tern.codegen;

import dev.tern.core.RemoteException;
import dev.tern.thrift.ThriftCaller;
import dev.tern.thrift.ThriftCodec;
import dev.tern.thrift.ThriftLimits;
import dev.tern.thrift.ThriftMethod;
import dev.tern.thrift.ThriftProtocol;
import dev.tern.thrift.ThriftProtocols;
import dev.tern.thrift.ThriftServiceDefinition;
import dev.tern.thrift.ThriftServiceDefinition.MethodHandler;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A ThriftCaller that serves calls from a {@link ThriftServiceDefinition} in memory, the way a
 * server would: args and results are encoded and decoded with the protocol in between, a
 * handler's undeclared failure becomes a {@link RemoteException} INTERNAL_ERROR.
 */
public final class InMemoryCaller implements ThriftCaller {
  private final ThriftServiceDefinition service;
  private final ThriftProtocol protocol;
  /** Names of the methods called, in order (oneway ones included). */
  public final List<String> calls = new CopyOnWriteArrayList<>();

  public InMemoryCaller(ThriftServiceDefinition service, ThriftProtocol protocol) {
    this.service = service;
    this.protocol = protocol;
  }

  @Override
  public <A, R> R call(ThriftMethod<A, R> method, A args) {
    try {
      return callAsync(method, args).join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw e;
    }
  }

  @Override
  @SuppressWarnings("unchecked")
  public <A, R> CompletableFuture<R> callAsync(ThriftMethod<A, R> method, A args) {
    calls.add(method.name());
    MethodHandler<Object, Object> handler = (MethodHandler<Object, Object>) service.method(method.name());
    if (handler == null) {
      return CompletableFuture.failedFuture(
          new RemoteException(RemoteException.UNKNOWN_METHOD, "unknown method " + method.name()));
    }
    Object serverArgs = transfer(args, method.argsCodec(), handler.method().argsCodec());
    CompletableFuture<Object> result;
    if (handler.isBlocking()) {
      try {
        result = CompletableFuture.completedFuture(handler.blocking().invoke(serverArgs));
      } catch (Exception e) {
        result = CompletableFuture.failedFuture(e);
      }
    } else {
      result = handler.async().invoke(serverArgs);
    }
    if (method.oneway()) {
      return result.thenApply(ignored -> null);
    }
    return result.handle((value, error) -> {
      if (error != null) {
        throw new CompletionException(new RemoteException(RemoteException.INTERNAL_ERROR, "handler failed: " + error));
      }
      return transfer(value, handler.method().resultCodec(), method.resultCodec());
    });
  }

  @SuppressWarnings("unchecked")
  private <T, U> U transfer(Object value, ThriftCodec<T> writer, ThriftCodec<U> reader) {
    ByteBuf buf = Unpooled.buffer();
    try {
      writer.write((T) value, ThriftProtocols.writer(protocol, buf));
      return reader.read(ThriftProtocols.reader(protocol, buf, ThriftLimits.DEFAULT));
    } finally {
      buf.release();
    }
  }
}
