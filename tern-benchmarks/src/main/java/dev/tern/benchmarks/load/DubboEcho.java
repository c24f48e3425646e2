package dev.tern.benchmarks.load;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.dubbo.config.ApplicationConfig;
import org.apache.dubbo.config.ProtocolConfig;
import org.apache.dubbo.config.ReferenceConfig;
import org.apache.dubbo.config.RegistryConfig;
import org.apache.dubbo.config.ServiceConfig;
import org.apache.dubbo.config.bootstrap.DubboBootstrap;
import org.apache.dubbo.rpc.model.FrameworkModel;

/**
 * Dubbo's contestants: {@link DubboEchoService} exported with no registry (the client is given
 * the server's URL) over Triple or the dubbo protocol, and Dubbo's own client for it. Each side
 * is a bootstrap in a framework model of its own, so both can live in one JVM, one after another
 * (as in the tests).
 */
final class DubboEcho {
  private DubboEcho() {}

  private static final int TIMEOUT_MS = 10_000;

  /** Log through SLF4J like everything else here, without Dubbo's notes on how it chose a logger. */
  private static void useSlf4j() {
    System.setProperty("dubbo.application.logger", "slf4j");
  }

  /**
   * Exports the service over {@code protocol} ("tri" or "dubbo") on {@code port}. Dubbo binds
   * every interface: it refuses a loopback bind address. The load still goes to 127.0.0.1.
   */
  static EchoServer.Running startServer(String protocol, int port) throws IOException {
    useSlf4j();
    ServiceConfig<DubboEchoService> service = new ServiceConfig<>();
    service.setInterface(DubboEchoService.class);
    service.setRef(new DubboEchoService.Impl());
    ProtocolConfig protocolConfig = new ProtocolConfig(protocol, port != 0 ? port : freePort());
    protocolConfig.setHost("127.0.0.1");
    DubboBootstrap bootstrap = DubboBootstrap.newInstance(new FrameworkModel())
        .application(application("tern-bench-dubbo-server"))
        .registry(new RegistryConfig(RegistryConfig.NO_AVAILABLE))
        .protocol(protocolConfig)
        .service(service)
        .start();
    int bound = service.getExportedUrls().getFirst().getPort();
    return new EchoServer.Running() {
      @Override
      public int port() {
        return bound;
      }

      @Override
      public void close() {
        bootstrap.destroy();
      }
    };
  }

  /** Dubbo's own choice of port is its protocol's default port, or the next free one after it. */
  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  /**
   * No QoS console (its fixed port would clash between server and client), and no wait for
   * in-flight calls at shutdown: the load has stopped by then.
   */
  private static ApplicationConfig application(String name) {
    ApplicationConfig application = new ApplicationConfig(name);
    application.setQosEnable(false);
    application.setShutwait("0");
    return application;
  }

  /** Closed-loop echo calls through a Dubbo reference to {@code protocol://127.0.0.1:port}. */
  static final class Load extends ClosedLoop {
    private final DubboBootstrap bootstrap;
    private final DubboEchoService echo;
    private final int concurrency;
    private final byte[] payload;
    private final CountDownLatch stopped;

    Load(String protocol, int port, int concurrency, byte[] payload) {
      useSlf4j();
      ReferenceConfig<DubboEchoService> reference = new ReferenceConfig<>();
      reference.setInterface(DubboEchoService.class);
      reference.setUrl(protocol + "://127.0.0.1:" + port);
      reference.setTimeout(TIMEOUT_MS);
      reference.setCheck(false);
      this.bootstrap = DubboBootstrap.newInstance(new FrameworkModel())
          .application(application("tern-bench-dubbo-client"))
          .reference(reference)
          .start();
      this.echo = reference.get();
      this.concurrency = concurrency;
      this.payload = payload;
      this.stopped = new CountDownLatch(concurrency);
    }

    @Override
    void start() {
      for (int i = 0; i < concurrency; i++) next();
    }

    private void next() {
      if (stopping) {
        stopped.countDown();
        return;
      }
      long start = System.nanoTime();
      echo.echo(payload).whenComplete((reply, error) -> {
        if (error == null && reply.length == payload.length) {
          recordSuccess(System.nanoTime() - start);
          next();
        } else {
          recordError(error != null ? error : new IllegalStateException("reply of " + reply.length + " bytes"));
          AFTER_ERROR.execute(this::next);
        }
      });
    }

    @Override
    public void close() {
      stopping = true;
      try {
        stopped.await(15, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      bootstrap.destroy();
    }
  }
}
