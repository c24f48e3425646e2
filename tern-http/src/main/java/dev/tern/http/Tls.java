package dev.tern.http;

import dev.tern.http.internal.SelfSignedCertificates;
import io.netty.handler.codec.http2.Http2SecurityUtil;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.io.File;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLException;

/**
 * TLS settings for an {@link HttpServer} (a certificate and its key) or an HTTP client (whom to
 * trust). HTTP/2 is negotiated over TLS with ALPN.
 *
 * <pre>{@code
 * HttpServer.builder().tls(Tls.server(Path.of("cert.pem"), Path.of("key.pem")))...
 * Tls dev = Tls.selfSigned("localhost");                      // generated now: tests, local runs
 * HttpClient.builder().tls(Tls.clientTrusting(dev.certificate()))...
 * }</pre>
 *
 * <p>The engine is OpenSSL (BoringSSL from {@code netty-tcnative-boringssl-static}) when it can be
 * loaded, else the JDK's; the system property {@value #PROVIDER_PROPERTY} ({@code openssl} or
 * {@code jdk}) forces one. Contexts are built on first use and cached per ALPN protocol list.
 */
public final class Tls {

  /** System property that forces the TLS engine: {@code openssl} or {@code jdk}. */
  public static final String PROVIDER_PROPERTY = "tern.tls.provider";

  private enum Side { SERVER, CLIENT }

  private final Side side;
  private final PrivateKey key;
  private final List<X509Certificate> chain;
  private final File chainPem;
  private final File keyPem;
  private final List<X509Certificate> trusted; // client; empty means the JDK's default trust store
  private final boolean trustAll;
  private final Map<List<String>, SslContext> contexts = new ConcurrentHashMap<>();

  private Tls(Side side, PrivateKey key, List<X509Certificate> chain, File chainPem, File keyPem,
      List<X509Certificate> trusted, boolean trustAll) {
    this.side = side;
    this.key = key;
    this.chain = chain;
    this.chainPem = chainPem;
    this.keyPem = keyPem;
    this.trusted = trusted;
    this.trustAll = trustAll;
  }

  /** Server TLS from PEM files: a certificate chain (leaf first) and a PKCS#8 private key. */
  public static Tls server(Path certificateChainPem, Path privateKeyPem) {
    return new Tls(Side.SERVER, null, List.of(), certificateChainPem.toFile(), privateKeyPem.toFile(), List.of(), false);
  }

  /** Server TLS from a key and its certificate chain (leaf first). */
  public static Tls server(PrivateKey key, X509Certificate... chain) {
    if (chain.length == 0) throw new IllegalArgumentException("a certificate is needed");
    return new Tls(Side.SERVER, Objects.requireNonNull(key, "key"), List.of(chain), null, null, List.of(), false);
  }

  /**
   * Server TLS with a self-signed certificate generated now (EC P-256, valid for a year) for the
   * given host names, {@code localhost} when none, plus {@code 127.0.0.1} and {@code ::1}. For
   * tests and local runs: clients must be told to trust {@link #certificate()}, or not to check.
   */
  public static Tls selfSigned(String... hostNames) {
    List<String> names = new ArrayList<>(hostNames.length == 0 ? List.of("localhost") : List.of(hostNames));
    for (String ip : List.of("127.0.0.1", "::1")) if (!names.contains(ip)) names.add(ip);
    var generated = SelfSignedCertificates.generate(names, Duration.ofDays(365));
    return server(generated.keys().getPrivate(), generated.certificate());
  }

  /** Client TLS trusting the JDK's default certificate authorities, with host name verification. */
  public static Tls client() {
    return new Tls(Side.CLIENT, null, List.of(), null, null, List.of(), false);
  }

  /** Client TLS trusting only these certificates (a private CA, or a self-signed server's). */
  public static Tls clientTrusting(X509Certificate... trusted) {
    if (trusted.length == 0) throw new IllegalArgumentException("no certificate to trust");
    return new Tls(Side.CLIENT, null, List.of(), null, null, List.of(trusted), false);
  }

  /**
   * Client TLS that accepts any server certificate and host name. Encrypts but does not
   * authenticate the server: for tests against self-signed servers only.
   */
  public static Tls clientTrustingAnyone() {
    return new Tls(Side.CLIENT, null, List.of(), null, null, List.of(), true);
  }

  /** The server's leaf certificate, or {@code null} for client settings and PEM files. */
  public X509Certificate certificate() {
    return chain.isEmpty() ? null : chain.get(0);
  }

  /** Whether these are server settings. */
  public boolean isServer() {
    return side == Side.SERVER;
  }

  /** The TLS engine in use: {@code "OpenSSL"} or {@code "JDK"}. */
  public static String provider() {
    return sslProvider() == SslProvider.OPENSSL ? "OpenSSL" : "JDK";
  }

  /**
   * A Netty {@link SslContext} for these settings offering the given ALPN protocols in order of
   * preference (none: no ALPN). Used by Tern's HTTP server and client; cached.
   *
   * @throws IllegalStateException if the key or certificates cannot be loaded
   */
  public SslContext sslContext(List<String> applicationProtocols) {
    return contexts.computeIfAbsent(List.copyOf(applicationProtocols), this::build);
  }

  private SslContext build(List<String> alpn) {
    try {
      SslContextBuilder b;
      if (side == Side.SERVER) {
        b = key != null ? SslContextBuilder.forServer(key, chain) : SslContextBuilder.forServer(chainPem, keyPem);
      } else {
        b = SslContextBuilder.forClient();
        if (trustAll) {
          b.trustManager(InsecureTrustManagerFactory.INSTANCE).endpointIdentificationAlgorithm(null);
        } else {
          if (!trusted.isEmpty()) b.trustManager(trusted);
          b.endpointIdentificationAlgorithm("HTTPS");
        }
      }
      b.sslProvider(sslProvider());
      if (alpn.contains("h2")) {
        // RFC 9113 9.2.2: HTTP/2 over TLS must not use the blocked cipher suites
        b.ciphers(Http2SecurityUtil.CIPHERS, SupportedCipherSuiteFilter.INSTANCE);
      }
      if (!alpn.isEmpty()) {
        b.applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
            ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
            ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT, alpn));
      }
      return b.build();
    } catch (SSLException | RuntimeException e) {
      throw new IllegalStateException("cannot set up TLS: " + e.getMessage(), e);
    }
  }

  private static SslProvider sslProvider() {
    String forced = System.getProperty(PROVIDER_PROPERTY, "");
    if (forced.equalsIgnoreCase("jdk")) return SslProvider.JDK;
    if (forced.equalsIgnoreCase("openssl")) {
      if (!OpenSsl.isAvailable()) throw new IllegalStateException("OpenSSL was asked for but cannot be loaded", OpenSsl.unavailabilityCause());
      return SslProvider.OPENSSL;
    }
    return OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;
  }

  @Override
  public String toString() {
    return "Tls[" + side.name().toLowerCase(java.util.Locale.ROOT) + ", " + provider() + "]";
  }
}
