package dev.tern.grpc;

import static dev.tern.grpc.Echo.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.StringValue;
import dev.tern.core.TransportException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Keepalive pings both ways, and the server's protection against clients that ping too often. */
class KeepAliveTest {

  private static GrpcServiceDefinition idle() {
    return Echo.blocking().bidiStreaming(Echo.method("Idle", MethodType.BIDI_STREAMING), (in, out) -> {
      for (StringValue v : in) out.send(v);
    }).build();
  }

  @Test
  void aClientThatPingsTooOftenGetsGoAwayEnhanceYourCalm() throws Exception {
    try (GrpcServer server = GrpcServer.builder().port(0).addService(idle()).build().start();
         GrpcClient client = GrpcClient.builder().address("127.0.0.1:" + server.port())
             .keepAliveTime(Duration.ofMillis(20)).build()) {
      BidiStreamingCall<StringValue, StringValue> call = client.bidiStreaming(Echo.method("Idle", MethodType.BIDI_STREAMING));
      // an idle call: the client pings every 20 ms while the server permits one per 5 minutes
      assertThatThrownBy(call::receive).isInstanceOfSatisfying(TransportException.class,
          e -> assertThat(e.kind()).isEqualTo(TransportException.Kind.CONNECTION_CLOSED));
      assertThat(client.unary(Echo.UNARY, s("again")).getValue()).isEqualTo("echo:again"); // a new connection
    }
  }

  @Test
  void pingsWithinThePermittedRateKeepAnIdleCallAlive() throws Exception {
    try (GrpcServer server = GrpcServer.builder().port(0).addService(idle())
             .permitKeepAliveTime(Duration.ofMillis(10)).keepAliveTime(Duration.ofMillis(50)).build().start();
         GrpcClient client = GrpcClient.builder().address("127.0.0.1:" + server.port())
             .keepAliveTime(Duration.ofMillis(50)).build()) {
      BidiStreamingCall<StringValue, StringValue> call = client.bidiStreaming(Echo.method("Idle", MethodType.BIDI_STREAMING));
      call.send(s("1"));
      assertThat(call.receive().getValue()).isEqualTo("1");
      Thread.sleep(500); // ten keepalive rounds each way on an idle call
      call.send(s("2"));
      assertThat(call.receive().getValue()).isEqualTo("2");
      call.complete();
      assertThat(call.receive()).isNull();
    }
  }

  @Test
  void theClientClosesAConnectionWhosePingsGoUnanswered() throws Exception {
    try (ServerSocket silent = new ServerSocket(0)) {
      CompletableFuture<Socket> accepted = CompletableFuture.supplyAsync(() -> {
        try {
          Socket s = silent.accept();
          s.getOutputStream().write(new byte[] {0, 0, 0, 4, 0, 0, 0, 0, 0}); // an empty SETTINGS frame
          InputStream in = s.getInputStream();
          Thread.ofVirtual().start(() -> drain(in));
          return s;
        } catch (IOException e) {
          throw new RuntimeException(e);
        }
      });
      try (GrpcClient client = GrpcClient.builder().address("127.0.0.1:" + silent.getLocalPort())
          .keepAliveTime(Duration.ofMillis(100)).keepAliveTimeout(Duration.ofMillis(200)).build()) {
        BidiStreamingCall<StringValue, StringValue> call = client.bidiStreaming(Echo.CHAT);
        assertThatThrownBy(call::receive).isInstanceOfSatisfying(TransportException.class,
            e -> assertThat(e.getMessage()).contains("keepalive"));
      } finally {
        accepted.get(5, TimeUnit.SECONDS).close();
      }
    }
  }

  @Test
  void theServerClosesAConnectionWhosePingsGoUnanswered() throws Exception {
    try (GrpcServer server = GrpcServer.builder().port(0).addService(idle())
        .keepAliveTime(Duration.ofMillis(100)).keepAliveTimeout(Duration.ofMillis(200)).build().start();
         RawHttp2 raw = RawHttp2.connect(server.port())) {
      // this client acknowledges SETTINGS but never PING: the server must give up on it
      RawHttp2.Frame ping = raw.await(f -> f.type() == RawHttp2.PING);
      assertThat(ByteBuffer.wrap(ping.payload()).getLong()).isNotZero();
      assertThat(raw.closedByServer()).isTrue();
    }
  }

  private static void drain(InputStream in) {
    byte[] buf = new byte[8192];
    try {
      while (in.read(buf) >= 0) { /* discard */ }
    } catch (IOException ignored) {
      // closed
    }
  }
}
