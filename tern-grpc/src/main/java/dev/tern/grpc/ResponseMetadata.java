package dev.tern.grpc;

/**
 * Receives the response headers and trailers of calls made with
 * {@link GrpcCallOptions#capturing(ResponseMetadata)}. The runtime adds to the two {@link Metadata}
 * objects as they arrive; read them once the call has completed (or failed). Share one holder
 * between concurrent calls only if their metadata may mix.
 */
public final class ResponseMetadata {

  private final Metadata headers = new Metadata();
  private final Metadata trailers = new Metadata();

  public ResponseMetadata() {}

  /** The custom metadata of the response headers. */
  public Metadata headers() {
    return headers;
  }

  /** The custom metadata of the trailers (without grpc-status and grpc-message). */
  public Metadata trailers() {
    return trailers;
  }

  @Override
  public String toString() {
    return "ResponseMetadata{headers=" + headers + ", trailers=" + trailers + '}';
  }
}
