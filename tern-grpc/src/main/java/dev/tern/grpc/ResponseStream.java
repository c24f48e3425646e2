package dev.tern.grpc;

/** The client side of a server-streaming call: read responses until {@code receive()} returns null. */
public interface ResponseStream<Resp> extends StreamReader<Resp>, ClientCall {}
