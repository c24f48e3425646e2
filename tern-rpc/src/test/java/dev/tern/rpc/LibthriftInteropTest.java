package dev.tern.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tern.core.RemoteException;
import dev.tern.thrift.ThriftProtocol;
import dev.tern.thrift.transport.Framing;
import dev.tern.transport.Address;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.thrift.TApplicationException;
import org.apache.thrift.TException;
import org.apache.thrift.TProcessor;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.protocol.TCompactProtocol;
import org.apache.thrift.protocol.TField;
import org.apache.thrift.protocol.TMessage;
import org.apache.thrift.protocol.TMessageType;
import org.apache.thrift.protocol.TMultiplexedProtocol;
import org.apache.thrift.protocol.TProtocol;
import org.apache.thrift.protocol.TProtocolFactory;
import org.apache.thrift.protocol.TProtocolUtil;
import org.apache.thrift.protocol.TStruct;
import org.apache.thrift.protocol.TType;
import org.apache.thrift.server.TServer;
import org.apache.thrift.server.TSimpleServer;
import org.apache.thrift.server.TThreadPoolServer;
import org.apache.thrift.transport.TServerSocket;
import org.apache.thrift.transport.TSocket;
import org.apache.thrift.transport.TTransport;
import org.apache.thrift.transport.TTransportFactory;
import org.apache.thrift.transport.layered.TFramedTransport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Apache Thrift's Java library (libthrift) against Tern both ways, over binary and compact,
 * buffered and framed. libthrift's side is written by hand against its TProtocol API, as its
 * generated code would do. (libthrift for Java has no THeader transport; THeader is covered
 * Tern to Tern.)
 */
class LibthriftInteropTest extends RpcTestSupport {

  static Stream<Arguments> combinations() {
    List<Arguments> all = new ArrayList<>();
    for (Framing f : List.of(Framing.BUFFERED, Framing.FRAMED)) {
      for (ThriftProtocol p : ThriftProtocol.THRIFT) all.add(Arguments.of(f, p));
    }
    return all.stream();
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("combinations")
  void libthriftClientCallsTernServer(Framing framing, ThriftProtocol protocol) throws Exception {
    ThriftServer server = server();
    TTransport transport = new TSocket("127.0.0.1", server.port());
    if (framing == Framing.FRAMED) transport = new TFramedTransport(transport);
    transport.open();
    try {
      TProtocol p = protocol == ThriftProtocol.BINARY ? new TBinaryProtocol(transport) : new TCompactProtocol(transport);

      writeCall(p, "echo", TMessageType.CALL, 1, "from libthrift");
      assertThat(readReply(p, "echo", 1)).isEqualTo("from libthrift");

      writeCall(p, "fail", TMessageType.CALL, 2, "declared");
      assertThat(readReply(p, "fail", 2)).isEqualTo("declared (EchoError)");

      writeCall(p, "echo", TMessageType.CALL, 3, "boom");
      assertThatThrownBy(() -> readReply(p, "echo", 3))
          .isInstanceOfSatisfying(TApplicationException.class, e -> {
            assertThat(e.getType()).isEqualTo(TApplicationException.INTERNAL_ERROR);
            assertThat(e.getMessage()).contains("IllegalStateException: boom");
          });

      writeCall(p, "nope", TMessageType.CALL, 4, "x");
      assertThatThrownBy(() -> readReply(p, "nope", 4))
          .isInstanceOfSatisfying(TApplicationException.class,
              e -> assertThat(e.getType()).isEqualTo(TApplicationException.UNKNOWN_METHOD));

      // pipelined: both requests sent before reading, replies come back in order
      writeCall(p, "echo", TMessageType.CALL, 5, "sleep:100");
      writeCall(p, "echo", TMessageType.CALL, 6, "second");
      assertThat(readReply(p, "echo", 5)).isEqualTo("slept");
      assertThat(readReply(p, "echo", 6)).isEqualTo("second");

      // TMultiplexedProtocol names the service in the message name
      TProtocol multiplexed = new TMultiplexedProtocol(p, Echo.SERVICE);
      writeCall(multiplexed, "echo", TMessageType.CALL, 7, "multiplexed");
      assertThat(readReply(p, "echo", 7)).isEqualTo("multiplexed");

      writeCall(p, "notify", TMessageType.ONEWAY, 8, "oneway from libthrift");
      await(() -> notified.contains("oneway from libthrift"));
      writeCall(p, "echo", TMessageType.CALL, 9, "after oneway");
      assertThat(readReply(p, "echo", 9)).isEqualTo("after oneway");
    } finally {
      transport.close();
    }
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("combinations")
  void ternClientCallsLibthriftServer(Framing framing, ThriftProtocol protocol) throws Exception {
    TServerSocket socket = new TServerSocket(new InetSocketAddress("127.0.0.1", 0));
    int port = socket.getServerSocket().getLocalPort();
    TProtocolFactory protocols = protocol == ThriftProtocol.BINARY ? new TBinaryProtocol.Factory() : new TCompactProtocol.Factory();
    TTransportFactory transports = framing == Framing.FRAMED ? new TFramedTransport.Factory() : new TTransportFactory();
    TServer server = framing == Framing.FRAMED
        ? new TSimpleServer(new TServer.Args(socket).processor(ECHO_PROCESSOR)
            .protocolFactory(protocols).transportFactory(transports))
        : new TThreadPoolServer(new TThreadPoolServer.Args(socket).processor(ECHO_PROCESSOR)
            .protocolFactory(protocols).transportFactory(transports).stopTimeoutVal(1).stopTimeoutUnit(TimeUnit.SECONDS));
    Thread serving = Thread.ofPlatform().daemon().start(server::serve);
    track(() -> {
      server.stop();
      serving.join(2_000);
    });
    await(server::isServing);

    ThriftClient client = track(ThriftClient.builder()
        .address(Address.tcp("127.0.0.1", port))
        .framing(framing)
        .protocol(protocol)
        .build());
    for (int i = 0; i < 3; i++) {
      assertThat(client.call(Echo.ECHO, Echo.args("hi " + i)).success()).isEqualTo("libthrift:hi " + i);
    }
    assertThat(client.call(Echo.FAIL, Echo.args("declared")).error().reason()).isEqualTo("declared");
    assertThatThrownBy(() -> client.call(Echo.method(Echo.SERVICE, "nope"), Echo.args("x")))
        .isInstanceOfSatisfying(RemoteException.class, e -> {
          assertThat(e.code()).isEqualTo(RemoteException.UNKNOWN_METHOD);
          assertThat(e.getMessage()).contains("nope");
        });
    assertThat(client.call(Echo.ECHO, Echo.args("still fine")).success()).isEqualTo("libthrift:still fine");
  }

  /** libthrift's side of Echo: echo answers "libthrift:" + message, fail its declared exception. */
  private static final TProcessor ECHO_PROCESSOR = (in, out) -> {
    TMessage call = in.readMessageBegin();
    String message = readArgs(in);
    in.readMessageEnd();
    switch (call.name) {
      case "echo" -> {
        out.writeMessageBegin(new TMessage(call.name, TMessageType.REPLY, call.seqid));
        out.writeStructBegin(new TStruct("echo_result"));
        out.writeFieldBegin(new TField("success", TType.STRING, (short) 0));
        out.writeString("libthrift:" + message);
        out.writeFieldEnd();
      }
      case "fail" -> {
        out.writeMessageBegin(new TMessage(call.name, TMessageType.REPLY, call.seqid));
        out.writeStructBegin(new TStruct("fail_result"));
        out.writeFieldBegin(new TField("error", TType.STRUCT, (short) 1));
        out.writeStructBegin(new TStruct("EchoError"));
        out.writeFieldBegin(new TField("reason", TType.STRING, (short) 1));
        out.writeString(message);
        out.writeFieldEnd();
        out.writeFieldStop();
        out.writeStructEnd();
        out.writeFieldEnd();
      }
      default -> {
        out.writeMessageBegin(new TMessage(call.name, TMessageType.EXCEPTION, call.seqid));
        new TApplicationException(TApplicationException.UNKNOWN_METHOD, "Invalid method name: '" + call.name + "'")
            .write(out);
        out.writeMessageEnd();
        out.getTransport().flush();
        return;
      }
    }
    out.writeFieldStop();
    out.writeStructEnd();
    out.writeMessageEnd();
    out.getTransport().flush();
  };

  private static String readArgs(TProtocol in) throws TException {
    String message = null;
    in.readStructBegin();
    while (true) {
      TField f = in.readFieldBegin();
      if (f.type == TType.STOP) break;
      if (f.id == 1 && f.type == TType.STRING) message = in.readString();
      else TProtocolUtil.skip(in, f.type);
      in.readFieldEnd();
    }
    in.readStructEnd();
    return message;
  }

  private static void writeCall(TProtocol p, String name, byte type, int seqId, String message) throws TException {
    p.writeMessageBegin(new TMessage(name, type, seqId));
    p.writeStructBegin(new TStruct(name + "_args"));
    p.writeFieldBegin(new TField("message", TType.STRING, (short) 1));
    p.writeString(message);
    p.writeFieldEnd();
    p.writeFieldStop();
    p.writeStructEnd();
    p.writeMessageEnd();
    p.getTransport().flush();
  }

  /** The success string, or "reason (EchoError)" for the declared exception; throws application exceptions. */
  private static String readReply(TProtocol p, String name, int seqId) throws TException {
    TMessage reply = p.readMessageBegin();
    assertThat(reply.seqid).isEqualTo(seqId);
    assertThat(reply.name).isEqualTo(name);
    if (reply.type == TMessageType.EXCEPTION) {
      TApplicationException e = TApplicationException.readFrom(p);
      p.readMessageEnd();
      throw e;
    }
    assertThat(reply.type).isEqualTo(TMessageType.REPLY);
    String result = null;
    p.readStructBegin();
    while (true) {
      TField f = p.readFieldBegin();
      if (f.type == TType.STOP) break;
      if (f.id == 0 && f.type == TType.STRING) result = p.readString();
      else if (f.id == 1 && f.type == TType.STRUCT) result = readArgs(p) + " (EchoError)";
      else TProtocolUtil.skip(p, f.type);
      p.readFieldEnd();
    }
    p.readStructEnd();
    p.readMessageEnd();
    return result;
  }
}
