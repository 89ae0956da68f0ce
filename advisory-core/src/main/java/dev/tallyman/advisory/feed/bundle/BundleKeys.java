package dev.tallyman.advisory.feed.bundle;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * Ed25519 keys in the PEM files openssl writes: {@code openssl genpkey -algorithm ed25519 -out
 * bundle-key.pem} (PKCS#8 "PRIVATE KEY") and {@code openssl pkey -in bundle-key.pem -pubout -out
 * bundle-key.pub.pem} (SubjectPublicKeyInfo "PUBLIC KEY"). Read with the JDK's own Ed25519.
 */
public final class BundleKeys {
  private BundleKeys() {}

  public static PrivateKey privateKey(Path pem) throws IOException {
    try {
      return KeyFactory.getInstance("Ed25519")
          .generatePrivate(new PKCS8EncodedKeySpec(der(pem, "PRIVATE KEY")));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IOException(pem + " is not an Ed25519 PKCS#8 private key: " + e.getMessage(), e);
    }
  }

  public static PublicKey publicKey(Path pem) throws IOException {
    try {
      return KeyFactory.getInstance("Ed25519")
          .generatePublic(new X509EncodedKeySpec(der(pem, "PUBLIC KEY")));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IOException(pem + " is not an Ed25519 public key: " + e.getMessage(), e);
    }
  }

  private static byte[] der(Path pem, String label) throws IOException {
    String text = Files.readString(pem, StandardCharsets.US_ASCII);
    String begin = "-----BEGIN " + label + "-----";
    String end = "-----END " + label + "-----";
    int b = text.indexOf(begin);
    int e = text.indexOf(end);
    if (b < 0 || e < b) {
      throw new IOException(pem + " has no " + begin + " block");
    }
    return Base64.getMimeDecoder().decode(text.substring(b + begin.length(), e));
  }
}
