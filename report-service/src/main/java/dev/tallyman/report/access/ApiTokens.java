package dev.tallyman.report.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Opaque API tokens, stored only as SHA-256 hashes (a leaked configuration does not leak tokens;
 * the tokens are 256 random bits, so an unsalted fast hash is enough). Each configured entry is
 * {@code <sha256 hex> <name> <role> <grant> [<grant> ...]}.
 */
public final class ApiTokens {
  public static final String PREFIX = "tm_";
  private static final SecureRandom RANDOM = new SecureRandom();

  private record Entry(byte[] hash, Principal principal) {}

  private final List<Entry> entries;

  private ApiTokens(List<Entry> entries) {
    this.entries = List.copyOf(entries);
  }

  public static ApiTokens parse(List<String> lines) {
    List<Entry> out = new ArrayList<>();
    for (String line : lines) {
      if (line == null || line.isBlank()) {
        continue;
      }
      String[] f = line.trim().split("\\s+");
      if (f.length < 3 || !f[0].matches("[0-9a-f]{64}")) {
        throw new IllegalArgumentException(
            "token entry must be '<sha256 hex> <name> <role> [grants...]': "
                + line.substring(0, Math.min(20, line.length())));
      }
      Role role =
          Role.parse(f[2]).orElseThrow(() -> new IllegalArgumentException("unknown role " + f[2]));
      List<Grant> grants = new ArrayList<>();
      for (int i = 3; i < f.length; i++) {
        grants.add(Grant.parse(f[i]));
      }
      out.add(new Entry(HexFormat.of().parseHex(f[0]), new Principal(f[1], role, grants)));
    }
    return new ApiTokens(out);
  }

  public boolean isEmpty() {
    return entries.isEmpty();
  }

  /** The principal of a presented token; compares hashes in constant time. */
  public Optional<Principal> lookup(String token) {
    byte[] h = sha256(token);
    Principal found = null;
    for (Entry e : entries) {
      if (MessageDigest.isEqual(e.hash(), h)) {
        found = e.principal();
      }
    }
    return Optional.ofNullable(found);
  }

  /** A new random token ({@code tm_} + 43 base64url characters). */
  public static String newToken() {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  public static String hashHex(String token) {
    return HexFormat.of().formatHex(sha256(token));
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Prints a new token and its configuration line: {@code ApiTokens <name> <role> [grants]}. */
  public static void main(String[] args) {
    String token = newToken();
    System.out.println("token:  " + token);
    System.out.println("config: " + hashHex(token) + " " + String.join(" ", args));
  }
}
