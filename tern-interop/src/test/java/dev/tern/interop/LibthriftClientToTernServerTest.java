package dev.tern.interop;

import dev.tern.cli.crosstest.ThriftTestServerCommand;
import dev.tern.rpc.ThriftServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.protocol.TCompactProtocol;
import org.apache.thrift.protocol.TMultiplexedProtocol;
import org.apache.thrift.protocol.TProtocol;
import org.apache.thrift.transport.TSocket;
import org.apache.thrift.transport.TTransport;
import org.apache.thrift.transport.layered.TFramedTransport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;
import thrift.test.SecondService;
import thrift.test.ThriftTest;

/**
 * libthrift's generated {@code ThriftTest.Client}, over libthrift's own transports and
 * protocols, against Tern's cross-test server (the {@code ./tern thrift-test-server} command, in
 * process). libthrift for Java has no THeader; Tern's THeader is checked against the format's
 * specification in tern-thrift.
 */
@Timeout(60)
class LibthriftClientToTernServerTest {

  private static ThriftServer server;

  @BeforeAll
  static void startTernServer() {
    ThriftTestServerCommand command = new ThriftTestServerCommand();
    CommandLine cl = new CommandLine(command);
    cl.setOut(new PrintWriter(new StringWriter()));
    cl.parseArgs("--port=0", "--quiet");
    server = command.start();
  }

  @AfterAll
  static void stopTernServer() {
    server.close();
  }

  @ParameterizedTest(name = "{0}/{1}")
  @CsvSource({"buffered, binary", "buffered, compact", "framed, binary", "framed, compact"})
  @Timeout(30)
  void libthriftClientPassesEveryCheck(String transport, String protocol) throws Exception {
    try (TTransport socket = new TSocket("127.0.0.1", server.port(), 5_000)) {
      TTransport t = transport.equals("framed") ? new TFramedTransport(socket) : socket;
      t.open();
      LibthriftChecks.run(new ThriftTest.Client(protocol(protocol, t)));
    }
  }

  @Test
  void multiplexedProtocolReachesBothServicesOnOneConnection() throws Exception {
    try (TTransport t = new TFramedTransport(new TSocket("127.0.0.1", server.port(), 5_000))) {
      t.open();
      TProtocol p = new TCompactProtocol(t);
      LibthriftChecks.runSecond(new SecondService.Client(new TMultiplexedProtocol(p, "SecondService")));
      LibthriftChecks.run(new ThriftTest.Client(new TMultiplexedProtocol(p, "ThriftTest")));
      LibthriftChecks.runSecond(new SecondService.Client(new TMultiplexedProtocol(p, "SecondService")));
    }
  }

  private static TProtocol protocol(String name, TTransport t) {
    return name.equals("compact") ? new TCompactProtocol(t) : new TBinaryProtocol(t);
  }
}
