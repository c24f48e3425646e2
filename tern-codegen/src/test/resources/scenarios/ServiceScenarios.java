package dev.tern.gen.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tern.codegen.InMemoryCaller;
import dev.tern.codegen.Wire;
import dev.tern.core.RemoteException;
import dev.tern.gen.shared.SharedService;
import dev.tern.gen.shared.SharedStruct;
import dev.tern.gen.test.AllTypes;
import dev.tern.gen.test.Base;
import dev.tern.gen.test.Calculator;
import dev.tern.gen.test.Color;
import dev.tern.gen.test.Invalid;
import dev.tern.gen.test.NotFound;
import dev.tern.gen.test.Point;
import dev.tern.gen.test.Shape;
import dev.tern.gen.test.Tree;
import dev.tern.thrift.ThriftProtocol;
import dev.tern.thrift.ThriftServiceDefinition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** Services: method constants, clients over a ThriftCaller, handler binding, declared exceptions. */
public final class ServiceScenarios {
  private ServiceScenarios() {}

  /** A blocking handler. */
  static final class Handler implements Calculator.Iface {
    final List<String> logged = new ArrayList<>();
    int resets;

    @Override
    public SharedStruct getStruct(int key) {
      return SharedStruct.builder().key(key).value("v" + key).build();
    }

    @Override
    public void ping() {}

    @Override
    public String echo(String text) {
      return text;
    }

    @Override
    public long add(long a, long b) {
      return a + b;
    }

    @Override
    public double divide(double a, double b) throws Invalid {
      if (b == 0) {
        throw Invalid.builder().code(22).detail("division by zero").build();
      }
      return a / b;
    }

    @Override
    public void log(String line) {
      logged.add(line);
    }

    @Override
    public void reset() throws NotFound {
      if (++resets > 1) {
        throw NotFound.builder().message("nothing to reset").code(1).build();
      }
    }

    @Override
    public Point find(long id, String hint) throws NotFound, Invalid {
      if (id < 0) {
        throw Invalid.builder().code((int) id).build();
      }
      if (id == 0) {
        throw NotFound.builder().message("no " + hint).build();
      }
      return id == 1 ? Point.builder().x(1).y(1).build() : null;
    }

    @Override
    public List<Shape> shapes(Map<String, Shape> byName, Set<Color> colors) {
      List<Shape> out = new ArrayList<>(byName.values());
      colors.forEach(c -> out.add(Shape.color(c)));
      return out;
    }

    @Override
    public Tree tree(Tree input) {
      return Tree.builder().label("echo").children(List.of(input)).build();
    }

    @Override
    public byte[] bytes(byte[] data) {
      return data;
    }

    @Override
    public AllTypes everything(AllTypes value) {
      return value;
    }

    @Override
    public Color color(Color c) {
      return c;
    }

    @Override
    public String class_(int result, String caller) {
      if (result < 0) {
        throw new IllegalArgumentException("undeclared");
      }
      return caller + result;
    }
  }

  public static void methodConstants() {
    assertThat(Calculator.SERVICE_NAME).isEqualTo("Calculator");
    assertThat(Calculator.ADD.serviceName()).isEqualTo("Calculator");
    assertThat(Calculator.ADD.name()).isEqualTo("add");
    assertThat(Calculator.ADD.oneway()).isFalse();
    assertThat(Calculator.LOG.oneway()).isTrue();
    assertThat(Calculator.LOG.resultCodec()).isNull();
    assertThat(Calculator.CLASS.name()).isEqualTo("class");
    // inherited methods are re-declared under the child's service name
    assertThat(Calculator.GET_STRUCT.serviceName()).isEqualTo("Calculator");
    assertThat(Calculator.GET_STRUCT.argsCodec()).isSameAs(SharedService.GetStructArgs.CODEC);
    assertThat(SharedService.GET_STRUCT.serviceName()).isEqualTo("SharedService");
    ThriftServiceDefinition def = Calculator.service(new Handler());
    assertThat(def.serviceName()).isEqualTo("Calculator");
    assertThat(def.methods()).extracting(m -> m.method().name()).containsExactlyInAnyOrder(
        "getStruct", "ping", "echo", "add", "divide", "log", "reset", "find", "shapes", "tree", "bytes",
        "everything", "color", "class");
    assertThat(def.method("add").isBlocking()).isTrue();
    assertThat(Calculator.serviceAsync(new AsyncHandler()).method("add").isBlocking()).isFalse();
  }

  public static void argsAndResultsMatchApacheThriftOnTheWire() {
    // add_args {1: i64 a, 2: i64 b}
    assertThat(Wire.hex(Wire.bytes(Calculator.AddArgs.builder().a(1).b(2).build(), ThriftProtocol.BINARY)))
        .isEqualTo("0a0001" + "0000000000000001" + "0a0002" + "0000000000000002" + "00");
    // add_result {0: i64 success}
    assertThat(Wire.hex(Wire.bytes(Calculator.AddResult.builder().success(3).build(), ThriftProtocol.BINARY)))
        .isEqualTo("0a0000" + "0000000000000003" + "00");
    // divide_result {1: Invalid invalid}: the exception as a struct field
    Calculator.DivideResult failed =
        Calculator.DivideResult.builder().invalid(Invalid.builder().code(1).build()).build();
    assertThat(Wire.fieldIds(Wire.bytes(failed, ThriftProtocol.COMPACT), ThriftProtocol.COMPACT)).containsExactly(1);
    assertThat(Wire.fieldIds(Wire.bytes(Calculator.ResetResult.builder().build(), ThriftProtocol.BINARY),
        ThriftProtocol.BINARY)).isEmpty();
  }

  public static void blockingClientAgainstBlockingService() throws Exception {
    for (ThriftProtocol p : ThriftProtocol.THRIFT) {
      Handler handler = new Handler();
      InMemoryCaller caller = new InMemoryCaller(Calculator.service(handler), p);
      Calculator.Iface client = Calculator.client(caller);
      assertThat(client.add(40, 2)).isEqualTo(42);
      assertThat(client.divide(1, 4)).isEqualTo(0.25);
      assertThatThrownBy(() -> client.divide(1, 0)).isInstanceOfSatisfying(Invalid.class, e -> {
        assertThat(e.code()).isEqualTo(22);
        assertThat(e.detail()).isEqualTo("division by zero");
      });
      client.log("hello");
      assertThat(handler.logged).containsExactly("hello");
      client.reset();
      assertThatThrownBy(client::reset).isInstanceOf(NotFound.class).hasMessage("nothing to reset");
      assertThat(client.find(1, null)).isEqualTo(Point.builder().x(1).y(1).build());
      assertThatThrownBy(() -> client.find(0, "zero")).isInstanceOf(NotFound.class).hasMessage("no zero");
      assertThatThrownBy(() -> client.find(-5, null)).isInstanceOfSatisfying(Invalid.class,
          e -> assertThat(e.code()).isEqualTo(-5));
      assertThatThrownBy(() -> client.find(2, null)).isInstanceOfSatisfying(RemoteException.class, e -> {
        assertThat(e.code()).isEqualTo(RemoteException.MISSING_RESULT);
        assertThat(e.getMessage()).contains("find failed: unknown result");
      });
      assertThat(client.getStruct(7)).isEqualTo(SharedStruct.builder().key(7).value("v7").build());
      client.ping();
      assertThat(client.echo("e")).isEqualTo("e");
      assertThat(client.shapes(Map.of("c", Shape.radius(1)), Set.of(Color.RED)))
          .containsExactly(Shape.radius(1), Shape.color(Color.RED));
      Tree leaf = Tree.builder().label("leaf").build();
      assertThat(client.tree(leaf).children()).containsExactly(leaf);
      assertThat(client.bytes(new byte[] {1, 2, 3})).containsExactly(1, 2, 3);
      AllTypes all = StructScenarios.allSet();
      assertThat(client.everything(all)).isEqualTo(all);
      assertThat(client.color(Color.BLUE)).isEqualTo(Color.BLUE);
      assertThat(client.class_(1, "x")).isEqualTo("x1");
      assertThatThrownBy(() -> client.class_(-1, "x")).isInstanceOfSatisfying(RemoteException.class,
          e -> assertThat(e.code()).isEqualTo(RemoteException.INTERNAL_ERROR));
      assertThat(caller.calls).startsWith("add", "divide", "divide", "log", "reset", "reset");
      // the parent's client works against the child's service
      assertThat(Base.client(caller).echo("up")).isEqualTo("up");
    }
  }

  public static void asyncClientAgainstBlockingService() {
    Calculator.AsyncIface client = Calculator.asyncClient(new InMemoryCaller(Calculator.service(new Handler()),
        ThriftProtocol.COMPACT));
    assertThat(client.add(1, 2).join()).isEqualTo(3L);
    CompletableFuture<Double> failed = client.divide(1, 0);
    assertThatThrownBy(failed::join).isInstanceOf(CompletionException.class).cause().isInstanceOf(Invalid.class);
    assertThat(client.reset().join()).isNull();
    assertThatThrownBy(() -> client.reset().join()).cause().isInstanceOf(NotFound.class);
    assertThat(client.ping().join()).isNull();
    assertThat(client.log("x").join()).isNull();
    assertThatThrownBy(() -> client.find(2, null).join()).cause().isInstanceOf(RemoteException.class);
    assertThat(client.getStruct(1).join().value()).isEqualTo("v1");
  }

  /** A non-blocking handler: failures travel through the futures. */
  static final class AsyncHandler implements Calculator.AsyncIface {
    @Override
    public CompletableFuture<SharedStruct> getStruct(int key) {
      return CompletableFuture.completedFuture(SharedStruct.builder().key(key).build());
    }

    @Override
    public CompletableFuture<Void> ping() {
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<String> echo(String text) {
      return CompletableFuture.supplyAsync(() -> text);
    }

    @Override
    public CompletableFuture<Long> add(long a, long b) {
      return CompletableFuture.supplyAsync(() -> a + b);
    }

    @Override
    public CompletableFuture<Double> divide(double a, double b) {
      if (b == 0) {
        // fails a dependent stage, so the handler sees a CompletionException around Invalid
        return CompletableFuture.supplyAsync(() -> {
          throw new CompletionException(Invalid.builder().code(7).build());
        });
      }
      return CompletableFuture.completedFuture(a / b);
    }

    @Override
    public CompletableFuture<Void> log(String line) {
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> reset() {
      return CompletableFuture.failedFuture(NotFound.builder().message("gone").build());
    }

    @Override
    public CompletableFuture<Point> find(long id, String hint) {
      return CompletableFuture.failedFuture(new IllegalStateException("undeclared"));
    }

    @Override
    public CompletableFuture<List<Shape>> shapes(Map<String, Shape> byName, Set<Color> colors) {
      return CompletableFuture.completedFuture(List.copyOf(byName.values()));
    }

    @Override
    public CompletableFuture<Tree> tree(Tree input) {
      return CompletableFuture.completedFuture(input);
    }

    @Override
    public CompletableFuture<byte[]> bytes(byte[] data) {
      return CompletableFuture.completedFuture(data);
    }

    @Override
    public CompletableFuture<AllTypes> everything(AllTypes value) {
      return CompletableFuture.completedFuture(value);
    }

    @Override
    public CompletableFuture<Color> color(Color c) {
      return CompletableFuture.completedFuture(c);
    }

    @Override
    public CompletableFuture<String> class_(int result, String caller) {
      return CompletableFuture.completedFuture(caller);
    }
  }

  public static void clientsAgainstAsyncService() throws Exception {
    InMemoryCaller caller = new InMemoryCaller(Calculator.serviceAsync(new AsyncHandler()), ThriftProtocol.BINARY);
    Calculator.Iface client = Calculator.client(caller);
    assertThat(client.add(2, 3)).isEqualTo(5);
    assertThat(client.echo("a")).isEqualTo("a");
    assertThat(client.divide(6, 3)).isEqualTo(2.0);
    assertThatThrownBy(() -> client.divide(1, 0)).isInstanceOfSatisfying(Invalid.class,
        e -> assertThat(e.code()).isEqualTo(7));
    assertThatThrownBy(client::reset).isInstanceOf(NotFound.class).hasMessage("gone");
    assertThatThrownBy(() -> client.find(1, null)).isInstanceOfSatisfying(RemoteException.class,
        e -> assertThat(e.code()).isEqualTo(RemoteException.INTERNAL_ERROR));
    client.log("fire and forget");
    assertThat(caller.calls).contains("log");
    Calculator.AsyncIface async = Calculator.asyncClient(caller);
    assertThatThrownBy(() -> async.divide(1, 0).join()).cause().isInstanceOf(Invalid.class);
    assertThat(async.getStruct(3).join().key()).isEqualTo(3);
  }
}
