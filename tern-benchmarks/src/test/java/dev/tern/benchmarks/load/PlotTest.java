package dev.tern.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.GraphicsEnvironment;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlotTest {

  @Test
  void drawsAPngWithARowPerContestant(@TempDir Path dir) throws Exception {
    System.setProperty("java.awt.headless", "true");
    assumeTrue(GraphicsEnvironment.getLocalGraphicsEnvironment().getAvailableFontFamilyNames().length > 0,
        "the JDK finds no fonts here");
    Path png = dir.resolve("img/bench.png");
    Plot.write(ReportTest.sample(), png);
    BufferedImage image = ImageIO.read(png.toFile());
    assertThat(image.getWidth()).isEqualTo(1400);
    assertThat(image.getHeight()).isEqualTo(78 + (2 + 5) * 24 + 56); // 2 family headers, 5 rows
    // A Tern bar in its colour at the first row after the "thrift" header.
    int y = 78 + 24 + 12;
    assertThat(image.getRGB(232, y) & 0xFFFFFF).isEqualTo(Plot.color(Contestant.Role.TERN).getRGB() & 0xFFFFFF);
  }
}
