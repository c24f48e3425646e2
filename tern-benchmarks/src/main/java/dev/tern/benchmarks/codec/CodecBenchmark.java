package dev.tern.benchmarks.codec;

import dev.tern.thrift.ThriftLimits;
import dev.tern.thrift.ThriftProtocol;
import dev.tern.thrift.ThriftProtocols;
import dev.tern.thrift.ThriftStruct;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.apache.thrift.TBase;
import org.apache.thrift.TException;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.protocol.TCompactProtocol;
import org.apache.thrift.protocol.TProtocol;
import org.apache.thrift.transport.TByteBuffer;
import org.apache.thrift.transport.TMemoryInputTransport;
import org.apache.thrift.transport.TTransport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Encoding and decoding one struct with Tern's generated code and with Apache Thrift's
 * ({@code libthrift} 0.20, code from its own compiler), in the binary and compact protocols.
 *
 * <p>Both sides do what their RPC stacks do per message, minus the socket. Encoding: Tern creates
 * its writer over a direct {@link ByteBuf} from Netty's default (pooled) allocator, as its
 * transport does, cleared and reused; libthrift writes through a reused protocol into a reused
 * {@link TByteBuffer}. Decoding: both read the same bytes, already in memory, into a new object:
 * Tern from a direct buffer (as frames arrive from Netty), libthrift from a
 * {@link TMemoryInputTransport} reset over a {@code byte[]} (as its framed transport and
 * non-blocking servers hand frames to the protocol). Results go to JMH's blackhole by being
 * returned. The benchmark threads are Netty threads, like the event loops Tern decodes on.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
// A fixed heap: no resizing while measuring, the same for both libraries. Benchmark threads are
// Netty threads, as the event loops that decode Tern's frames are (see NettyThreadExecutor).
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xms1g", "-Xmx1g",
    "-Djmh.executor=CUSTOM", "-Djmh.executor.class=dev.tern.benchmarks.codec.NettyThreadExecutor"})
public class CodecBenchmark {

  @Param({"SMALL", "MEDIUM", "LARGE"})
  public Payload payload;

  @Param({"BINARY", "COMPACT"})
  public ThriftProtocol protocol;

  private ThriftStruct ternValue;
  private ByteBuf ternOut;
  private ByteBuf ternIn;

  private TBase<?, ?> libthriftValue;
  private TByteBuffer libthriftOut;
  private TProtocol libthriftWriter;
  private byte[] encoded;
  private TMemoryInputTransport libthriftIn;
  private TProtocol libthriftReader;

  /** Builds the value in both libraries' types and encodes it once for the decoders. */
  @Setup(Level.Trial)
  public void setUp() throws TException {
    ternValue = payload.build();
    ternOut = ByteBufAllocator.DEFAULT.directBuffer(1024);
    ternValue.write(ThriftProtocols.writer(protocol, ternOut));
    encoded = new byte[ternOut.readableBytes()];
    ternOut.getBytes(0, encoded);
    ternIn = ByteBufAllocator.DEFAULT.directBuffer(encoded.length).writeBytes(encoded);

    libthriftIn = new TMemoryInputTransport(encoded);
    libthriftReader = protocol(libthriftIn);
    libthriftValue = payload.newLibthrift();
    libthriftValue.read(libthriftReader);
    libthriftOut = new TByteBuffer(ByteBuffer.allocate(encoded.length * 2));
    libthriftWriter = protocol(libthriftOut);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    ternOut.release();
    ternIn.release();
  }

  /** Returns the encoded size. */
  @Benchmark
  public int encodeTern() {
    ByteBuf out = ternOut.clear();
    ternValue.write(ThriftProtocols.writer(protocol, out));
    return out.writerIndex();
  }

  /** Returns the encoded size. */
  @Benchmark
  public int encodeLibthrift() throws TException {
    libthriftOut.clear();
    libthriftValue.write(libthriftWriter);
    return libthriftOut.getByteBuffer().position();
  }

  @Benchmark
  public Object decodeTern() {
    ternIn.readerIndex(0);
    return payload.ternCodec().read(ThriftProtocols.reader(protocol, ternIn, ThriftLimits.DEFAULT));
  }

  @Benchmark
  public Object decodeLibthrift() throws TException {
    libthriftIn.reset(encoded);
    TBase<?, ?> value = payload.newLibthrift();
    value.read(libthriftReader);
    return value;
  }

  private TProtocol protocol(TTransport transport) {
    return switch (protocol) {
      case BINARY -> new TBinaryProtocol(transport);
      case COMPACT -> new TCompactProtocol(transport);
      case KITEX_PROTOBUF -> throw new IllegalArgumentException("libthrift has no Kitex Protobuf");
    };
  }
}
