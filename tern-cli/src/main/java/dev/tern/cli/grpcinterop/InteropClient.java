package dev.tern.cli.grpcinterop;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import dev.tern.grpc.BidiStreamingCall;
import dev.tern.grpc.ClientStreamingCall;
import dev.tern.grpc.FlowControlledObserver;
import dev.tern.grpc.GrpcCallOptions;
import dev.tern.grpc.GrpcClient;
import dev.tern.grpc.GrpcStatus;
import dev.tern.grpc.Metadata;
import dev.tern.grpc.ResponseMetadata;
import dev.tern.grpc.StreamObserver;
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
import io.grpc.testing.integration.UnimplementedServiceRpc;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The client side of gRPC's interop cases ({@link InteropCase}), through Tern's generated
 * {@code TestServiceRpc} stubs: the blocking {@code Client} for most cases, the
 * {@code AsyncClient} where grpc-java's own client uses observers (client and server streaming,
 * the streaming half of status_code_and_message). Each case throws {@link AssertionError} saying
 * what differed from the test description, or the call's exception.
 */
public final class InteropClient {
  /** A bound on every call (except the one whose deadline is the test), so a stuck case fails. */
  static final Duration OPERATION_TIMEOUT = Duration.ofSeconds(30);

  private static final int[] STREAM_REQUEST_SIZES = {27182, 8, 1828, 45904};
  private static final int[] STREAM_RESPONSE_SIZES = {31415, 9, 2653, 58979};
  private static final byte[] TRAILING_VALUE = {0x0a, 0x0b, 0x0a, 0x0b, 0x0a, 0x0b};
  private static final String INITIAL_VALUE = "test_initial_metadata_value";

  private final GrpcClient channel;
  private final GrpcCallOptions bounded = GrpcCallOptions.defaults().withTimeout(OPERATION_TIMEOUT);
  private final TestServiceRpc.Client blocking;
  private final TestServiceRpc.AsyncClient async;

  /** Runs cases over {@code channel}, which the caller owns. */
  public InteropClient(GrpcClient channel) {
    this.channel = Objects.requireNonNull(channel, "channel");
    this.blocking = TestServiceRpc.client(channel).with(bounded);
    this.async = TestServiceRpc.asyncClient(channel).with(bounded);
  }

  /** Runs one case; returns normally when it passed. */
  public void run(InteropCase testCase) throws Exception {
    switch (testCase) {
      case EMPTY_UNARY -> emptyUnary();
      case LARGE_UNARY -> largeUnary();
      case CLIENT_STREAMING -> clientStreaming();
      case SERVER_STREAMING -> serverStreaming();
      case PING_PONG -> pingPong();
      case EMPTY_STREAM -> emptyStream();
      case CANCEL_AFTER_BEGIN -> cancelAfterBegin();
      case CANCEL_AFTER_FIRST_RESPONSE -> cancelAfterFirstResponse();
      case TIMEOUT_ON_SLEEPING_SERVER -> timeoutOnSleepingServer();
      case CUSTOM_METADATA -> customMetadata();
      case STATUS_CODE_AND_MESSAGE -> statusCodeAndMessage();
      case SPECIAL_STATUS_MESSAGE -> specialStatusMessage();
      case UNIMPLEMENTED_METHOD -> unimplementedMethod();
      case UNIMPLEMENTED_SERVICE -> unimplementedService();
    }
  }

  private void emptyUnary() {
    Empty response = blocking.emptyCall(Empty.getDefaultInstance());
    check(Empty.getDefaultInstance().equals(response), () -> "an empty response, got " + describe(response));
  }

  private void largeUnary() {
    SimpleResponse response = blocking.unaryCall(largeRequest());
    check(response.equals(largeResponse()), () -> "a 314159-byte payload, got " + describe(response));
  }

  private void clientStreaming() throws Exception {
    CompletableFuture<StreamingInputCallResponse> response = new CompletableFuture<>();
    FlowControlledObserver<StreamingInputCallRequest> requests = async.streamingInputCall(into(response));
    for (int size : STREAM_REQUEST_SIZES) {
      requests.onNext(StreamingInputCallRequest.newBuilder().setPayload(zeros(size)).build());
    }
    requests.onCompleted();
    int total = await(response).getAggregatedPayloadSize();
    check(total == 74922, () -> "aggregated_payload_size 74922, got " + total);
  }

  private void serverStreaming() throws Exception {
    StreamingOutputCallRequest.Builder request = StreamingOutputCallRequest.newBuilder();
    for (int size : STREAM_RESPONSE_SIZES) {
      request.addResponseParameters(ResponseParameters.newBuilder().setSize(size));
    }
    CompletableFuture<List<StreamingOutputCallResponse>> responses = new CompletableFuture<>();
    List<StreamingOutputCallResponse> received = new ArrayList<>();
    async.streamingOutputCall(request.build(), new StreamObserver<>() {
      @Override
      public void onNext(StreamingOutputCallResponse value) {
        received.add(value);
      }

      @Override
      public void onError(Throwable error) {
        responses.completeExceptionally(error);
      }

      @Override
      public void onCompleted() {
        responses.complete(received);
      }
    });
    checkSizes(await(responses), STREAM_RESPONSE_SIZES);
  }

  private void pingPong() {
    BidiStreamingCall<StreamingOutputCallRequest, StreamingOutputCallResponse> call = blocking.fullDuplexCall();
    for (int i = 0; i < STREAM_REQUEST_SIZES.length; i++) {
      int size = STREAM_RESPONSE_SIZES[i];
      call.send(streamingRequest(size, STREAM_REQUEST_SIZES[i]));
      StreamingOutputCallResponse response = call.receive();
      check(streamingResponse(size).equals(response), () -> "a " + size + "-byte response, got " + describe(response));
    }
    call.complete();
    check(call.receive() == null, () -> "the end of the stream after four responses");
  }

  private void emptyStream() {
    BidiStreamingCall<StreamingOutputCallRequest, StreamingOutputCallResponse> call = blocking.fullDuplexCall();
    call.complete();
    StreamingOutputCallResponse response = call.receive();
    check(response == null, () -> "no responses, got " + describe(response));
  }

  private void cancelAfterBegin() throws Exception {
    ClientStreamingCall<StreamingInputCallRequest, StreamingInputCallResponse> call = blocking.streamingInputCall();
    call.cancel("cancel_after_begin");
    expectStatus(GrpcStatus.Code.CANCELLED, null, () -> await(call.response()));
  }

  private void cancelAfterFirstResponse() {
    BidiStreamingCall<StreamingOutputCallRequest, StreamingOutputCallResponse> call = blocking.fullDuplexCall();
    call.send(streamingRequest(31415, 27182));
    StreamingOutputCallResponse first = call.receive();
    check(streamingResponse(31415).equals(first), () -> "a 31415-byte response, got " + describe(first));
    call.cancel("cancel_after_first_response");
    expectStatus(GrpcStatus.Code.CANCELLED, null, call::receive);
  }

  private void timeoutOnSleepingServer() {
    BidiStreamingCall<StreamingOutputCallRequest, StreamingOutputCallResponse> call =
        TestServiceRpc.client(channel).with(GrpcCallOptions.defaults().withTimeout(Duration.ofMillis(1)))
            .fullDuplexCall();
    try {
      call.send(StreamingOutputCallRequest.newBuilder().setPayload(zeros(27182)).build());
    } catch (RuntimeException e) {
      // The deadline may have passed already; the status is checked below either way.
    }
    expectStatus(GrpcStatus.Code.DEADLINE_EXCEEDED, null, call::receive);
  }

  private void customMetadata() {
    Metadata echo = new Metadata().add(InteropTestService.ECHO_INITIAL, INITIAL_VALUE)
        .addBinary(InteropTestService.ECHO_TRAILING, TRAILING_VALUE);
    ResponseMetadata unary = new ResponseMetadata();
    SimpleResponse response = TestServiceRpc.client(channel).with(bounded.withHeaders(echo).capturing(unary))
        .unaryCall(largeRequest());
    check(response.equals(largeResponse()), () -> "unary: a 314159-byte payload, got " + describe(response));
    checkEchoed("unary", unary.headers(), unary.trailers());

    BidiStreamingCall<StreamingOutputCallRequest, StreamingOutputCallResponse> call =
        TestServiceRpc.client(channel).with(bounded.withHeaders(echo)).fullDuplexCall();
    call.send(streamingRequest(314159, 271828));
    call.complete();
    StreamingOutputCallResponse first = call.receive();
    check(streamingResponse(314159).equals(first), () -> "streaming: a 314159-byte payload, got " + describe(first));
    check(call.receive() == null, () -> "streaming: the end of the stream after one response");
    checkEchoed("streaming", call.headers(), call.trailers());
  }

  private static void checkEchoed(String what, Metadata headers, Metadata trailers) {
    check(INITIAL_VALUE.equals(headers.get(InteropTestService.ECHO_INITIAL)), () ->
        what + ": " + InteropTestService.ECHO_INITIAL + " echoed in the response headers, got " + headers);
    check(Arrays.equals(TRAILING_VALUE, trailers.getBinary(InteropTestService.ECHO_TRAILING)), () ->
        what + ": " + InteropTestService.ECHO_TRAILING + " echoed in the trailers, got " + trailers);
  }

  private void statusCodeAndMessage() throws Exception {
    String message = "test status message";
    EchoStatus status = EchoStatus.newBuilder().setCode(2).setMessage(message).build();
    expectStatus(GrpcStatus.Code.UNKNOWN, message,
        () -> blocking.unaryCall(SimpleRequest.newBuilder().setResponseStatus(status).build()));

    CompletableFuture<StreamingOutputCallResponse> end = new CompletableFuture<>();
    FlowControlledObserver<StreamingOutputCallRequest> requests = async.fullDuplexCall(into(end));
    requests.onNext(StreamingOutputCallRequest.newBuilder().setResponseStatus(status).build());
    requests.onCompleted();
    expectStatus(GrpcStatus.Code.UNKNOWN, message, () -> await(end));
  }

  private void specialStatusMessage() {
    String message = "\t\ntest with whitespace\r\nand Unicode BMP \u263a and non-BMP \ud83d\ude08\t\n";
    EchoStatus status = EchoStatus.newBuilder().setCode(2).setMessage(message).build();
    expectStatus(GrpcStatus.Code.UNKNOWN, message,
        () -> blocking.unaryCall(SimpleRequest.newBuilder().setResponseStatus(status).build()));
  }

  private void unimplementedMethod() {
    expectStatus(GrpcStatus.Code.UNIMPLEMENTED, null, () -> blocking.unimplementedCall(Empty.getDefaultInstance()));
  }

  private void unimplementedService() {
    UnimplementedServiceRpc.Client other = UnimplementedServiceRpc.client(channel).with(bounded);
    expectStatus(GrpcStatus.Code.UNIMPLEMENTED, null, () -> other.unimplementedCall(Empty.getDefaultInstance()));
  }

  // Requests, responses and checks.

  private static SimpleRequest largeRequest() {
    return SimpleRequest.newBuilder().setResponseSize(314159).setPayload(zeros(271828)).build();
  }

  private static SimpleResponse largeResponse() {
    return SimpleResponse.newBuilder().setPayload(zeros(314159)).build();
  }

  private static StreamingOutputCallRequest streamingRequest(int responseSize, int payloadSize) {
    return StreamingOutputCallRequest.newBuilder()
        .addResponseParameters(ResponseParameters.newBuilder().setSize(responseSize))
        .setPayload(zeros(payloadSize))
        .build();
  }

  private static StreamingOutputCallResponse streamingResponse(int size) {
    return StreamingOutputCallResponse.newBuilder().setPayload(zeros(size)).build();
  }

  private static Payload zeros(int size) {
    return Payload.newBuilder().setBody(ByteString.copyFrom(new byte[size])).build();
  }

  private static void checkSizes(List<StreamingOutputCallResponse> responses, int[] sizes) {
    int[] actual = responses.stream().mapToInt(r -> r.getPayload().getBody().size()).toArray();
    check(Arrays.equals(actual, sizes), () -> "responses of " + Arrays.toString(sizes) + " bytes, got "
        + Arrays.toString(actual));
    for (int i = 0; i < sizes.length; i++) {
      StreamingOutputCallResponse response = responses.get(i);
      check(response.equals(streamingResponse(sizes[i])), () -> "zeros only, got " + describe(response));
    }
  }

  /** A response observer that completes {@code future} with the last response, or the error. */
  private static <T> StreamObserver<T> into(CompletableFuture<T> future) {
    return new StreamObserver<>() {
      private T last;

      @Override
      public void onNext(T value) {
        last = value;
      }

      @Override
      public void onError(Throwable error) {
        future.completeExceptionally(error);
      }

      @Override
      public void onCompleted() {
        future.complete(last);
      }
    };
  }

  private static <T> T await(CompletableFuture<T> future) throws Exception {
    try {
      return future.get(OPERATION_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    } catch (TimeoutException e) {
      throw new AssertionError("no answer within " + OPERATION_TIMEOUT);
    }
  }

  @FunctionalInterface
  private interface Call {
    Object run() throws Exception;
  }

  /** The call must fail with {@code code} (and {@code description}, unless null). */
  private static void expectStatus(GrpcStatus.Code code, String description, Call call) {
    Object result;
    try {
      result = call.run();
    } catch (AssertionError e) {
      throw e;
    } catch (Exception e) {
      GrpcStatus status = GrpcStatus.fromThrowable(e);
      if (status.code() != code) {
        throw new AssertionError("expected status " + code + ", got " + status.code() + " (" + e + ")", e);
      }
      if (description != null && !description.equals(status.description())) {
        throw new AssertionError("expected status message " + quote(description) + ", got "
            + quote(status.description()), e);
      }
      return;
    }
    throw new AssertionError("expected status " + code + ", but the call succeeded with " + describe(result));
  }

  private static void check(boolean condition, Supplier<String> expectation) {
    if (!condition) {
      throw new AssertionError("expected " + expectation.get());
    }
  }

  /** A short description of a response: payloads are summarised by their size, not printed. */
  private static String describe(Object response) {
    return switch (response) {
      case null -> "nothing";
      case SimpleResponse r -> "a response with " + describe(r.getPayload());
      case StreamingOutputCallResponse r -> "a response with " + describe(r.getPayload());
      case Payload p -> "a " + p.getBody().size() + "-byte payload"
          + (p.getBody().equals(ByteString.copyFrom(new byte[p.getBody().size()])) ? " of zeros" : " (not zeros)");
      case Message m -> "a " + m.getDescriptorForType().getName() + " of " + m.getSerializedSize() + " bytes";
      default -> response.toString();
    };
  }

  private static String quote(String s) {
    return s == null ? "null" : '"' + s.replace("\t", "\\t").replace("\r", "\\r").replace("\n", "\\n") + '"';
  }
}
