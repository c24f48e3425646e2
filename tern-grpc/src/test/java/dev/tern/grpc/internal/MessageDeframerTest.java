package dev.tern.grpc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.grpc.GrpcStatus;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MessageDeframerTest {

  private final List<String> messages = new ArrayList<>();
  private final List<GrpcStatus> failures = new ArrayList<>();
  private final List<ByteBuf> held = new ArrayList<>();
  private int ended;
  private int consumed;

  private MessageDeframer deframer(int max) {
    MessageDeframer d = new MessageDeframer(ByteBufAllocator.DEFAULT, max, n -> consumed += n);
    d.sink(new MessageDeframer.Sink() {
      @Override
      public void messageRead(ByteBuf payload, boolean compressed) {
        messages.add((compressed ? "z:" : "") + payload.toString(StandardCharsets.UTF_8));
        payload.release();
      }

      @Override
      public void endOfStream() {
        ended++;
      }

      @Override
      public void failed(GrpcStatus status) {
        failures.add(status);
      }
    });
    return d;
  }

  private ByteBuf data(byte[] bytes) {
    ByteBuf b = Unpooled.copiedBuffer(bytes);
    held.add(b);
    return b.retain(); // the deframer takes one reference; the test keeps one to check for leaks
  }

  private static byte[] framed(String... messages) {
    ByteBuf out = Unpooled.buffer();
    for (String m : messages) {
      byte[] b = m.getBytes(StandardCharsets.UTF_8);
      out.writeByte(0).writeInt(b.length).writeBytes(b);
    }
    byte[] bytes = new byte[out.readableBytes()];
    out.readBytes(bytes);
    return bytes;
  }

  @AfterEach
  void nothingLeaks() {
    for (ByteBuf b : held) assertThat(b.refCnt()).as("buffer released by the deframer").isEqualTo(1);
  }

  @Test
  void deliversOnlyWhatWasRequestedAndConsumesAsItGoes() {
    MessageDeframer d = deframer(100);
    byte[] all = framed("one", "two", "three");
    d.addData(data(all), true);
    assertThat(messages).isEmpty();
    assertThat(consumed).isZero(); // nothing read: the peer's window stays closed
    d.request(1);
    assertThat(messages).containsExactly("one");
    assertThat(consumed).isEqualTo(8);
    d.request(5);
    assertThat(messages).containsExactly("one", "two", "three");
    assertThat(ended).isEqualTo(1);
    assertThat(consumed).isEqualTo(all.length);
  }

  @Test
  void reassemblesMessagesSplitAcrossFramesByteByByte() {
    MessageDeframer d = deframer(100);
    d.request(10);
    byte[] all = framed("hello", "", "world");
    for (byte b : all) d.addData(data(new byte[] {b}), false);
    d.endOfStream();
    assertThat(messages).containsExactly("hello", "", "world");
    assertThat(ended).isEqualTo(1);
    assertThat(consumed).isEqualTo(all.length);
  }

  @Test
  void refusesAMessageOverTheLimitFromItsPrefixAlone() {
    MessageDeframer d = deframer(10);
    d.request(1);
    d.addData(data(new byte[] {0, 0, 0x50, 0, 0, 1, 2, 3}), false); // declares 5 MiB, sends 3 bytes
    assertThat(failures).singleElement().satisfies(s -> {
      assertThat(s.code()).isEqualTo(GrpcStatus.Code.RESOURCE_EXHAUSTED);
      assertThat(s.description()).contains("5242880").contains("10");
    });
    assertThat(d.isClosed()).isTrue();
    d.addData(data(new byte[] {1, 2}), true); // later frames are dropped, and still count as consumed
    assertThat(consumed).isEqualTo(10);
  }

  @Test
  void rejectsBadFlagsAndUnexpectedCompression() {
    MessageDeframer d = deframer(10);
    d.request(1);
    d.addData(data(new byte[] {2, 0, 0, 0, 0}), false);
    assertThat(failures).singleElement().extracting(GrpcStatus::code).isEqualTo(GrpcStatus.Code.INTERNAL);

    failures.clear();
    MessageDeframer z = deframer(10);
    z.request(1);
    z.addData(data(new byte[] {1, 0, 0, 0, 1, 'x'}), false);
    assertThat(failures).singleElement().satisfies(s -> assertThat(s.description()).contains("grpc-encoding"));

    failures.clear();
    MessageDeframer ok = deframer(10);
    ok.compressionAllowed(true);
    ok.request(1);
    ok.addData(data(new byte[] {1, 0, 0, 0, 1, 'x'}), false);
    assertThat(failures).isEmpty();
    assertThat(messages).containsExactly("z:x");
  }

  @Test
  void aStreamEndingInsideAMessageIsAnError() {
    MessageDeframer d = deframer(100);
    d.request(1);
    d.addData(data(new byte[] {0, 0, 0, 0, 9, 'a', 'b'}), true);
    assertThat(failures).singleElement().satisfies(s -> assertThat(s.description()).contains("inside a message"));
    assertThat(ended).isZero();
  }

  @Test
  void closeReleasesBufferedData() {
    MessageDeframer d = deframer(100);
    byte[] all = framed("a", "b");
    d.addData(data(all), false);
    d.request(1);
    d.close();
    assertThat(consumed).isEqualTo(all.length);
    d.request(1);
    assertThat(messages).containsExactly("a");
  }
}
