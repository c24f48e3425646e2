package dev.tern.cli;

import dev.tern.cli.demo.gen.Account;
import dev.tern.cli.demo.gen.Bank;
import dev.tern.cli.demo.gen.InsufficientFunds;
import dev.tern.cli.demo.gen.Statement;
import dev.tern.cli.demo.gen.Trade;
import dev.tern.cli.demo.gen.Tier;
import dev.tern.core.BizStatusException;
import dev.tern.core.CallContext;
import dev.tern.core.Metainfo;
import dev.tern.core.Middleware;
import dev.tern.core.RemoteException;
import dev.tern.core.RpcTimeoutException;
import dev.tern.grpc.BidiStreamingCall;
import dev.tern.http.EventStream;
import dev.tern.http.HttpServer;
import dev.tern.http.client.ClientResponse;
import dev.tern.http.client.HttpClient;
import dev.tern.grpc.GrpcClient;
import dev.tern.grpc.StreamReader;
import dev.tern.grpc.StreamWriter;
import dev.tern.rpc.CallOptions;
import dev.tern.rpc.ThriftClient;
import dev.tern.rpc.ThriftServer;
import dev.tern.thrift.ThriftMethod;
import dev.tern.thrift.ThriftProtocol;
import dev.tern.thrift.transport.Framing;
import dev.tern.transport.TransportFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./tern demo}: starts real servers and clients on loopback (Thrift with gRPC streams on
 * the same port, HTTP with REST and Server-Sent Events, three instances behind an embedded
 * ZooKeeper), makes one call of every kind, prints what happened, and exits non-zero if anything
 * did not behave as it should.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Start servers and clients on loopback (Thrift, gRPC streams, HTTP, a ZooKeeper cluster) "
        + "and make every kind of call.")
public final class DemoCommand implements java.util.concurrent.Callable<Integer> {

  @Option(names = "--port", description = "Server port (default: any free port).")
  int port;

  private int failures;

  @Override
  public Integer call() throws Exception {
    BankHandler bank = new BankHandler();
    AtomicLong served = new AtomicLong();
    Middleware<Object, Object> counting = next -> (ctx, req) -> {
      served.incrementAndGet();
      return next.call(ctx, req);
    };
    try (ThriftServer server = ThriftServer.builder()
        .address("127.0.0.1:" + port)
        .addService(Bank.service(bank))
        .addService(Bank.streamingService(bank)) // the streaming functions, over gRPC on the same port
        .middleware(counting)
        .gracePeriod(Duration.ofSeconds(2))
        .build()
        .start()) {
      System.out.printf("Tern demo: Bank service on %s (I/O: %s, handlers on virtual threads)%n%n",
          server.address(), TransportFactory.shared().kind());

      try (ThriftClient client = ThriftClient.builder()
          .address(server.address())
          .framing(Framing.TTHEADER)
          .protocol(ThriftProtocol.BINARY)
          .callerService("demo-client")
          .rpcTimeout(Duration.ofSeconds(2))
          .build()) {
        Bank.Iface blocking = Bank.client(client);
        Bank.AsyncIface async = Bank.asyncClient(client);

        step("request/response", "open(\"ada\", 100, PRO)", () -> {
          Account a = blocking.open("ada", 100, Tier.PRO);
          check(a.balance() == 100 && a.tier() == Tier.PRO, "unexpected account " + a);
          return a.toString();
        });

        step("async, 20 concurrent", "open(\"user-i\", i, FREE) x 20", () -> {
          List<CompletableFuture<Account>> calls = new ArrayList<>();
          for (int i = 0; i < 20; i++) calls.add(async.open("user-" + i, i, Tier.FREE));
          CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(5, TimeUnit.SECONDS);
          long total = calls.stream().mapToLong(f -> f.join().balance()).sum();
          check(total == 190, "balances summed to " + total);
          return "20 accounts opened, balances sum to " + total;
        });

        step("declared exception", "withdraw(\"acc-1\", 1000)", () -> {
          try {
            blocking.withdraw("acc-1", 1000);
            check(false, "withdraw should have thrown");
            return "no exception";
          } catch (InsufficientFunds e) {
            check(e.shortBy() == 900, "shortBy " + e.shortBy());
            return "InsufficientFunds{message=" + e.message() + ", shortBy=" + e.shortBy() + "}";
          }
        });

        step("oneway", "audit(\"demo started\")", () -> {
          blocking.audit("demo started");
          check(bank.audited.await(2, TimeUnit.SECONDS), "server never saw the oneway call");
          return "returned on write; server logged \"" + bank.lastAudit + "\"";
        });

        step("metainfo", "whoami() with transient tenant, persistent trace-id", () -> {
          Metainfo meta = new Metainfo().putTransient("tenant", "acme").putPersistent("trace-id", "t-42");
          String who = Bank.client(client.with(CallOptions.ofMetainfo(meta))).whoami();
          check(who.contains("tenant=acme") && who.contains("trace-id=t-42"), "server saw " + who);
          check("bank-1".equals(meta.getBackward("served-by")), "backward " + meta.backwardValues());
          return "server saw {" + who + "}, answered backward served-by=" + meta.getBackward("served-by");
        });

        step("deadline", "sleep(500) with a 100 ms timeout", () -> {
          long t0 = System.nanoTime();
          try {
            Bank.client(client.with(CallOptions.ofTimeout(Duration.ofMillis(100)))).sleep(500);
            check(false, "sleep should have timed out");
            return "no timeout";
          } catch (RpcTimeoutException e) {
            long ms = (System.nanoTime() - t0) / 1_000_000;
            check(ms < 450, "timed out only after " + ms + " ms");
            return "RpcTimeoutException after " + ms + " ms: " + e.getMessage();
          }
        });

        step("business status", "frozen(\"acc-7\")", () -> {
          try {
            blocking.frozen("acc-7");
            check(false, "frozen should have failed");
            return "no error";
          } catch (BizStatusException e) {
            check(e.statusCode() == 4031, "status " + e.statusCode());
            return "BizStatusException{code=" + e.statusCode() + ", message=" + e.getMessage() + ", extra=" + e.extra() + "}";
          }
        });

        step("unknown method", "transfer() (not in the server's IDL)", () -> {
          ThriftMethod<Bank.WhoamiArgs, Bank.WhoamiResult> transfer =
              ThriftMethod.of(Bank.SERVICE_NAME, "transfer", Bank.WhoamiArgs.CODEC, Bank.WhoamiResult.CODEC);
          try {
            client.call(transfer, Bank.WhoamiArgs.builder().build());
            check(false, "unknown method should fail");
            return "no error";
          } catch (RemoteException e) {
            check(e.code() == RemoteException.UNKNOWN_METHOD, "code " + e.code());
            return "RemoteException UNKNOWN_METHOD: " + e.remoteMessage();
          }
        });
      }

      // Kitex's Thrift streaming: the same port speaks gRPC (HTTP/2) to a gRPC client.
      try (GrpcClient grpc = GrpcClient.builder().address(server.address()).rpcTimeout(Duration.ofSeconds(2)).build()) {
        Bank.StreamingClient streams = Bank.streamingClient(grpc);
        step("gRPC bidi stream", "trade(): 3 trades sent, a statement for each", () -> {
          BidiStreamingCall<Trade, Statement> call = streams.trade();
          List<Long> balances = new ArrayList<>();
          for (long amount : new long[] {50, -20, 5}) {
            call.send(Trade.builder().accountId("acc-1").amount(amount).build());
            balances.add(call.receive().balance()); // ping-pong on one stream
          }
          call.complete();
          check(call.receive() == null, "the server kept sending after the client finished");
          check(balances.equals(List.of(150L, 130L, 135L)), "balances " + balances);
          return "balances " + balances + " over one HTTP/2 stream";
        });
        step("gRPC server stream", "history(acc-1)", () -> {
          List<String> lines = new ArrayList<>();
          for (Statement s : streams.history(Account.builder().id("acc-1").owner("ada").build())) {
            lines.add("#" + s.trades() + "=" + s.balance());
          }
          check(lines.size() == 3, "history " + lines);
          return String.join(", ", lines);
        });
      }

      // One port, every framing and protocol: the server detects each connection's by itself.
      for (Framing framing : Framing.values()) {
        for (ThriftProtocol protocol : ThriftProtocol.THRIFT) {
          try (ThriftClient c = ThriftClient.builder().address(server.address())
              .framing(framing).protocol(protocol).build()) {
            step("framing " + framing.name().toLowerCase() + "/" + protocol.name().toLowerCase(),
                "open(\"grace\", 7, FREE)", () -> {
                  Account a = Bank.client(c).open("grace", 7, Tier.FREE);
                  check(a.owner().equals("grace"), "owner " + a.owner());
                  return "ok, " + a.id();
                });
          }
        }
      }
      System.out.printf("%nServer handled %d calls through its middleware chain; shutting down gracefully.%n%n", served.get());
    }
    httpSteps();
    step("discovery + balancing", "3 instances in ZooKeeper; one crashes, one leaves", () -> String.join("\n" + " ".repeat(90), DemoCluster.run()));
    if (failures > 0) {
      System.out.printf("%d step(s) FAILED%n", failures);
      return 1;
    }
    System.out.println("All demo steps behaved as expected.");
    return 0;
  }

  /** Hertz's half: a small REST + Server-Sent Events endpoint, called by Tern's HTTP client. */
  private void httpSteps() throws Exception {
    Map<String, Account> accounts = new ConcurrentHashMap<>();
    try (HttpServer http = HttpServer.builder().address("127.0.0.1:0").gracePeriod(Duration.ofSeconds(1)).build()) {
      http.post("/accounts", ctx -> {
        OpenRequest req = ctx.bodyJson(OpenRequest.class);
        Account a = Account.builder().id("acc-" + (accounts.size() + 1)).owner(req.owner()).balance(req.deposit()).build();
        accounts.put(a.id(), a);
        ctx.status(201).json(Map.of("id", a.id(), "owner", a.owner(), "balance", a.balance()));
      });
      http.get("/accounts/:id", ctx -> {
        Account a = accounts.get(ctx.pathParam("id"));
        if (a == null) {
          ctx.status(404).json(Map.of("error", "no account " + ctx.pathParam("id")));
        } else {
          ctx.json(Map.of("id", a.id(), "owner", a.owner(), "balance", a.balance()));
        }
      });
      http.get("/accounts/:id/ticks", ctx -> {
        try (EventStream events = ctx.sse()) {
          for (int i = 1; i <= 3; i++) events.sendJson("balance", Map.of("n", i, "balance", 100 + i));
        }
      });
      http.start();
      try (HttpClient client = HttpClient.builder().baseUri("http://127.0.0.1:" + http.port()).build()) {
        step("REST (HTTP/1.1)", "POST /accounts, GET /accounts/acc-1", () -> {
          ClientResponse created = client.post("/accounts").json(new OpenRequest("lin", 42)).send();
          check(created.status() == 201, "POST answered " + created.status());
          ClientResponse got = client.get("/accounts/acc-1").send();
          check(got.status() == 200 && got.bodyString().contains("\"owner\":\"lin\""), "GET answered " + got.bodyString());
          ClientResponse missing = client.get("/accounts/acc-9").send();
          check(missing.status() == 404, "missing account answered " + missing.status());
          return "201 " + created.bodyString() + ", then 200 and 404";
        });
        step("Server-Sent Events", "GET /accounts/acc-1/ticks", () -> {
          List<String> data = new ArrayList<>();
          try (ClientResponse r = client.get("/accounts/acc-1/ticks").stream();
              java.io.BufferedReader lines = new java.io.BufferedReader(
                  new java.io.InputStreamReader(r.bodyStream(), java.nio.charset.StandardCharsets.UTF_8))) {
            check(r.header("Content-Type").startsWith("text/event-stream"), "content type " + r.header("Content-Type"));
            for (String line; (line = lines.readLine()) != null; ) {
              if (line.startsWith("data:")) data.add(line.substring(5).trim());
            }
          }
          check(data.size() == 3, "events " + data);
          return data.size() + " events: " + String.join(" ", data);
        });
      }
    }
  }

  /** The JSON body of {@code POST /accounts}, bound into a record. */
  record OpenRequest(String owner, long deposit) {}

  private interface Step {
    String run() throws Exception;
  }

  private void step(String kind, String call, Step step) {
    long t0 = System.nanoTime();
    String outcome;
    boolean ok;
    try {
      outcome = step.run();
      ok = true;
    } catch (AssertionError e) {
      outcome = "FAILED: " + e.getMessage();
      ok = false;
    } catch (Exception e) {
      outcome = "FAILED: " + e;
      ok = false;
    }
    if (!ok) failures++;
    System.out.printf("%-26s %-52s %7.2f ms  %s%n", kind, call, (System.nanoTime() - t0) / 1e6, outcome);
  }

  private static void check(boolean condition, String message) {
    if (!condition) throw new AssertionError(message);
  }

  /** The demo's handler: plain blocking code, run on a virtual thread per call. */
  static final class BankHandler implements Bank.Iface, Bank.StreamingHandler {
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<String, Account> accounts = new ConcurrentHashMap<>();
    private final Map<String, List<Statement>> statements = new ConcurrentHashMap<>();
    final CountDownLatch audited = new CountDownLatch(1);
    volatile String lastAudit;

    @Override
    public Account open(String owner, long deposit, Tier tier) {
      Account a = Account.builder().id("acc-" + ids.incrementAndGet()).owner(owner).balance(deposit).tier(tier).build();
      accounts.put(a.id(), a);
      return a;
    }

    @Override
    public long withdraw(String accountId, long amount) throws InsufficientFunds {
      Account a = accounts.get(accountId);
      long balance = a == null ? 0 : a.balance();
      if (amount > balance) {
        throw InsufficientFunds.builder().message("balance " + balance + " < " + amount).shortBy(amount - balance).build();
      }
      accounts.put(accountId, a.toBuilder().balance(balance - amount).build());
      return balance - amount;
    }

    @Override
    public void audit(String event) {
      lastAudit = event;
      audited.countDown();
    }

    @Override
    public String whoami() {
      CallContext ctx = CallContext.current();
      ctx.metainfo().putBackward("served-by", "bank-1");
      return "caller=" + ctx.callerService() + ", tenant=" + ctx.metainfo().getTransient("tenant")
          + ", trace-id=" + ctx.metainfo().getPersistent("trace-id");
    }

    @Override
    public void sleep(int millis) {
      try {
        Thread.sleep(millis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    /** A statement per trade, as the trades arrive: blocking reads and writes on a virtual thread. */
    @Override
    public void trade(StreamReader<Trade> trades, StreamWriter<Statement> statementsOut) {
      for (Trade t : trades) {
        Account a = accounts.compute(t.accountId(), (id, old) -> old == null
            ? Account.builder().id(id).owner("?").balance(t.amount()).build()
            : old.toBuilder().balance(old.balance() + t.amount()).build());
        List<Statement> history = statements.computeIfAbsent(a.id(), k -> new java.util.concurrent.CopyOnWriteArrayList<>());
        Statement s = Statement.builder().accountId(a.id()).balance(a.balance()).trades(history.size() + 1).build();
        history.add(s);
        statementsOut.send(s);
      }
    }

    @Override
    public void history(Account account, StreamWriter<Statement> out) {
      for (Statement s : statements.getOrDefault(account.id(), List.of())) out.send(s);
    }

    @Override
    public Account frozen(String accountId) {
      throw new BizStatusException(4031, "account " + accountId + " is frozen", Map.of("until", "2027-01-01"));
    }
  }
}
