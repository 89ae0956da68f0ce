package dev.tallyman.advisory.feed.osv;

import dev.tallyman.advisory.feed.Archives;
import dev.tallyman.advisory.feed.FeedJson;
import dev.tallyman.advisory.feed.RecordErrors;
import dev.tallyman.advisory.osv.OsvRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** Reads OSV records (JSON or YAML) out of zips and directories, counting bad ones. */
public final class OsvFiles {
  private OsvFiles() {}

  public static boolean isRecordFile(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    return n.endsWith(".json") || n.endsWith(".yaml") || n.endsWith(".yml");
  }

  /** Parses one record by its file name's extension. */
  public static OsvRecord parse(String name, byte[] bytes) throws IOException {
    return name.toLowerCase(Locale.ROOT).endsWith(".json")
        ? FeedJson.osvJson(bytes)
        : FeedJson.osvYaml(bytes);
  }

  /** Every record of a verified zip whose entry name passes {@code wanted}. */
  public static List<OsvRecord> fromZip(Path zip, Predicate<String> wanted, RecordErrors errors)
      throws IOException {
    List<OsvRecord> out = new ArrayList<>();
    for (Archives.Entry e : Archives.readZip(zip, n -> isRecordFile(n) && wanted.test(n))) {
      parseInto(e.name(), e.bytes(), out, errors);
    }
    return out;
  }

  /** Every record file under a directory (symlinks not followed). */
  public static List<OsvRecord> fromDirectory(
      Path dir, Predicate<String> wanted, RecordErrors errors) throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(dir)) {
      files =
          walk.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
              .filter(p -> isRecordFile(p.getFileName().toString()))
              .filter(p -> wanted.test(dir.relativize(p).toString().replace('\\', '/')))
              .sorted()
              .toList();
    }
    List<OsvRecord> out = new ArrayList<>();
    for (Path f : files) {
      try {
        parseInto(f.toString(), Archives.read(f, Archives.MAX_ENTRY_BYTES), out, errors);
      } catch (IOException e) {
        errors.add(f.toString(), e);
      }
    }
    return out;
  }

  private static void parseInto(
      String name, byte[] bytes, List<OsvRecord> out, RecordErrors errors) {
    try {
      out.add(parse(name, bytes));
    } catch (IOException | RuntimeException e) {
      errors.add(name, e);
    }
  }

  /** The newest {@code modified} of the records, as the cursor text ("" when none has one). */
  public static String newestModified(List<OsvRecord> records) {
    return records.stream()
        .map(r -> r.modifiedAt().orElse(null))
        .filter(java.util.Objects::nonNull)
        .max(Instant::compareTo)
        .map(Instant::toString)
        .orElse("");
  }
}
