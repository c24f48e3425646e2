package dev.tern.cli.grpcinterop;

import com.google.protobuf.ByteString;
import dev.tern.grpc.GrpcContext;
import dev.tern.grpc.GrpcStatus;
import dev.tern.grpc.Metadata;
import dev.tern.grpc.StreamReader;
import dev.tern.grpc.StreamWriter;
import io.grpc.testing.integration.EmptyProtos.Empty;
import io.grpc.testing.integration.Messages.EchoStatus;
import io.grpc.testing.integration.Messages.Payload;
import io.grpc.testing.integration.Messages.ResponseParameters;
import io.grpc.testing.integration.Messages.SimpleRequest;
import io.grpc.testing.integration.Messages.SimpleResponse;
import io.grpc.testing.integration.Messages.StreamingInputCallRequest;
import io.grpc.testing.integration.Messages.StreamingInputCallResponse;
import io.grpc.testing.integration.Messages.StreamingOutputCallRequest;
import io.grpc.testing.integration.Messages.StreamingOutputCallResponse;
import io.grpc.testing.integration.TestServiceRpc;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code grpc.testing.TestService} as gRPC's interop test descriptions specify the server side:
 * payloads of the requested sizes, {@code response_status} echoed as the call's status,
 * {@code x-grpc-test-echo-initial} echoed in the response headers and
 * {@code x-grpc-test-echo-trailing-bin} in the trailers, {@code interval_us} observed between
 * streamed responses. {@code UnimplementedCall} is left unimplemented on purpose.
 */
public final class InteropTestService implements TestServiceRpc.Handler {
  /** The message size limit of the interop programs, as grpc-java's sets it: room for very_large_request. */
  public static final int MAX_MESSAGE_SIZE = 16 * 1024 * 1024;

  static final String ECHO_INITIAL = "x-grpc-test-echo-initial";
  static final String ECHO_TRAILING = "x-grpc-test-echo-trailing-bin";

  @Override
  public Empty emptyCall(Empty request) {
    echoMetadata();
    return Empty.getDefaultInstance();
  }

  @Override
  public SimpleResponse unaryCall(SimpleRequest request) {
    echoMetadata();
    if (request.hasResponseStatus()) {
      failWith(request.getResponseStatus());
    }
    checkPayloadType(request.getResponseTypeValue());
    SimpleResponse.Builder response = SimpleResponse.newBuilder();
    if (request.getResponseSize() > 0) {
      response.setPayload(payload(request.getResponseSize()));
    }
    return response.build();
  }

  /** The payload is the current time, so that each response differs; proxies may cache it. */
  @Override
  public SimpleResponse cacheableUnaryCall(SimpleRequest request) {
    echoMetadata();
    GrpcContext.responseHeaders().add("cache-control", "max-age=60, public");
    return SimpleResponse.newBuilder()
        .setPayload(Payload.newBuilder().setBody(ByteString.copyFromUtf8(Long.toString(System.nanoTime()))))
        .build();
  }

  @Override
  public void streamingOutputCall(StreamingOutputCallRequest request,
      StreamWriter<StreamingOutputCallResponse> responses) throws InterruptedException {
    echoMetadata();
    if (request.hasResponseStatus()) {
      failWith(request.getResponseStatus());
    }
    respond(request, responses);
  }

  @Override
  public StreamingInputCallResponse streamingInputCall(StreamReader<StreamingInputCallRequest> requests) {
    echoMetadata();
    int total = 0;
    for (StreamingInputCallRequest request : requests) {
      total += request.getPayload().getBody().size();
    }
    return StreamingInputCallResponse.newBuilder().setAggregatedPayloadSize(total).build();
  }

  @Override
  public void fullDuplexCall(StreamReader<StreamingOutputCallRequest> requests,
      StreamWriter<StreamingOutputCallResponse> responses) throws InterruptedException {
    echoMetadata();
    for (StreamingOutputCallRequest request : requests) {
      if (request.hasResponseStatus()) {
        failWith(request.getResponseStatus());
      }
      respond(request, responses);
    }
  }

  @Override
  public void halfDuplexCall(StreamReader<StreamingOutputCallRequest> requests,
      StreamWriter<StreamingOutputCallResponse> responses) throws InterruptedException {
    echoMetadata();
    List<StreamingOutputCallRequest> all = new ArrayList<>();
    requests.forEach(all::add);
    for (StreamingOutputCallRequest request : all) {
      respond(request, responses);
    }
  }

  private static void respond(StreamingOutputCallRequest request, StreamWriter<StreamingOutputCallResponse> responses)
      throws InterruptedException {
    checkPayloadType(request.getResponseTypeValue());
    for (ResponseParameters params : request.getResponseParametersList()) {
      if (params.getIntervalUs() > 0) {
        Thread.sleep(Duration.ofNanos(params.getIntervalUs() * 1_000L));
      }
      responses.send(StreamingOutputCallResponse.newBuilder().setPayload(payload(params.getSize())).build());
    }
  }

  /** Echo Metadata: what the client asks to see back, in the headers and in the trailers. */
  private static void echoMetadata() {
    Metadata headers = GrpcContext.requestHeaders();
    String initial = headers.get(ECHO_INITIAL);
    if (initial != null) {
      GrpcContext.responseHeaders().add(ECHO_INITIAL, initial);
    }
    byte[] trailing = headers.getBinary(ECHO_TRAILING);
    if (trailing != null) {
      GrpcContext.responseTrailers().addBinary(ECHO_TRAILING, trailing);
    }
  }

  /** Echo Status: end the call with the status the client asked for (a zero code means none). */
  private static void failWith(EchoStatus status) {
    if (status.getCode() != 0) {
      throw GrpcStatus.fromCode(status.getCode()).withDescription(status.getMessage()).asException();
    }
  }

  /** COMPRESSABLE (0) is the only payload type the interop protos define. */
  private static void checkPayloadType(int type) {
    if (type != 0) {
      throw GrpcStatus.of(GrpcStatus.Code.INVALID_ARGUMENT).withDescription("unsupported payload type " + type)
          .asException();
    }
  }

  /** A COMPRESSABLE payload: {@code size} zero bytes. */
  static Payload payload(int size) {
    return Payload.newBuilder().setBody(ByteString.copyFrom(new byte[size])).build();
  }
}
