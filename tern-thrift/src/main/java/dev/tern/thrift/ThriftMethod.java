package dev.tern.thrift;

/**
 * Describes one service method for the runtime: its names, whether it is oneway, and the codecs
 * of its generated args and result structs. Generated service classes declare one constant per
 * method; clients and servers need nothing else to put the call on the wire.
 *
 * @param <A> the generated args struct
 * @param <R> the generated result struct (success value and declared exceptions); for oneway
 *     methods {@code Void} and {@code resultCodec} is null
 */
public record ThriftMethod<A, R>(
    String serviceName, String name, boolean oneway, ThriftCodec<A> argsCodec, ThriftCodec<R> resultCodec) {

  public static <A, R> ThriftMethod<A, R> of(
      String serviceName, String name, ThriftCodec<A> argsCodec, ThriftCodec<R> resultCodec) {
    return new ThriftMethod<>(serviceName, name, false, argsCodec, resultCodec);
  }

  public static <A> ThriftMethod<A, Void> oneway(String serviceName, String name, ThriftCodec<A> argsCodec) {
    return new ThriftMethod<>(serviceName, name, true, argsCodec, null);
  }
}
