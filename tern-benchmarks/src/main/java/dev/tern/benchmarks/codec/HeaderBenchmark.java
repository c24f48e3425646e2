package dev.tern.benchmarks.codec;

import dev.tern.core.CallContext;
import dev.tern.rpc.internal.HeaderMetadata;
import dev.tern.thrift.TMessageType;
import dev.tern.thrift.ThriftLimits;
import dev.tern.thrift.ThriftProtocol;
import dev.tern.thrift.transport.Framing;
import dev.tern.thrift.transport.HeaderInfo;
import dev.tern.thrift.transport.ThriftFrames;
import dev.tern.thrift.transport.internal.HeaderCodecs;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The TTHeader work of one echo call, without the payload and the socket: the client builds and
 * writes the request header, the server reads it into its call context, builds and writes the
 * reply header, and the client reads that back (backward metainfo, biz status, {@code crrst}).
 * This is what a TTHeader call costs over a Framed one, which the echo benchmark measures only
 * through noisy CPU totals. The context is the echo client's: a service, a method and a deadline.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xms1g", "-Xmx1g",
    "-Djmh.executor=CUSTOM", "-Djmh.executor.class=dev.tern.benchmarks.codec.NettyThreadExecutor"})
public class HeaderBenchmark {

  private ByteBuf buf;

  @Setup(Level.Trial)
  public void setUp() {
    buf = ByteBufAllocator.DEFAULT.directBuffer(512);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    buf.release();
  }

  /** Returns the reply header's sequence id, so that nothing is dead code. */
  @Benchmark
  public int ttheaderRoundTrip() {
    CallContext client = CallContext.newClientCall("Echo", "echo").timeout(Duration.ofSeconds(10));
    HeaderInfo request = HeaderMetadata.request(Framing.TTHEADER, client, 7, TMessageType.CALL);
    HeaderInfo received = writeAndRead(request);
    CallContext server = new CallContext(CallContext.Role.SERVER, "Echo", "echo");
    HeaderMetadata.applyRequest(received, server);

    HeaderInfo reply = HeaderMetadata.reply(Framing.TTHEADER, received, TMessageType.REPLY, server, null, false);
    HeaderInfo answer = writeAndRead(reply);
    HeaderMetadata.applyReply(answer, client);
    if (HeaderMetadata.bizStatus(answer) != null || HeaderMetadata.connectionResetRequested(answer)) {
      throw new AssertionError();
    }
    return answer.seqId() + (server.hasDeadline() ? 1 : 0);
  }

  private HeaderInfo writeAndRead(HeaderInfo header) {
    ByteBuf out = buf.clear();
    ThriftFrames.beginFrame(out, Framing.TTHEADER, ThriftProtocol.BINARY, header);
    HeaderInfo read = new HeaderInfo().flags(out.getUnsignedShort(6)).seqId(out.getInt(8));
    HeaderCodecs.readTTHeader(out, HeaderCodecs.FIXED_SIZE, out.writerIndex(), read, ThriftLimits.DEFAULT);
    return read;
  }
}
