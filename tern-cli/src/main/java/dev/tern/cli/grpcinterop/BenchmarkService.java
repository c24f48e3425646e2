package dev.tern.cli.grpcinterop;

import com.google.protobuf.ByteString;
import dev.tern.grpc.GrpcStatus;
import dev.tern.grpc.StreamReader;
import dev.tern.grpc.StreamWriter;
import io.grpc.benchmarks.proto.BenchmarkServiceRpc;
import io.grpc.testing.integration.Messages.Payload;
import io.grpc.testing.integration.Messages.PayloadType;
import io.grpc.testing.integration.Messages.SimpleRequest;
import io.grpc.testing.integration.Messages.SimpleResponse;

/**
 * {@code grpc.testing.BenchmarkService}, the service gRPC's load tools drive (grpc-java's
 * {@code qps_client}, the benchmark driver's workers), answering as grpc-java's benchmark server
 * does:
 *
 * <ul>
 *   <li>{@code UnaryCall}: one response with a payload of the request's {@code response_size}
 *       zero bytes (none when it is 0);
 *   <li>{@code StreamingCall}: ping-pong, one such response per request, until the client
 *       half-closes;
 *   <li>{@code StreamingFromClient}: one response, for the last request, once the client
 *       half-closes (FAILED_PRECONDITION when it sent none);
 *   <li>{@code StreamingFromServer}: the response to the one request, sent over and over until the
 *       client cancels;
 *   <li>{@code StreamingBothWays}: reads and drops requests while sending a fixed 100-byte
 *       response over and over, until the client cancels.
 * </ul>
 *
 * <p>{@link #shutdown()} ends the streams that would otherwise never end, with OK, so that a
 * server closing gracefully need not wait out its grace period for them.
 */
public final class BenchmarkService implements BenchmarkServiceRpc.Handler {
  /** What StreamingBothWays sends, whatever the client asks: grpc's benchmark server does the same. */
  private static final SimpleResponse BIDI_RESPONSE = response(100);

  private volatile boolean shutdown;
  /** The last response made: load tools ask for one size again and again, so it is usually the next one too. */
  private volatile SimpleResponse lastResponse = SimpleResponse.getDefaultInstance();

  @Override
  public SimpleResponse unaryCall(SimpleRequest request) {
    return respond(request);
  }

  @Override
  public void streamingCall(StreamReader<SimpleRequest> requests, StreamWriter<SimpleResponse> responses) {
    for (SimpleRequest request : requests) {
      if (shutdown) {
        return;
      }
      responses.send(respond(request));
    }
  }

  @Override
  public SimpleResponse streamingFromClient(StreamReader<SimpleRequest> requests) {
    SimpleRequest last = null;
    for (SimpleRequest request : requests) {
      if (shutdown) {
        return SimpleResponse.getDefaultInstance();
      }
      last = request;
    }
    if (last == null) {
      throw GrpcStatus.of(GrpcStatus.Code.FAILED_PRECONDITION).withDescription("never received any requests")
          .asException();
    }
    return respond(last);
  }

  /** Ends when the client cancels: {@code send} then throws CANCELLED, which ends the handler. */
  @Override
  public void streamingFromServer(SimpleRequest request, StreamWriter<SimpleResponse> responses) {
    SimpleResponse response = respond(request);
    while (!shutdown) {
      responses.send(response);
    }
  }

  @Override
  public void streamingBothWays(StreamReader<SimpleRequest> requests, StreamWriter<SimpleResponse> responses) {
    // Requests are read, so the client's sends are not held back by flow control, and dropped.
    Thread drain = Thread.ofVirtual().name("benchmark-drain").start(() -> {
      try {
        while (requests.receive() != null) {
          // dropped
        }
      } catch (RuntimeException ended) {
        // the call ended (cancelled, timed out, or completed below): nothing more to read
      }
    });
    try {
      while (!shutdown) {
        responses.send(BIDI_RESPONSE);
      }
      responses.complete(); // before the reader is woken, so that its wake-up cannot fail the call
    } finally {
      drain.interrupt();
    }
  }

  /** Ends the unbounded streams (and any stream's next request) with OK; for a server shutting down. */
  public void shutdown() {
    shutdown = true;
  }

  private SimpleResponse respond(SimpleRequest request) {
    int size = request.getResponseSize();
    if (size <= 0) {
      return SimpleResponse.getDefaultInstance();
    }
    if (request.getResponseType() != PayloadType.COMPRESSABLE) {
      throw GrpcStatus.of(GrpcStatus.Code.INTERNAL)
          .withDescription("unsupported payload type " + request.getResponseTypeValue()).asException();
    }
    SimpleResponse last = lastResponse;
    if (last.getPayload().getBody().size() == size) {
      return last;
    }
    SimpleResponse made = response(size);
    lastResponse = made;
    return made;
  }

  private static SimpleResponse response(int size) {
    return SimpleResponse.newBuilder()
        .setPayload(Payload.newBuilder().setType(PayloadType.COMPRESSABLE).setBody(ByteString.copyFrom(new byte[size])))
        .build();
  }
}
