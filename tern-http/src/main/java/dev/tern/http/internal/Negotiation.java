package dev.tern.http.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Proactive content negotiation on {@code Accept} (RFC 9110 12.5.1): each offered type gets the
 * quality of the most specific range that matches it ({@code type/subtype} over {@code type/*}
 * over {@code *}{@code /*}); the best quality wins, ties go to the server's order, quality 0
 * means "not acceptable". No {@code Accept} header accepts anything.
 */
final class Negotiation {

  private record Range(String type, String subtype, double q) {
    int specificity() {
      return type.equals("*") ? 0 : subtype.equals("*") ? 1 : 2;
    }

    boolean matches(String t, String s) {
      return (type.equals("*") || type.equals(t)) && (subtype.equals("*") || subtype.equals(s));
    }
  }

  private Negotiation() {}

  /** The offered media type to send, or null if none is acceptable. */
  static String best(String accept, List<String> offered) {
    if (offered.isEmpty()) return null;
    if (accept == null || accept.isBlank()) return offered.get(0);
    List<Range> ranges = parse(accept);
    String best = null;
    double bestQ = 0;
    for (String o : offered) {
      String bare = o.toLowerCase(Locale.ROOT);
      int semi = bare.indexOf(';');
      if (semi >= 0) bare = bare.substring(0, semi).trim();
      int slash = bare.indexOf('/');
      String t = bare.substring(0, slash);
      String s = bare.substring(slash + 1);
      Range match = null;
      for (Range r : ranges) {
        if (r.matches(t, s) && (match == null || r.specificity() > match.specificity())) match = r;
      }
      if (match != null && match.q() > bestQ) {
        best = o;
        bestQ = match.q();
      }
    }
    return best;
  }

  private static List<Range> parse(String accept) {
    List<Range> out = new ArrayList<>();
    for (String part : accept.split(",")) {
      String[] fields = part.trim().split(";");
      String media = fields[0].trim().toLowerCase(Locale.ROOT);
      int slash = media.indexOf('/');
      if (slash <= 0 || slash == media.length() - 1) {
        if (media.equals("*")) out.add(new Range("*", "*", q(fields)));
        continue;
      }
      out.add(new Range(media.substring(0, slash), media.substring(slash + 1), q(fields)));
    }
    return out;
  }

  private static double q(String[] fields) {
    for (int i = 1; i < fields.length; i++) {
      String p = fields[i].trim();
      if (p.regionMatches(true, 0, "q=", 0, 2)) {
        try {
          return Math.clamp(Double.parseDouble(p.substring(2).trim()), 0, 1);
        } catch (NumberFormatException e) {
          return 0;
        }
      }
    }
    return 1;
  }
}
