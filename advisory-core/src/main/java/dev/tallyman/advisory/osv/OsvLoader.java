package dev.tallyman.advisory.osv;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads OSV JSON records from a directory (recursively, every {@code *.json}), a {@code .zip}
 * (every {@code *.json} entry, like osv.dev's {@code <ecosystem>/all.zip}) or a single file.
 *
 * <p>Every record is isolated: a bad one is counted, logged and skipped, never aborting the load.
 * Sizes and JSON nesting depth are capped so hostile feeds cannot exhaust memory.
 */
public final class OsvLoader {
  private static final Logger LOG = LoggerFactory.getLogger(OsvLoader.class);

  /** Limits for one load. */
  public record Limits(long maxRecordBytes, int maxNestingDepth, int maxFiles) {
    public static final Limits DEFAULT = new Limits(16L << 20, 64, 1_000_000);
  }

  /** What a load produced besides the records: counts and a bounded sample of errors. */
  public record LoadStats(
      String location, long recordCount, long rejectedCount, List<String> errors) {
    static final int MAX_ERRORS = 20;
  }

  private final Limits limits;
  private final ObjectMapper mapper;

  public OsvLoader() {
    this(Limits.DEFAULT);
  }

  public OsvLoader(Limits limits) {
    this.limits = limits;
    JsonMapper m =
        JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();
    m.getFactory()
        .setStreamReadConstraints(
            StreamReadConstraints.builder()
                .maxNestingDepth(limits.maxNestingDepth())
                .maxStringLength((int) Math.min(Integer.MAX_VALUE, limits.maxRecordBytes()))
                .build());
    this.mapper = m;
  }

  /** Loads everything under {@code location}, handing each valid record to {@code sink}. */
  public LoadStats load(Path location, Consumer<OsvRecord> sink) throws IOException {
    Counter counter = new Counter(location.toString());
    if (Files.isDirectory(location)) {
      loadDirectory(location, sink, counter);
    } else if (Files.isRegularFile(location)
        && location.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".zip")) {
      loadZip(location, sink, counter);
    } else if (Files.isRegularFile(location)) {
      loadFile(location, sink, counter);
    } else {
      throw new IOException("advisory location does not exist or is not a file/dir: " + location);
    }
    return counter.stats();
  }

  /** Parses one record from bytes; throws with the reason when it is not a usable OSV record. */
  public OsvRecord parse(byte[] json) throws IOException {
    if (json.length > limits.maxRecordBytes()) {
      throw new IOException("record larger than " + limits.maxRecordBytes() + " bytes");
    }
    JsonNode tree = mapper.readTree(json);
    if (tree == null || !tree.isObject()) {
      throw new IOException("not a JSON object");
    }
    OsvRecord r = mapper.treeToValue(tree, OsvRecord.class);
    if (r.id() == null || r.id().isBlank()) {
      throw new IOException("record has no id");
    }
    for (OsvAffected a : r.affected()) {
      if (a.pkg() != null && (a.pkg().ecosystem() == null || a.pkg().name() == null)) {
        throw new IOException("affected package without ecosystem or name");
      }
    }
    return r;
  }

  private void loadDirectory(Path dir, Consumer<OsvRecord> sink, Counter counter)
      throws IOException {
    List<Path> files;
    // Files.walk does not follow symlinks, so a feed dir cannot lead the loader elsewhere.
    try (Stream<Path> walk = Files.walk(dir)) {
      files =
          walk.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
              .filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json"))
              .limit(limits.maxFiles() + 1L)
              .sorted()
              .toList();
    }
    if (files.size() > limits.maxFiles()) {
      throw new IOException("more than " + limits.maxFiles() + " files under " + dir);
    }
    for (Path f : files) {
      loadFile(f, sink, counter);
    }
  }

  private void loadFile(Path file, Consumer<OsvRecord> sink, Counter counter) {
    try {
      long size = Files.size(file);
      if (size > limits.maxRecordBytes()) {
        counter.reject(file.toString(), "file larger than " + limits.maxRecordBytes() + " bytes");
        return;
      }
      accept(parse(Files.readAllBytes(file)), sink, counter, file.toString());
    } catch (IOException | RuntimeException e) {
      counter.reject(file.toString(), describe(e));
    }
  }

  private void loadZip(Path zip, Consumer<OsvRecord> sink, Counter counter) throws IOException {
    try (ZipFile zf = new ZipFile(zip.toFile())) {
      Enumeration<? extends ZipEntry> entries = zf.entries();
      int seen = 0;
      while (entries.hasMoreElements()) {
        ZipEntry e = entries.nextElement();
        if (e.isDirectory() || !e.getName().toLowerCase(Locale.ROOT).endsWith(".json")) {
          continue;
        }
        if (++seen > limits.maxFiles()) {
          throw new IOException("more than " + limits.maxFiles() + " entries in " + zip);
        }
        String where = zip + "!" + e.getName();
        try (InputStream in = zf.getInputStream(e)) {
          // The declared size can lie: read at most one byte past the cap and check.
          byte[] bytes =
              in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limits.maxRecordBytes() + 1));
          if (bytes.length > limits.maxRecordBytes()) {
            counter.reject(where, "entry larger than " + limits.maxRecordBytes() + " bytes");
            continue;
          }
          accept(parse(bytes), sink, counter, where);
        } catch (IOException | RuntimeException ex) {
          counter.reject(where, describe(ex));
        }
      }
    }
  }

  private static void accept(OsvRecord r, Consumer<OsvRecord> sink, Counter counter, String where) {
    sink.accept(r);
    counter.accepted++;
  }

  private static String describe(Throwable e) {
    String m = e.getMessage();
    if (m != null) {
      int nl = m.indexOf('\n');
      m = nl > 0 ? m.substring(0, nl) : m;
    }
    return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
  }

  private static final class Counter {
    final String location;
    long accepted;
    long rejected;
    final List<String> errors = new ArrayList<>();

    Counter(String location) {
      this.location = location;
    }

    void reject(String where, String why) {
      rejected++;
      LOG.warn("rejected advisory record {}: {}", where, why);
      if (errors.size() < LoadStats.MAX_ERRORS) {
        errors.add(where + ": " + why);
      }
    }

    LoadStats stats() {
      return new LoadStats(location, accepted, rejected, List.copyOf(errors));
    }
  }
}
