package dev.tern.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.StringValue;
import dev.tern.core.RemoteException;
import dev.tern.grpc.GrpcServiceDefinition;
import dev.tern.grpc.Marshaller;
import dev.tern.grpc.MethodDescriptor;
import dev.tern.grpc.MethodType;
import dev.tern.thrift.ThriftMethod;
import dev.tern.thrift.ThriftProtocol;
import dev.tern.thrift.transport.Framing;
import dev.tern.transport.Address;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Kitex Protobuf: protobuf services on the Thrift port, called over Framed and TTHeader. */
class KitexProtobufTest extends RpcTestSupport {

  static final Marshaller<StringValue> STRING = Marshaller.protobuf(StringValue.getDefaultInstance());
  static final MethodDescriptor<StringValue, StringValue> UPPER =
      MethodDescriptor.of("demo.Text", "Upper", MethodType.UNARY, STRING, STRING);
  static final MethodDescriptor<StringValue, StringValue> REVERSE =
      MethodDescriptor.of("demo.Text", "Reverse", MethodType.UNARY, STRING, STRING);
  static final MethodDescriptor<StringValue, StringValue> SPLIT =
      MethodDescriptor.of("demo.Text", "Split", MethodType.SERVER_STREAMING, STRING, STRING);

  static GrpcServiceDefinition textService() {
    return GrpcServiceDefinition.builder("demo.Text")
        .unary(UPPER, r -> {
          if (r.getValue().equals("boom")) throw new IllegalStateException("boom");
          return StringValue.of(r.getValue().toUpperCase());
        })
        .unaryAsync(REVERSE, r -> CompletableFuture.completedFuture(
            StringValue.of(new StringBuilder(r.getValue()).reverse().toString())))
        .serverStreaming(SPLIT, (r, out) -> {
          for (String s : r.getValue().split(" ")) out.send(StringValue.of(s));
        })
        .build();
  }

  ThriftServer protobufServer() {
    return server(b -> b.addService(textService()));
  }

  ThriftClient kitexClient(ThriftServer server, Framing framing) {
    return client(server, b -> b.framing(framing).protocol(ThriftProtocol.KITEX_PROTOBUF));
  }

  @ParameterizedTest
  @EnumSource(value = Framing.class, names = {"FRAMED", "TTHEADER"})
  void blockingAndAsyncHandlersAnswerKitexProtobufCalls(Framing framing) {
    ThriftServer server = protobufServer();
    ThriftClient client = kitexClient(server, framing);
    assertThat(client.call(KitexProtobuf.method(UPPER), StringValue.of("tern")).getValue()).isEqualTo("TERN");
    assertThat(client.call(KitexProtobuf.method(REVERSE), StringValue.of("abc")).getValue()).isEqualTo("cba");
    // the same port still serves Thrift
    assertThat(client(server).call(Echo.ECHO, Echo.args("thrift too")).success()).isEqualTo("thrift too");
  }

  @Test
  void failuresTravelAsKitexErrorProto() {
    ThriftServer server = protobufServer();
    ThriftClient client = kitexClient(server, Framing.TTHEADER);
    assertThatThrownBy(() -> client.call(KitexProtobuf.method(UPPER), StringValue.of("boom")))
        .isInstanceOfSatisfying(RemoteException.class, e -> {
          assertThat(e.code()).isEqualTo(RemoteException.INTERNAL_ERROR);
          assertThat(e.remoteMessage()).contains("boom");
        });
    MethodDescriptor<StringValue, StringValue> missing =
        MethodDescriptor.of("demo.Text", "Missing", MethodType.UNARY, STRING, STRING);
    assertThatThrownBy(() -> client.call(KitexProtobuf.method(missing), StringValue.of("x")))
        .isInstanceOfSatisfying(RemoteException.class,
            e -> assertThat(e.code()).isEqualTo(RemoteException.UNKNOWN_METHOD));
    // Thrift method names are not protobuf methods, and the reverse
    assertThatThrownBy(() -> client.call(KitexProtobuf.method(
            MethodDescriptor.of("Echo", "echo", MethodType.UNARY, STRING, STRING)), StringValue.of("x")))
        .isInstanceOfSatisfying(RemoteException.class,
            e -> assertThat(e.code()).isEqualTo(RemoteException.UNKNOWN_METHOD));
    assertThat(client.call(KitexProtobuf.method(UPPER), StringValue.of("still fine")).getValue()).isEqualTo("STILL FINE");
  }

  @Test
  void streamingMethodsAreGrpcOnly() {
    assertThatThrownBy(() -> KitexProtobuf.method(SPLIT))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("use gRPC for streams");
    ThriftServer server = protobufServer();
    ThriftMethod<StringValue, StringValue> asUnary = KitexProtobuf.method(
        MethodDescriptor.of("demo.Text", "Split", MethodType.UNARY, STRING, STRING));
    assertThatThrownBy(() -> kitexClient(server, Framing.FRAMED).call(asUnary, StringValue.of("a b")))
        .isInstanceOfSatisfying(RemoteException.class,
            e -> assertThat(e.code()).isEqualTo(RemoteException.UNKNOWN_METHOD));
  }

  @Test
  void aThriftClientCannotCallAProtobufMethodByMistake() {
    ThriftServer server = protobufServer();
    assertThatThrownBy(() -> client(server).call(KitexProtobuf.method(UPPER), StringValue.of("x")))
        .hasMessageContaining("needs protocol KITEX_PROTOBUF");
    assertThatThrownBy(() -> ThriftClient.builder().address(server.address())
            .framing(Framing.BUFFERED).protocol(ThriftProtocol.KITEX_PROTOBUF).build())
        .hasMessageContaining("needs Framed or TTHeader");
  }

  /** The bytes a Kitex client writes for a framed call (kitex pkg/remote/codec/protobuf), by hand. */
  @Test
  void framedWireFormatIsKitexs() throws Exception {
    ThriftServer server = protobufServer();
    Address.Tcp a = (Address.Tcp) server.address();
    byte[] name = "Upper".getBytes(StandardCharsets.UTF_8);
    byte[] body = StringValue.of("wire").toByteArray();
    try (Socket s = new Socket(a.host(), a.port())) {
      DataOutputStream out = new DataOutputStream(s.getOutputStream());
      out.writeInt(4 + 4 + name.length + 4 + body.length);
      out.writeInt(0x90010001); // magic 0x9001, message type CALL
      out.writeInt(name.length);
      out.write(name);
      out.writeInt(77);
      out.write(body);
      out.flush();

      DataInputStream in = new DataInputStream(s.getInputStream());
      int length = in.readInt();
      assertThat(in.readInt()).isEqualTo(0x90010002); // REPLY
      byte[] replyName = new byte[in.readInt()];
      in.readFully(replyName);
      assertThat(new String(replyName, StandardCharsets.UTF_8)).isEqualTo("Upper");
      assertThat(in.readInt()).isEqualTo(77);
      byte[] reply = new byte[length - 12 - replyName.length];
      in.readFully(reply);
      assertThat(StringValue.parseFrom(reply).getValue()).isEqualTo("WIRE");
    }
  }

  @Test
  void theSamePortServesGrpcToo() throws Exception {
    ThriftServer server = protobufServer();
    try (dev.tern.grpc.GrpcClient grpc = dev.tern.grpc.GrpcClient.builder().address(server.address())
        .rpcTimeout(java.time.Duration.ofSeconds(5)).build()) {
      assertThat(grpc.unary(UPPER, StringValue.of("h2")).getValue()).isEqualTo("H2");
      assertThat(grpc.unaryAsync(REVERSE, StringValue.of("xyz")).get(5, java.util.concurrent.TimeUnit.SECONDS)
          .getValue()).isEqualTo("zyx");
      java.util.List<String> words = new java.util.ArrayList<>();
      for (StringValue w : grpc.serverStreaming(SPLIT, StringValue.of("one port two protocols"))) {
        words.add(w.getValue());
      }
      assertThat(words).containsExactly("one", "port", "two", "protocols");
      // Thrift and Kitex Protobuf callers alongside
      assertThat(client(server).call(Echo.ECHO, Echo.args("thrift")).success()).isEqualTo("thrift");
      assertThat(kitexClient(server, Framing.TTHEADER).call(KitexProtobuf.method(UPPER), StringValue.of("kp"))
          .getValue()).isEqualTo("KP");
      await(() -> server.inFlight() == 0); // a call counts until its reply is written, a moment after the client has it
    }
  }

  @Test
  void closingTheServerLetsAGrpcStreamInFlightFinish() throws Exception {
    Echo.gate = new java.util.concurrent.CountDownLatch(1);
    MethodDescriptor<StringValue, StringValue> slow =
        MethodDescriptor.of("demo.Slow", "Wait", MethodType.UNARY, STRING, STRING);
    GrpcServiceDefinition def = GrpcServiceDefinition.builder("demo.Slow")
        .unary(slow, r -> StringValue.of(Echo.behave("block")))
        .build();
    ThriftServer server = ThriftServer.builder().address(Address.tcp("127.0.0.1", 0)).addService(def)
        .gracePeriod(java.time.Duration.ofSeconds(5)).build().start();
    try (dev.tern.grpc.GrpcClient grpc = dev.tern.grpc.GrpcClient.builder().address(server.address()).build()) {
      CompletableFuture<StringValue> inFlight = grpc.unaryAsync(slow, StringValue.of("x"));
      await(() -> server.inFlight() == 1);
      CompletableFuture<Void> closing = CompletableFuture.runAsync(server::close);
      Echo.gate.countDown();
      assertThat(inFlight.get(5, java.util.concurrent.TimeUnit.SECONDS).getValue()).isEqualTo("opened");
      closing.get(5, java.util.concurrent.TimeUnit.SECONDS);
    } finally {
      server.close();
    }
  }
}
