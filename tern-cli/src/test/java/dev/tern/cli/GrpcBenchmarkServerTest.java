package dev.tern.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.tern.cli.grpcinterop.BenchmarkService;
import dev.tern.grpc.BidiStreamingCall;
import dev.tern.grpc.ClientStreamingCall;
import dev.tern.grpc.GrpcClient;
import dev.tern.grpc.GrpcServer;
import dev.tern.grpc.GrpcStatus;
import dev.tern.grpc.GrpcStatusException;
import dev.tern.grpc.ResponseStream;
import io.grpc.benchmarks.proto.BenchmarkServiceRpc;
import io.grpc.testing.integration.Messages.Payload;
import io.grpc.testing.integration.Messages.SimpleRequest;
import io.grpc.testing.integration.Messages.SimpleResponse;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

/**
 * {@code grpc.testing.BenchmarkService} as {@code ./tern grpc-benchmark-server} serves it, called
 * with Tern's generated client: each method answers as grpc's benchmark server does. grpc-java's
 * {@code qps_client} against it runs in tern-interop.
 */
@Timeout(30)
class GrpcBenchmarkServerTest {
  private static GrpcServer server;
  private static GrpcClient client;
  private static BenchmarkServiceRpc.Client benchmark;

  @BeforeAll
  static void start() {
    GrpcBenchmarkServerCommand command = new GrpcBenchmarkServerCommand();
    StringWriter out = new StringWriter();
    new CommandLine(command).setOut(new PrintWriter(out)).parseArgs("--port=0");
    server = command.start();
    assertThat(out.toString()).contains("listening on port " + server.port());
    client = client(server);
    benchmark = BenchmarkServiceRpc.client(client);
  }

  @AfterAll
  static void stop() {
    if (client != null) {
      client.close();
    }
    if (server != null) {
      server.close();
    }
  }

  private static GrpcClient client(GrpcServer server) {
    return GrpcClient.builder().address("127.0.0.1:" + server.port()).rpcTimeout(Duration.ofSeconds(20)).build();
  }

  private static SimpleRequest request(int requestSize, int responseSize) {
    return SimpleRequest.newBuilder()
        .setResponseSize(responseSize)
        .setPayload(Payload.newBuilder().setBody(ByteString.copyFrom(new byte[requestSize])))
        .build();
  }

  private static int payloadSize(SimpleResponse response) {
    return response.getPayload().getBody().size();
  }

  @Test
  void unaryCallAnswersWithTheRequestedPayloadSize() {
    assertThat(benchmark.unaryCall(request(10, 0))).isEqualTo(SimpleResponse.getDefaultInstance());
    // Sizes change from call to call: each answer has the size its request asked for.
    for (int size : new int[] {1, 314159, 1, 100, 100, 0, 7}) {
      SimpleResponse response = benchmark.unaryCall(request(3, size));
      assertThat(payloadSize(response)).as("response_size %d", size).isEqualTo(size);
      assertThat(response.getPayload().getBody()).isEqualTo(ByteString.copyFrom(new byte[size]));
    }
  }

  @Test
  void unaryCallRefusesPayloadTypesItCannotMake() {
    SimpleRequest unknownType = request(0, 10).toBuilder().setResponseTypeValue(7).build();
    assertThatThrownBy(() -> benchmark.unaryCall(unknownType))
        .isInstanceOfSatisfying(GrpcStatusException.class, e -> assertThat(e.code()).isEqualTo(GrpcStatus.Code.INTERNAL));
  }

  @Test
  void streamingCallPingPongsUntilTheClientHalfCloses() {
    BidiStreamingCall<SimpleRequest, SimpleResponse> call = benchmark.streamingCall();
    for (int size : new int[] {0, 5, 1000, 5}) {
      call.send(request(8, size));
      assertThat(payloadSize(call.receive())).isEqualTo(size);
    }
    call.complete();
    assertThat(call.receive()).isNull();
    assertThat(call.trailers()).isNotNull();
  }

  @Test
  void streamingFromClientAnswersTheLastRequestOnceTheClientHalfCloses() {
    ClientStreamingCall<SimpleRequest, SimpleResponse> call = benchmark.streamingFromClient();
    call.send(request(1, 11));
    call.send(request(1, 22));
    call.send(request(1, 33));
    assertThat(payloadSize(call.completeAndReceive())).isEqualTo(33);

    ClientStreamingCall<SimpleRequest, SimpleResponse> empty = benchmark.streamingFromClient();
    assertThatThrownBy(empty::completeAndReceive).isInstanceOfSatisfying(GrpcStatusException.class,
        e -> assertThat(e.code()).isEqualTo(GrpcStatus.Code.FAILED_PRECONDITION));
  }

  @Test
  void streamingFromServerSendsUntilTheClientCancels() {
    ResponseStream<SimpleResponse> stream = benchmark.streamingFromServer(request(0, 64));
    for (int i = 0; i < 1000; i++) {
      assertThat(payloadSize(stream.receive())).isEqualTo(64);
    }
    stream.cancel("enough");
    assertThatThrownBy(() -> {
      while (stream.receive() != null) {
        // what was already on its way
      }
    }).isInstanceOfSatisfying(GrpcStatusException.class, e -> assertThat(e.code()).isEqualTo(GrpcStatus.Code.CANCELLED));
    // The handler's send loop ended with the call: the server goes on serving.
    assertThat(payloadSize(benchmark.unaryCall(request(0, 5)))).isEqualTo(5);
  }

  @Test
  void streamingBothWaysReadsEverythingWhileSendingUntilTheClientCancels() {
    BidiStreamingCall<SimpleRequest, SimpleResponse> call = benchmark.streamingBothWays();
    // 2 MiB, twice the server's flow-control window: the sends finish only if the server reads.
    for (int i = 0; i < 64; i++) {
      call.send(request(32 * 1024, 0));
    }
    for (int i = 0; i < 1000; i++) {
      assertThat(payloadSize(call.receive())).isEqualTo(100);
    }
    call.cancel("enough");
    assertThat(payloadSize(benchmark.unaryCall(request(0, 5)))).isEqualTo(5);
  }

  @Test
  void shutdownEndsTheUnboundedStreamsWithOk() {
    BenchmarkService service = new BenchmarkService();
    try (GrpcServer own = GrpcServer.builder().port(0).addService(BenchmarkServiceRpc.service(service)).build().start();
        GrpcClient ownClient = client(own)) {
      BenchmarkServiceRpc.Client stub = BenchmarkServiceRpc.client(ownClient);
      ResponseStream<SimpleResponse> fromServer = stub.streamingFromServer(request(0, 10));
      BidiStreamingCall<SimpleRequest, SimpleResponse> bothWays = stub.streamingBothWays();
      bothWays.send(request(1, 0));
      bothWays.complete(); // the server's reading ends here, its sending goes on
      assertThat(fromServer.receive()).isNotNull();
      for (int i = 0; i < 100; i++) {
        assertThat(bothWays.receive()).isNotNull();
      }

      service.shutdown();
      // What was sent before the flag was seen still arrives; then each stream ends, with OK.
      while (fromServer.receive() != null) {
        // drain
      }
      while (bothWays.receive() != null) {
        // drain
      }
      assertThat(fromServer.trailers()).isNotNull();
      assertThat(bothWays.trailers()).isNotNull();
    }
  }

  @Test
  void theInteropServerServesBenchmarkServiceToo() {
    GrpcInteropServerCommand command = new GrpcInteropServerCommand();
    new CommandLine(command).setOut(new PrintWriter(new StringWriter())).parseArgs("--port=0");
    try (GrpcServer interop = command.start(); GrpcClient interopClient = client(interop)) {
      BenchmarkServiceRpc.Client stub = BenchmarkServiceRpc.client(interopClient);
      assertThat(payloadSize(stub.unaryCall(request(0, 271)))).isEqualTo(271);
      BidiStreamingCall<SimpleRequest, SimpleResponse> call = stub.streamingCall();
      call.send(request(0, 3));
      assertThat(payloadSize(call.receive())).isEqualTo(3);
      call.complete();
      assertThat(call.receive()).isNull();
    }
  }
}
