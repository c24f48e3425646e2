package dev.tern.grpc;

/**
 * The client side of a bidirectional call: send and receive independently (typically from two
 * threads, or alternating in one for ping-pong). {@link #complete()} half-closes.
 */
public interface BidiStreamingCall<Req, Resp> extends StreamWriter<Req>, StreamReader<Resp>, ClientCall {}
