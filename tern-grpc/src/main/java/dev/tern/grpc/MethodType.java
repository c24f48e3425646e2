package dev.tern.grpc;

/** The four kinds of gRPC method, named after who streams. */
public enum MethodType {
  /** One request, one response. */
  UNARY,
  /** A stream of requests, one response. */
  CLIENT_STREAMING,
  /** One request, a stream of responses. */
  SERVER_STREAMING,
  /** Streams both ways, independent of each other. */
  BIDI_STREAMING;

  /** Whether the client may send more than one message. */
  public boolean clientStreams() {
    return this == CLIENT_STREAMING || this == BIDI_STREAMING;
  }

  /** Whether the server may send more than one message. */
  public boolean serverStreams() {
    return this == SERVER_STREAMING || this == BIDI_STREAMING;
  }
}
