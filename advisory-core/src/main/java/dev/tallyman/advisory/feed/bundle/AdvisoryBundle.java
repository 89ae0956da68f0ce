package dev.tallyman.advisory.feed.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tallyman.advisory.feed.Enrichment;
import dev.tallyman.advisory.feed.FeedJson;
import dev.tallyman.advisory.osv.OsvRecord;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * An air-gapped advisory bundle: a zip of {@code feeds/<feed>.osv.jsonl.gz} (canonical OSV JSON,
 * one record per line), {@code feeds/<feed>.enrichments.jsonl.gz}, a {@code manifest.json} with
 * every entry's sha256 and size and every feed's status, and {@code manifest.sig}, an Ed25519
 * signature of the manifest bytes.
 *
 * <p>Nothing from a bundle is used before the signature and every checksum are verified: import
 * extracts into a temp directory beside the target (bounded sizes, only known entry names, no
 * duplicates), verifies, then moves it into place atomically; a tampered, truncated, partial or
 * foreign-signed bundle is refused with the reason and leaves the target as it was.
 */
public final class AdvisoryBundle {
  public static final String FORMAT = "tallyman-advisory-bundle/1";
  public static final String MANIFEST = "manifest.json";
  public static final String SIGNATURE = "manifest.sig";
  private static final Pattern DATA_ENTRY =
      Pattern.compile("feeds/[A-Za-z0-9][A-Za-z0-9._:+-]{0,127}\\.(osv|enrichments)\\.jsonl\\.gz");
  private static final long MAX_ENTRY_BYTES = 4L << 30;
  private static final long MAX_MANIFEST_BYTES = 16L << 20;
  private static final int MAX_ENTRIES = 10_000;
  private static final long MAX_LINE_CHARS = 64L << 20;

  private AdvisoryBundle() {}

  /** One feed in a bundle: its status when exported and its data. */
  public record Feed(
      String name,
      String location,
      Instant lastSuccess,
      long rejectedCount,
      String lastError,
      List<OsvRecord> records,
      List<Enrichment> enrichments) {
    public Feed {
      records = List.copyOf(records);
      enrichments = List.copyOf(enrichments);
    }
  }

  /** A bundle that was refused: why, in one line. */
  public static final class InvalidBundleException extends IOException {
    public InvalidBundleException(String message) {
      super(message);
    }

    public InvalidBundleException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** Writes a signed bundle to {@code file} (via a temp file and a move: never a partial file). */
  public static void write(Path file, List<Feed> feeds, PrivateKey key, Instant created)
      throws IOException {
    Path abs = file.toAbsolutePath();
    Path dir = abs.getParent();
    Files.createDirectories(dir);
    Set<String> names = new HashSet<>();
    for (Feed f : feeds) {
      if (!names.add(f.name()) || !DATA_ENTRY.matcher(entryName(f.name(), "osv")).matches()) {
        throw new IllegalArgumentException("feed name unusable in a bundle: " + f.name());
      }
    }
    Path tmp = Files.createTempFile(dir, ".bundle-", ".tmp");
    try {
      ObjectNode manifest = FeedJson.object();
      manifest.put("format", FORMAT);
      manifest.put("created", created.toString());
      ArrayNode feedArr = manifest.putArray("feeds");
      ArrayNode entries = manifest.putArray("entries");
      try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(tmp))) {
        for (Feed f : feeds) {
          ObjectNode fn = feedArr.addObject();
          fn.put("name", f.name());
          fn.put("location", f.location());
          fn.put("lastSuccess", f.lastSuccess() == null ? null : f.lastSuccess().toString());
          fn.put("recordCount", f.records().size());
          fn.put("enrichmentCount", f.enrichments().size());
          fn.put("rejectedCount", f.rejectedCount());
          fn.put("lastError", f.lastError() == null ? "" : f.lastError());
          List<byte[]> lines = new ArrayList<>(f.records().size());
          f.records().forEach(r -> lines.add(FeedJson.canonical(r)));
          addEntry(zip, entries, entryName(f.name(), "osv"), lines);
          List<byte[]> enr = new ArrayList<>(f.enrichments().size());
          f.enrichments().forEach(e -> enr.add(FeedJson.json(e)));
          addEntry(zip, entries, entryName(f.name(), "enrichments"), enr);
        }
        byte[] manifestBytes =
            FeedJson.JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest);
        put(zip, MANIFEST, manifestBytes);
        put(zip, SIGNATURE, Base64.getEncoder().encode(sign(manifestBytes, key)));
      }
      move(tmp, abs);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static String entryName(String feed, String kind) {
    return "feeds/" + feed + "." + kind + ".jsonl.gz";
  }

  private static void addEntry(
      ZipOutputStream zip, ArrayNode entries, String name, List<byte[]> lines) throws IOException {
    java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(buf, 1 << 16)) {
      for (byte[] l : lines) {
        gz.write(l);
        gz.write('\n');
      }
    }
    byte[] b = buf.toByteArray();
    put(zip, name, b);
    ObjectNode e = entries.addObject();
    e.put("path", name);
    e.put("sha256", hex(sha256().digest(b)));
    e.put("bytes", b.length);
  }

  private static void put(ZipOutputStream zip, String name, byte[] b) throws IOException {
    ZipEntry ze = new ZipEntry(name);
    ze.setTime(0); // reproducible archives
    zip.putNextEntry(ze);
    zip.write(b);
    zip.closeEntry();
  }

  private static byte[] sign(byte[] data, PrivateKey key) throws IOException {
    try {
      Signature s = Signature.getInstance("Ed25519");
      s.initSign(key);
      s.update(data);
      return s.sign();
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot sign with this key (Ed25519 expected): " + e.getMessage(), e);
    }
  }

  /**
   * Verifies {@code bundle} and installs it as the directory {@code target}, replacing what was
   * there only once everything checked out.
   */
  public static Manifest importTo(Path bundle, PublicKey key, Path target) throws IOException {
    Path abs = target.toAbsolutePath();
    Files.createDirectories(abs.getParent());
    Path staging = Files.createTempDirectory(abs.getParent(), ".import-");
    try {
      extract(bundle, staging);
      Manifest m = verifyDirectory(staging, key);
      Path old = null;
      if (Files.exists(abs)) {
        old = abs.resolveSibling(abs.getFileName() + ".old-" + System.nanoTime());
        move(abs, old);
      }
      move(staging, abs);
      if (old != null) {
        deleteTree(old);
      }
      return m;
    } finally {
      if (Files.exists(staging)) {
        deleteTree(staging);
      }
    }
  }

  /** Verifies a bundle file into a fresh temp directory under {@code workDir} and reads it. */
  public static Loaded load(Path bundleFileOrDir, PublicKey key, Path workDir) throws IOException {
    if (Files.isDirectory(bundleFileOrDir)) {
      Manifest m = verifyDirectory(bundleFileOrDir, key);
      return new Loaded(m, readFeeds(bundleFileOrDir, m));
    }
    Files.createDirectories(workDir);
    Path staging = Files.createTempDirectory(workDir, ".bundle-");
    try {
      extract(bundleFileOrDir, staging);
      Manifest m = verifyDirectory(staging, key);
      return new Loaded(m, readFeeds(staging, m));
    } finally {
      deleteTree(staging);
    }
  }

  /** A verified bundle's manifest and its feeds. */
  public record Loaded(Manifest manifest, List<Feed> feeds) {}

  /** What the signed manifest says. */
  public record Manifest(Instant created, List<FeedInfo> feeds, Map<String, String> sha256) {}

  public record FeedInfo(
      String name,
      String location,
      Instant lastSuccess,
      long recordCount,
      long enrichmentCount,
      long rejectedCount,
      String lastError) {}

  /** Extracts only known entry names, each bounded; a broken or truncated zip fails here. */
  static void extract(Path bundle, Path dir) throws IOException {
    if (!Files.isRegularFile(bundle)) {
      throw new InvalidBundleException("no bundle file at " + bundle);
    }
    Files.createDirectories(dir.resolve("feeds"));
    Set<String> seen = new HashSet<>();
    try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(bundle))) {
      ZipEntry e;
      while ((e = zip.getNextEntry()) != null) {
        String name = e.getName();
        boolean known =
            name.equals(MANIFEST) || name.equals(SIGNATURE) || DATA_ENTRY.matcher(name).matches();
        if (!known || e.isDirectory()) {
          throw new InvalidBundleException("unexpected entry in bundle: " + name);
        }
        if (!seen.add(name) || seen.size() > MAX_ENTRIES) {
          throw new InvalidBundleException("duplicate or too many entries in bundle: " + name);
        }
        long limit = name.startsWith("feeds/") ? MAX_ENTRY_BYTES : MAX_MANIFEST_BYTES;
        try (OutputStream out = Files.newOutputStream(dir.resolve(name))) {
          byte[] buf = new byte[1 << 16];
          long total = 0;
          int r;
          while ((r = zip.read(buf)) >= 0) {
            total += r;
            if (total > limit) {
              throw new InvalidBundleException("bundle entry " + name + " is larger than " + limit);
            }
            out.write(buf, 0, r);
          }
        }
      }
    } catch (InvalidBundleException ex) {
      throw ex;
    } catch (IOException ex) {
      throw new InvalidBundleException(
          "bundle " + bundle + " is truncated or corrupt: " + ex.getMessage(), ex);
    }
  }

  /** Checks the signature of the manifest, then that the entries are exactly the signed ones. */
  public static Manifest verifyDirectory(Path dir, PublicKey key) throws IOException {
    Path mf = dir.resolve(MANIFEST);
    Path sig = dir.resolve(SIGNATURE);
    if (!Files.isRegularFile(mf) || !Files.isRegularFile(sig)) {
      throw new InvalidBundleException("bundle has no " + MANIFEST + " or " + SIGNATURE);
    }
    byte[] manifestBytes = Files.readAllBytes(mf);
    try {
      Signature s = Signature.getInstance("Ed25519");
      s.initVerify(key);
      s.update(manifestBytes);
      byte[] signature = Base64.getMimeDecoder().decode(Files.readAllBytes(sig));
      if (!s.verify(signature)) {
        throw new InvalidBundleException(
            "bundle signature does not verify with the configured public key");
      }
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new InvalidBundleException("bundle signature unreadable: " + e.getMessage(), e);
    }
    JsonNode m = FeedJson.JSON.readTree(manifestBytes);
    if (m == null || !FORMAT.equals(m.path("format").asText())) {
      throw new InvalidBundleException("not a " + FORMAT + " manifest");
    }
    Map<String, String> expected = new LinkedHashMap<>();
    for (JsonNode e : m.path("entries")) {
      String path = e.path("path").asText();
      if (!DATA_ENTRY.matcher(path).matches()) {
        throw new InvalidBundleException("manifest names an invalid entry: " + path);
      }
      expected.put(path, e.path("sha256").asText());
      Path p = dir.resolve(path);
      if (!Files.isRegularFile(p)) {
        throw new InvalidBundleException("bundle is missing " + path);
      }
      if (Files.size(p) != e.path("bytes").asLong(-1)) {
        throw new InvalidBundleException("bundle entry " + path + " has the wrong size");
      }
      String actual = hex(digest(p));
      if (!actual.equals(e.path("sha256").asText())) {
        throw new InvalidBundleException("bundle entry " + path + " fails its sha256 check");
      }
    }
    try (Stream<Path> files = Files.list(dir.resolve("feeds"))) {
      for (Path f : (Iterable<Path>) files::iterator) {
        String rel = "feeds/" + f.getFileName();
        if (!expected.containsKey(rel)) {
          throw new InvalidBundleException(
              "bundle entry " + rel + " is not in the signed manifest");
        }
      }
    } catch (java.nio.file.NoSuchFileException e) {
      if (!expected.isEmpty()) {
        throw new InvalidBundleException("bundle has no feeds directory");
      }
    }
    List<FeedInfo> feeds = new ArrayList<>();
    for (JsonNode f : m.path("feeds")) {
      String ok = FeedJson.text(f, "lastSuccess");
      feeds.add(
          new FeedInfo(
              f.path("name").asText(),
              f.path("location").asText(""),
              ok == null ? null : Instant.parse(ok),
              f.path("recordCount").asLong(),
              f.path("enrichmentCount").asLong(),
              f.path("rejectedCount").asLong(),
              f.path("lastError").asText("")));
    }
    return new Manifest(Instant.parse(m.path("created").asText()), feeds, expected);
  }

  private static List<Feed> readFeeds(Path dir, Manifest m) throws IOException {
    List<Feed> out = new ArrayList<>();
    for (FeedInfo fi : m.feeds()) {
      List<OsvRecord> records = new ArrayList<>();
      for (byte[] line : lines(dir.resolve(entryName(fi.name(), "osv")))) {
        records.add(FeedJson.osvJson(line));
      }
      List<Enrichment> enr = new ArrayList<>();
      for (byte[] line : lines(dir.resolve(entryName(fi.name(), "enrichments")))) {
        enr.add(FeedJson.enrichment(line));
      }
      out.add(
          new Feed(
              fi.name(),
              fi.location(),
              fi.lastSuccess(),
              fi.rejectedCount(),
              fi.lastError(),
              records,
              enr));
    }
    return out;
  }

  private static List<byte[]> lines(Path gz) throws IOException {
    List<byte[]> out = new ArrayList<>();
    if (!Files.exists(gz)) {
      return out;
    }
    try (BufferedReader r =
        new BufferedReader(
            new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(gz), 1 << 16), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        if (line.length() > MAX_LINE_CHARS) {
          throw new InvalidBundleException("record too large in " + gz.getFileName());
        }
        if (!line.isEmpty()) {
          out.add(line.getBytes(StandardCharsets.UTF_8));
        }
      }
    }
    return out;
  }

  private static byte[] digest(Path p) throws IOException {
    MessageDigest md = sha256();
    try (InputStream in = new DigestInputStream(Files.newInputStream(p), md)) {
      in.transferTo(OutputStream.nullOutputStream());
    }
    return md.digest();
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(p)) {
      for (Path x : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(x);
      }
    }
  }
}
