package dev.tern.thrift;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A service's methods bound to a handler, ready to register on a server. Built by generated
 * code ({@code Calculator.service(impl)}); a server can host several.
 */
public final class ThriftServiceDefinition {

  /** A handler method written in blocking style; runs on a virtual thread by default. */
  @FunctionalInterface
  public interface BlockingInvoker<A, R> {
    /** Returns the result struct; declared exceptions are already stored in it by generated code. */
    R invoke(A args) throws Exception;
  }

  /** A non-blocking handler method; runs on the event loop and must not block. */
  @FunctionalInterface
  public interface AsyncInvoker<A, R> {
    CompletableFuture<R> invoke(A args);
  }

  /** One method with its handler: exactly one of {@code blocking} and {@code async} is set. */
  public record MethodHandler<A, R>(ThriftMethod<A, R> method, BlockingInvoker<A, R> blocking, AsyncInvoker<A, R> async) {
    public boolean isBlocking() {
      return blocking != null;
    }
  }

  private final String serviceName;
  private final Map<String, MethodHandler<?, ?>> methods;

  private ThriftServiceDefinition(String serviceName, Map<String, MethodHandler<?, ?>> methods) {
    this.serviceName = serviceName;
    this.methods = Map.copyOf(methods);
  }

  public static Builder builder(String serviceName) {
    return new Builder(serviceName);
  }

  public String serviceName() {
    return serviceName;
  }

  /** The handler for a method name, or null. */
  public MethodHandler<?, ?> method(String name) {
    return methods.get(name);
  }

  public Collection<MethodHandler<?, ?>> methods() {
    return methods.values();
  }

  /** Collects method handlers; later registrations of a name replace earlier ones. */
  public static final class Builder {
    private final String serviceName;
    private final Map<String, MethodHandler<?, ?>> methods = new LinkedHashMap<>();

    private Builder(String serviceName) {
      this.serviceName = serviceName;
    }

    public <A, R> Builder blocking(ThriftMethod<A, R> method, BlockingInvoker<A, R> invoker) {
      methods.put(method.name(), new MethodHandler<>(method, invoker, null));
      return this;
    }

    public <A, R> Builder async(ThriftMethod<A, R> method, AsyncInvoker<A, R> invoker) {
      methods.put(method.name(), new MethodHandler<>(method, null, invoker));
      return this;
    }

    public ThriftServiceDefinition build() {
      return new ThriftServiceDefinition(serviceName, methods);
    }
  }
}
