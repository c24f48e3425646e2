package dev.tern.cli.crosstest;

import dev.tern.thrift.ThriftProtocol;
import dev.tern.thrift.transport.Framing;
import java.util.Locale;

/**
 * The framing and protocol that a cross-test {@code --transport} and {@code --protocol} pair
 * names. Apache's names: transports {@code buffered} and {@code framed}, protocols
 * {@code binary}, {@code compact} and {@code header} (Apache THeader, binary inside). Tern adds
 * transport {@code header} (THeader around the protocol given, so THeader with compact can be
 * asked for) and transport {@code ttheader} (Kitex TTHeader around the protocol given).
 */
record CrossTestWire(Framing framing, ThriftProtocol protocol) {

  /** The transports the cross-test commands accept. */
  static final String TRANSPORTS = "buffered, framed, header, ttheader";
  /** The protocols the cross-test commands accept. */
  static final String PROTOCOLS = "binary, compact, header";

  /**
   * @throws IllegalArgumentException naming the unsupported value (Apache's http, zlib, json...)
   */
  static CrossTestWire parse(String transport, String protocol) {
    String t = transport.toLowerCase(Locale.ROOT);
    String p = protocol.toLowerCase(Locale.ROOT);
    Framing framing = switch (t) {
      case "buffered" -> Framing.BUFFERED;
      case "framed" -> Framing.FRAMED;
      case "header" -> Framing.THEADER;
      case "ttheader" -> Framing.TTHEADER;
      default -> throw new IllegalArgumentException(
          "unsupported transport '" + transport + "'; Tern supports " + TRANSPORTS);
    };
    ThriftProtocol inner = switch (p) {
      case "binary" -> ThriftProtocol.BINARY;
      case "compact" -> ThriftProtocol.COMPACT;
      case "header" -> {
        if (framing == Framing.TTHEADER) {
          throw new IllegalArgumentException("protocol 'header' (Apache THeader) cannot go inside transport 'ttheader'");
        }
        // Apache's THeaderProtocol is a framing of its own: it replaces buffered or framed.
        framing = Framing.THEADER;
        yield ThriftProtocol.BINARY;
      }
      default -> throw new IllegalArgumentException(
          "unsupported protocol '" + protocol + "'; Tern supports " + PROTOCOLS);
    };
    return new CrossTestWire(framing, inner);
  }

  @Override
  public String toString() {
    return framing.name().toLowerCase(Locale.ROOT) + "/" + protocol.name().toLowerCase(Locale.ROOT);
  }
}
