package dev.tern.benchmarks.load;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * A PNG of a {@link Report}: per contestant, a QPS bar (left) and a p99 latency bar (right),
 * grouped by family and coloured by role. Drawn with Java2D in headless mode, so it needs no
 * display and no native tools, only the fonts the JDK finds.
 */
final class Plot {
  private Plot() {}

  private static final int WIDTH = 1400;
  private static final int LABEL_WIDTH = 230;
  private static final int GAP = 40;
  private static final int ROW = 24;
  private static final int TOP = 78;
  private static final int BOTTOM = 56;
  private static final Color TEXT = new Color(33, 33, 33);
  private static final Color GRID = new Color(224, 224, 224);

  static Color color(Contestant.Role role) {
    return switch (role) {
      case TERN -> new Color(0, 137, 123);
      case PEER -> new Color(84, 110, 122);
      case MIXED -> new Color(126, 87, 194);
      case CEILING -> new Color(176, 176, 176);
    };
  }

  static void write(Report report, Path file) throws IOException {
    System.setProperty("java.awt.headless", "true");
    List<Object> lines = new ArrayList<>(); // a Family header or a Row, top to bottom
    Contestant.Family current = null;
    for (Contestant.Family family : Contestant.Family.values()) {
      for (Report.Row r : report.rows()) {
        if (r.contestant().family() != family) continue;
        if (current != family) {
          lines.add(family);
          current = family;
        }
        lines.add(r);
      }
    }
    int height = TOP + lines.size() * ROW + BOTTOM;
    BufferedImage image = new BufferedImage(WIDTH, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, WIDTH, height);
      draw(g, report, lines, height);
    } finally {
      g.dispose();
    }
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) Files.createDirectories(parent);
    if (!ImageIO.write(image, "png", file.toFile())) throw new IOException("no PNG writer in this JDK");
  }

  private static void draw(Graphics2D g, Report report, List<Object> lines, int height) {
    Font plain = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
    Font bold = plain.deriveFont(Font.BOLD);
    Map<String, Object> s = report.settings();
    Map<String, Object> m = report.machine();
    g.setColor(TEXT);
    g.setFont(bold.deriveFont(17f));
    g.drawString(String.format(Locale.ROOT, "Echo benchmark: %s-byte payload, %s callers, %s s measured after a warm-up",
        s.get("payload_bytes"), s.get("concurrency"), s.get("duration_s")), 16, 26);
    g.setFont(plain);
    g.drawString(String.format(Locale.ROOT, "%s cores (%s), %s, %s; %s", m.get("cores"), m.get("cpu"), m.get("jdk"),
        m.get("os"), s.get("pinning")), 16, 46);

    int panel = (WIDTH - LABEL_WIDTH - GAP - 24) / 2;
    int qpsX = LABEL_WIDTH;
    int p99X = LABEL_WIDTH + panel + GAP;
    double maxQps = 1;
    double maxP99 = 1e-3;
    for (Report.Row r : report.rows()) {
      maxQps = Math.max(maxQps, r.m().qps());
      maxP99 = Math.max(maxP99, r.m().p99Micros() / 1e3);
    }
    maxQps = 4 * niceStep(maxQps / 4);
    maxP99 = 4 * niceStep(maxP99 / 4);
    g.setFont(bold);
    g.drawString("QPS (higher is better)", qpsX, TOP - 10);
    g.drawString("p99 latency, ms (lower is better)", p99X, TOP - 10);
    axis(g, qpsX, panel, maxQps, height, false);
    axis(g, p99X, panel, maxP99, height, true);

    int y = TOP;
    for (Object line : lines) {
      if (line instanceof Contestant.Family family) {
        g.setFont(bold);
        g.setColor(TEXT);
        g.drawString(family.id, 12, y + ROW - 7);
      } else if (line instanceof Report.Row r) {
        g.setFont(r.contestant().role() == Contestant.Role.TERN ? bold : plain);
        g.setColor(TEXT);
        g.drawString(r.name(), 28, y + ROW - 7);
        if (r.m().calls() == 0) {
          g.drawString("failed", qpsX + 4, y + ROW - 7);
        } else {
          bar(g, qpsX, y, panel, r.m().qps() / maxQps, color(r.contestant().role()),
              String.format(Locale.ROOT, "%,.0f", r.m().qps()), plain);
          bar(g, p99X, y, panel, r.m().p99Micros() / 1e3 / maxP99, color(r.contestant().role()),
              String.format(Locale.ROOT, "%.2f", r.m().p99Micros() / 1e3), plain);
        }
      }
      y += ROW;
    }

    int legendY = height - 20;
    int x = 16;
    g.setFont(plain);
    for (Contestant.Role role : Contestant.Role.values()) {
      g.setColor(color(role));
      g.fillRect(x, legendY - 11, 14, 14);
      g.setColor(TEXT);
      String label = switch (role) {
        case TERN -> "Tern";
        case PEER -> "peer";
        case MIXED -> "Tern client, peer server";
        case CEILING -> "bare Netty (ceiling)";
      };
      g.drawString(label, x + 20, legendY);
      x += 20 + g.getFontMetrics().stringWidth(label) + 28;
    }
    g.drawString("load average at start/end: " + m.get("load_average_start") + " / " + m.get("load_average_end"),
        x + 12, legendY);
  }

  /** The smallest of 1, 2, 2.5 and 5 times a power of ten that is at least {@code raw}. */
  static double niceStep(double raw) {
    double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
    double norm = raw / magnitude;
    double step = norm <= 1 ? 1 : norm <= 2 ? 2 : norm <= 2.5 ? 2.5 : norm <= 5 ? 5 : 10;
    return step * magnitude;
  }

  private static void axis(Graphics2D g, int x, int width, double max, int height, boolean decimals) {
    g.setStroke(new BasicStroke(1f));
    for (int i = 0; i <= 4; i++) {
      int gx = x + (width - 70) * i / 4;
      g.setColor(GRID);
      g.drawLine(gx, TOP, gx, height - BOTTOM);
      g.setColor(Color.GRAY);
      double value = max * i / 4;
      String label = decimals && max < 4 ? String.format(Locale.ROOT, "%.2f", value)
          : decimals && max < 40 ? String.format(Locale.ROOT, "%.1f", value) : String.format(Locale.ROOT, "%,.0f", value);
      g.drawString(label, gx - g.getFontMetrics().stringWidth(label) / 2, height - BOTTOM + 16);
    }
  }

  private static void bar(Graphics2D g, int x, int y, int width, double fraction, Color color, String label,
                          Font font) {
    int w = (int) Math.round(Math.max(0, Math.min(1, fraction)) * (width - 70));
    g.setColor(color);
    g.fillRect(x, y + 4, Math.max(1, w), ROW - 8);
    g.setColor(TEXT);
    g.setFont(font);
    FontMetrics fm = g.getFontMetrics();
    g.drawString(label, x + w + 6, y + ROW - 7 - (ROW - 8 - fm.getAscent()) / 4);
  }
}
