package dev.tern.benchmarks.load;

import dev.tern.benchmarks.libthrift.Echo;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.thrift.TException;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.transport.TSocket;
import org.apache.thrift.transport.TTransport;
import org.apache.thrift.transport.layered.TFramedTransport;

/**
 * Closed-loop echo calls with libthrift's generated sync client, the way it is used: a platform
 * thread per caller, each with its own framed binary connection.
 */
final class LibthriftEchoLoad extends ClosedLoop {

  private static final int SOCKET_TIMEOUT_MS = 10_000;

  private final String host;
  private final int port;
  private final int concurrency;
  private final byte[] payload;
  private final List<Thread> callers = new ArrayList<>();

  LibthriftEchoLoad(String host, int port, int concurrency, byte[] payload) {
    this.host = host;
    this.port = port;
    this.concurrency = concurrency;
    this.payload = payload;
  }

  @Override
  void start() {
    for (int i = 0; i < concurrency; i++) {
      callers.add(Thread.ofPlatform().name("libthrift-caller-" + i).daemon().start(this::callUntilStopped));
    }
  }

  private void callUntilStopped() {
    ByteBuffer request = ByteBuffer.wrap(payload);
    while (!stopping) {
      TTransport transport = null;
      try {
        transport = new TFramedTransport(new TSocket(host, port, SOCKET_TIMEOUT_MS));
        transport.open();
        Echo.Client client = new Echo.Client(new TBinaryProtocol(transport));
        while (!stopping) {
          long start = System.nanoTime();
          ByteBuffer reply = client.echo(request.duplicate());
          if (reply.remaining() == payload.length) {
            recordSuccess(System.nanoTime() - start);
          } else {
            recordError(new IllegalStateException("reply of " + reply.remaining() + " bytes"));
          }
        }
      } catch (TException | RuntimeException e) {
        // The connection's state is unknown after a failure: reconnect, after a pause.
        recordError(e);
        pause();
      } finally {
        if (transport != null) transport.close();
      }
    }
  }

  private static void pause() {
    try {
      Thread.sleep(10);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    stopping = true;
    for (Thread caller : callers) {
      try {
        caller.join(SOCKET_TIMEOUT_MS + 5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
