package dev.tern.http.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * Generates a self-signed X.509 certificate (EC P-256, SHA256withECDSA) with the JDK alone: the
 * JDK has no public API for it, and the usual libraries (BouncyCastle's PKIX part) would add a
 * dependency for what is a short DER encoding. For tests and local {@code --tls} runs only.
 */
public final class SelfSignedCertificates {

  /** A key and the certificate for it. */
  public record Generated(KeyPair keys, X509Certificate certificate) {}

  private static final byte[] OID_EC_SHA256 = oid(1, 2, 840, 10045, 4, 3, 2);
  private static final byte[] OID_COMMON_NAME = oid(2, 5, 4, 3);
  private static final byte[] OID_SUBJECT_ALT_NAME = oid(2, 5, 29, 17);
  private static final byte[] OID_BASIC_CONSTRAINTS = oid(2, 5, 29, 19);
  private static final DateTimeFormatter UTC_TIME = DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'").withZone(ZoneOffset.UTC);

  private SelfSignedCertificates() {}

  /**
   * A certificate for the host names (the first is the subject's common name) and IP literals
   * given, valid from a day ago for {@code validity}.
   */
  public static Generated generate(List<String> names, Duration validity) {
    if (names.isEmpty()) throw new IllegalArgumentException("at least one host name is needed");
    try {
      KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
      gen.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
      KeyPair keys = gen.generateKeyPair();
      byte[] name = seq(set(seq(der(0x06, OID_COMMON_NAME), der(0x0c, names.get(0).getBytes(StandardCharsets.UTF_8)))));
      Instant now = Instant.now();
      byte[] tbs = seq(
          der(0xa0, der(0x02, new byte[] {2})), // v3
          der(0x02, new BigInteger(64, new SecureRandom()).add(BigInteger.ONE).toByteArray()),
          seq(der(0x06, OID_EC_SHA256)),
          name,
          seq(time(now.minus(Duration.ofDays(1))), time(now.plus(validity))),
          name,
          keys.getPublic().getEncoded(), // already a SubjectPublicKeyInfo
          der(0xa3, seq(
              seq(der(0x06, OID_BASIC_CONSTRAINTS), der(0x04, seq())), // not a CA
              seq(der(0x06, OID_SUBJECT_ALT_NAME), der(0x04, seq(altNames(names)))))));
      Signature signer = Signature.getInstance("SHA256withECDSA");
      signer.initSign(keys.getPrivate());
      signer.update(tbs);
      byte[] signature = signer.sign();
      byte[] bitString = new byte[signature.length + 1]; // leading 0: no unused bits
      System.arraycopy(signature, 0, bitString, 1, signature.length);
      byte[] cert = seq(tbs, seq(der(0x06, OID_EC_SHA256)), der(0x03, bitString));
      X509Certificate x509 = (X509Certificate) CertificateFactory.getInstance("X.509")
          .generateCertificate(new ByteArrayInputStream(cert));
      x509.verify(keys.getPublic());
      return new Generated(keys, x509);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot generate a self-signed certificate", e);
    }
  }

  private static byte[][] altNames(List<String> names) {
    byte[][] out = new byte[names.size()][];
    for (int i = 0; i < names.size(); i++) {
      String n = names.get(i);
      if (isIpLiteral(n)) {
        try {
          out[i] = der(0x87, InetAddress.getByName(n).getAddress()); // [7] iPAddress
        } catch (java.net.UnknownHostException e) {
          throw new IllegalArgumentException("bad IP literal " + n, e);
        }
      } else {
        out[i] = der(0x82, n.getBytes(StandardCharsets.US_ASCII)); // [2] dNSName
      }
    }
    return out;
  }

  private static boolean isIpLiteral(String s) {
    return s.indexOf(':') >= 0 || s.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'));
  }

  private static byte[] time(Instant t) {
    return der(0x17, UTC_TIME.format(t).getBytes(StandardCharsets.US_ASCII));
  }

  private static byte[] seq(byte[]... parts) {
    return der(0x30, parts);
  }

  private static byte[] set(byte[]... parts) {
    return der(0x31, parts);
  }

  /** One DER element: tag, definite length, then the parts concatenated. */
  private static byte[] der(int tag, byte[]... parts) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    for (byte[] p : parts) body.writeBytes(p);
    int len = body.size();
    ByteArrayOutputStream out = new ByteArrayOutputStream(len + 6);
    out.write(tag);
    if (len < 0x80) {
      out.write(len);
    } else {
      int bytes = (32 - Integer.numberOfLeadingZeros(len) + 7) / 8;
      out.write(0x80 | bytes);
      for (int i = bytes - 1; i >= 0; i--) out.write(len >>> (8 * i));
    }
    out.writeBytes(body.toByteArray());
    return out.toByteArray();
  }

  private static byte[] oid(int... arcs) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(40 * arcs[0] + arcs[1]);
    for (int i = 2; i < arcs.length; i++) {
      int v = arcs[i];
      int groups = Math.max(1, (32 - Integer.numberOfLeadingZeros(v) + 6) / 7);
      for (int g = groups - 1; g >= 0; g--) out.write(((v >>> (7 * g)) & 0x7f) | (g > 0 ? 0x80 : 0));
    }
    return out.toByteArray();
  }
}
