package dev.tern.thrift.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.core.ProtocolException;
import dev.tern.thrift.TMessageType;
import dev.tern.thrift.TType;
import dev.tern.thrift.ThriftLimits;
import dev.tern.thrift.ThriftProtocol;
import dev.tern.thrift.ThriftProtocols;
import dev.tern.thrift.ThriftReader;
import dev.tern.thrift.testing.Samples;
import dev.tern.thrift.testing.Values;
import dev.tern.thrift.testing.Values.Msg;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random and mutated input, with a fixed seed: the decoder and the readers may only produce frames
 * or ProtocolExceptions, never another exception, a hang or an attempt to allocate what a length
 * claims.
 */
class FrameDecoderFuzzTest {

  static final int ITERATIONS = 4000;
  /** Small limits, so that mutated lengths hit them often. */
  static final ThriftLimits LIMITS = new ThriftLimits(64 << 10, 4096, 512, 16);

  record Seed(Framing framing, ThriftProtocol protocol, byte[] bytes) {}

  static List<Seed> seeds() {
    List<Seed> seeds = new ArrayList<>();
    for (Framing framing : Framing.values()) {
      for (ThriftProtocol protocol : ThriftProtocol.THRIFT) {
        seeds.add(seed(framing, protocol, false));
      }
    }
    seeds.add(seed(Framing.THEADER, ThriftProtocol.BINARY, true));
    seeds.add(seed(Framing.THEADER, ThriftProtocol.COMPACT, true));
    return seeds;
  }

  static Seed seed(Framing framing, ThriftProtocol protocol, boolean zlib) {
    ByteBuf out = Unpooled.buffer();
    for (int seq = 0; seq < 2; seq++) {
      HeaderInfo h = new HeaderInfo().seqId(seq).header("k", "v");
      if (framing == Framing.TTHEADER) {
        h.intHeader(HeaderInfo.TO_METHOD, "m").aclToken("t");
      }
      if (zlib) {
        h.transforms(HeaderInfo.TRANSFORM_ZLIB);
      }
      int mark = ThriftFrames.beginFrame(out, framing, protocol, h);
      Values.write(ThriftProtocols.writer(protocol, out), new Msg("m", TMessageType.CALL, seq, Samples.body()));
      ThriftFrames.endFrame(out, framing, mark);
    }
    return new Seed(framing, protocol, ByteBufUtil.getBytes(out));
  }

  static byte[] mutate(Random rnd, byte[] in) {
    byte[] b = in.clone();
    switch (rnd.nextInt(6)) {
      case 0 -> { // flip a few bytes
        for (int i = rnd.nextInt(4) + 1; i > 0; i--) {
          b[rnd.nextInt(b.length)] = (byte) rnd.nextInt(256);
        }
      }
      case 1 -> b = Arrays.copyOf(b, rnd.nextInt(b.length)); // truncate
      case 2 -> { // interesting values at a random place: lengths, sizes, type ids
        int at = rnd.nextInt(b.length - 4);
        int[] values = {0x7fffffff, 0x80000000, 0xffffffff, 0x00010000, 0x0fffffff, 0x0f0f0f0f, 0x0c0c0c0c, 0x19191919};
        int v = values[rnd.nextInt(values.length)];
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
      }
      case 3 -> { // keep the first bytes, randomize the rest
        int keep = rnd.nextInt(Math.min(b.length, 40));
        for (int i = keep; i < b.length; i++) {
          b[i] = (byte) rnd.nextInt(256);
        }
      }
      case 4 -> { // splice a random chunk of another place
        int from = rnd.nextInt(b.length);
        int to = rnd.nextInt(b.length);
        int n = Math.min(rnd.nextInt(32), Math.min(b.length - from, b.length - to));
        System.arraycopy(in, from, b, to, n);
      }
      default -> { // pure noise
        b = new byte[rnd.nextInt(300)];
        rnd.nextBytes(b);
      }
    }
    return b;
  }

  @Test
  void onlyFramesOrProtocolExceptions() {
    Random rnd = new Random(20240611L);
    List<Seed> seeds = seeds();
    int frames = 0;
    int errors = 0;
    for (int i = 0; i < ITERATIONS; i++) {
      Seed seed = seeds.get(rnd.nextInt(seeds.size()));
      byte[] input = mutate(rnd, seed.bytes());
      boolean client = rnd.nextBoolean();
      ThriftFrameDecoder decoder = client
          ? new ThriftFrameDecoder(LIMITS, seed.framing(), seed.protocol())
          : new ThriftFrameDecoder(LIMITS);
      EmbeddedChannel ch = new EmbeddedChannel(decoder);
      String context = "iteration " + i + (client ? " client " + seed.framing() + "/" + seed.protocol() : " server")
          + ": " + HexFormat.of().formatHex(input, 0, Math.min(input.length, 64));
      try {
        int pos = 0;
        while (pos < input.length) {
          int n = Math.min(input.length - pos, 1 + rnd.nextInt(80));
          ch.writeInbound(Unpooled.wrappedBuffer(input, pos, n));
          pos += n;
        }
      } catch (ProtocolException expected) {
        errors++;
      } catch (Throwable t) {
        throw new AssertionError(context, t);
      }
      ThriftFrame frame;
      while ((frame = ch.readInbound()) != null) {
        frames++;
        try {
          readWhole(frame, context);
        } finally {
          frame.release();
        }
      }
      ch.finishAndReleaseAll();
    }
    // The mix must exercise both outcomes substantially.
    assertThat(frames).isGreaterThan(ITERATIONS / 4);
    assertThat(errors).isGreaterThan(ITERATIONS / 4);
  }

  /** Reads a frame's message generically; only ProtocolException may come out. */
  static void readWhole(ThriftFrame frame, String context) {
    ByteBuf payload = frame.payload();
    int length = payload.readableBytes();
    ThriftReader r = ThriftProtocols.reader(frame.protocol(), payload, LIMITS);
    try {
      r.readMessageBegin();
      r.skip(TType.STRUCT);
      if (frame.framing() == Framing.BUFFERED) {
        // The scanner found this end by walking the message: the reader must agree exactly.
        assertThat(payload.readableBytes()).as(context).isZero();
      }
    } catch (ProtocolException e) {
      // A buffered frame was already walked by the scanner, which enforces the same rules.
      assertThat(frame.framing()).as(context + " (" + length + " bytes): " + e.getMessage()).isNotEqualTo(Framing.BUFFERED);
    } catch (Throwable t) {
      throw new AssertionError(context, t);
    }
  }
}
