package dev.tallyman.analysis.catalog.maven;

import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURLBuilder;
import dev.tallyman.analysis.AnalysisException;
import dev.tallyman.analysis.catalog.Cataloger;
import dev.tallyman.analysis.catalog.ImageFile;
import dev.tallyman.analysis.catalog.Package;
import dev.tallyman.analysis.io.LimitedInputStream;
import dev.tallyman.analysis.io.PositionalBytes;
import dev.tallyman.analysis.layer.FileRequest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.jar.Attributes;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Java archives (.jar, .war, .ear): every META-INF/maven/.../pom.properties (shaded jars have
 * several), nested archives (BOOT-INF/lib, WEB-INF/lib) down to a bounded depth, and the manifest
 * only when no pom.properties was found. An archive in a local file (an uncompressed layer of a
 * {@code docker save} archive or OCI directory) is listed by its central directory read in place
 * ({@link ZipDirectory}); so is one that fits the shared memory budget, after being read into
 * memory; anything else is streamed by its local headers ({@link JarWalker}). The budget is the
 * only state, shared safely by every reader.
 */
public final class MavenCataloger implements Cataloger {
  private static final long MAX_ARCHIVE_BYTES = 1024L * 1024 * 1024;
  private static final long MAX_NESTED_BYTES = 256L * 1024 * 1024;
  private static final int MAX_DEPTH = 3;
  private static final int MAX_SMALL_FILE = 256 * 1024;

  /** Archives up to this size are read into memory, within {@link #budget}. */
  static final long MAX_IN_MEMORY_BYTES = 16L * 1024 * 1024;

  /** What all readers of this cataloger may hold in memory at once. */
  private final MemoryBudget budget;

  private static final Pattern IVY = Pattern.compile("([\\w.\\-]+)#([\\w.\\-]+);([\\w.\\-+]+)");

  public MavenCataloger() {
    this(Math.min(32L * 1024 * 1024, Runtime.getRuntime().maxMemory() / 8));
  }

  MavenCataloger(long memoryBudgetBytes) {
    this.budget = new MemoryBudget(memoryBudgetBytes);
  }

  /** What the readers may still take; back to the whole budget once no archive is being read. */
  long memoryLeft() {
    return budget.left();
  }

  @Override
  public String name() {
    return "maven";
  }

  @Override
  public FileRequest request() {
    return new FileRequest(MavenCataloger::isArchive, MAX_ARCHIVE_BYTES);
  }

  private static final List<String> ARCHIVE_SUFFIXES =
      List.of(".jar", ".war", ".ear", ".hpi", ".jpi");

  /** Asked for every entry of every layer: compares in place rather than lower-casing a copy. */
  static boolean isArchive(String path) {
    int n = path.length();
    if (n < 4 || path.charAt(n - 4) != '.') {
      return false;
    }
    for (String suffix : ARCHIVE_SUFFIXES) {
      if (path.regionMatches(true, n - 4, suffix, 0, 4)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public List<Package> catalog(ImageFile file) throws IOException {
    List<Package> out = new ArrayList<>();
    try {
      var positional = file.positional();
      if (positional.isPresent() && positional.get().length() == file.size()) {
        // In a local file: the directory and the entries it names are read where they lie.
        scan(positional.get(), file.path(), 1, file, out);
      } else {
        scan(file.content(), file.size(), file.path(), 1, file, out);
      }
    } catch (IOException | IllegalArgumentException | AnalysisException e) {
      file.notes().add("skipped unreadable archive " + file.path() + ": " + e.getMessage());
    }
    return out;
  }

  /**
   * An archive of {@code size} bytes (-1: unknown) is read into memory and listed by its central
   * directory when the memory budget allows; otherwise, or when that directory cannot be used, it
   * is walked by its local headers.
   */
  private void scan(
      InputStream in, long size, String path, int depth, ImageFile file, List<Package> out)
      throws IOException {
    if (size < 0 || size > MAX_IN_MEMORY_BYTES || !budget.take(size)) {
      try (JarWalker walker = new JarWalker(in)) {
        scan(walker, path, depth, file, out);
      }
      return;
    }
    try {
      byte[] bytes = new byte[(int) size];
      int n = in.readNBytes(bytes, 0, bytes.length);
      scan(PositionalBytes.of(bytes, 0, n), path, depth, file, out);
    } finally {
      budget.give(size);
    }
  }

  /** An archive readable by position: by its central directory when usable, else walked. */
  private void scan(
      PositionalBytes bytes, String path, int depth, ImageFile file, List<Package> out)
      throws IOException {
    ZipDirectory directory = ZipDirectory.open(bytes, budget);
    if (directory == null) {
      try (JarWalker walker = new JarWalker(bytes.stream(0, bytes.length()))) {
        scan(walker, path, depth, file, out);
      }
      return;
    }
    try (directory) {
      scan(directory, path, depth, file, out);
    }
  }

  private void scan(JarEntries zip, String path, int depth, ImageFile file, List<Package> out)
      throws IOException {
    List<Package> found = new ArrayList<>();
    Manifest manifest = null;
    String name;
    while ((name = zip.next()) != null) {
      if (name.endsWith("/")) {
        continue;
      }
      if (name.startsWith("META-INF/maven/") && name.endsWith("/pom.properties")) {
        Properties props = new Properties();
        props.load(
            new ByteArrayInputStream(
                LimitedInputStream.readAll(zip.content(), MAX_SMALL_FILE, path + "!/" + name)));
        Package p = fromPom(props, path, file);
        if (p != null) {
          found.add(p);
        }
      } else if (name.equals("META-INF/MANIFEST.MF")) {
        manifest =
            new Manifest(
                new ByteArrayInputStream(
                    LimitedInputStream.readAll(zip.content(), MAX_SMALL_FILE, path + "!/" + name)));
      } else if (isArchive(name)) {
        String nested = path + "!/" + name;
        if (depth >= MAX_DEPTH) {
          file.notes().add("skipped " + nested + ": nested deeper than " + MAX_DEPTH);
          continue;
        }
        try {
          if (zip instanceof ZipDirectory d && d.stored() && d.size() <= MAX_NESTED_BYTES) {
            // Readable where it lies (Spring Boot stores its libraries): no copy.
            scan(d.storedBytes(), nested, depth + 1, file, out);
          } else {
            long size = zip instanceof ZipDirectory d ? d.size() : -1;
            scan(
                new LimitedInputStream(zip.content(), MAX_NESTED_BYTES, nested),
                size,
                nested,
                depth + 1,
                file,
                out);
          }
        } catch (IOException | IllegalArgumentException | AnalysisException ex) {
          file.notes().add("skipped unreadable archive " + nested + ": " + ex.getMessage());
        }
      }
    }
    if (found.isEmpty() && manifest != null) {
      Package p = fromManifest(manifest, path, file);
      if (p != null) {
        found.add(p);
      }
    }
    out.addAll(found);
  }

  private static Package fromPom(Properties props, String path, ImageFile file) {
    String group = props.getProperty("groupId", "").strip();
    String artifact = props.getProperty("artifactId", "").strip();
    String version = props.getProperty("version", "").strip();
    if (group.isEmpty() || artifact.isEmpty() || version.isEmpty()) {
      return null;
    }
    return pkg(group, artifact, version, path, file);
  }

  /**
   * Weaker evidence than pom.properties: names and versions are whatever the builder wrote. OSGi
   * bundle names rarely equal the Maven coordinates ({@code com.google.protobuf} is protobuf-java,
   * {@code scala-logging} is scala-logging_2.13), so when the file is named {@code
   * <artifactId>-<version>.jar} and that version agrees with the manifest, the file name gives the
   * artifactId and the manifest only the groupId.
   */
  static Package fromManifest(Manifest m, String path, ImageFile file) {
    Attributes a = m.getMainAttributes();
    String version = first(a.getValue("Implementation-Version"), a.getValue("Bundle-Version"));
    String symbolic = a.getValue("Bundle-SymbolicName");
    if (symbolic != null) {
      symbolic = symbolic.split(";")[0].strip();
    }
    String vendorId = first(a.getValue("Implementation-Vendor-Id"), null);
    if (version == null) {
      return null;
    }
    // Gradle writes ivy-style coordinates: "io.micrometer#micrometer-core;1.15.4".
    String title = a.getValue("Implementation-Title");
    Matcher ivy = IVY.matcher(title == null ? "" : title.strip());
    if (ivy.matches()) {
      return pkg(ivy.group(1), ivy.group(2), ivy.group(3), path, file);
    }
    FileName named = FileName.parse(path);
    boolean groupKnown = vendorId != null || (symbolic != null && symbolic.contains("."));
    if (named != null && agrees(named.version(), version) && groupKnown) {
      String group = vendorId;
      if (group == null) {
        String suffix = "." + named.artifact();
        group =
            symbolic.endsWith(suffix) && symbolic.length() > suffix.length()
                ? symbolic.substring(0, symbolic.length() - suffix.length())
                : symbolic;
      }
      return pkg(group, named.artifact(), named.version(), path, file);
    }
    title = first(title, symbolic);
    if (title == null) {
      return null;
    }
    String group = vendorId;
    String artifact = title;
    if (group == null && symbolic != null && symbolic.contains(".")) {
      group = symbolic.substring(0, symbolic.lastIndexOf('.'));
      artifact = symbolic.substring(symbolic.lastIndexOf('.') + 1);
    }
    return pkg(group == null ? "" : group, artifact.replace(' ', '-'), version, path, file);
  }

  /** Equal, or the manifest adds an OSGi qualifier ({@code 2.13.18.v20251115-...}). */
  private static boolean agrees(String fileVersion, String manifestVersion) {
    if (manifestVersion.equals(fileVersion)) {
      return true;
    }
    return manifestVersion.startsWith(fileVersion + ".")
        && manifestVersion.length() > fileVersion.length() + 1
        && !Character.isDigit(manifestVersion.charAt(fileVersion.length() + 1));
  }

  /** {@code <artifactId>-<version>.jar}, the version starting at the first "-digit". */
  record FileName(String artifact, String version) {
    static FileName parse(String path) {
      String base = path.substring(path.lastIndexOf('/') + 1);
      int dot = base.lastIndexOf('.');
      if (dot <= 0) {
        return null;
      }
      base = base.substring(0, dot);
      for (int i = 1; i + 1 < base.length(); i++) {
        if (base.charAt(i) == '-' && Character.isDigit(base.charAt(i + 1))) {
          return new FileName(base.substring(0, i), base.substring(i + 1));
        }
      }
      return null;
    }
  }

  private static Package pkg(
      String group, String artifact, String version, String path, ImageFile file) {
    String purl;
    try {
      purl =
          PackageURLBuilder.aPackageURL()
              .withType("maven")
              .withNamespace(group.isEmpty() ? null : group)
              .withName(artifact)
              .withVersion(version)
              .build()
              .canonicalize();
    } catch (MalformedPackageURLException e) {
      purl = "";
    }
    String name = group.isEmpty() ? artifact : group + ":" + artifact;
    return new Package("Maven", name, version, purl, "", "", "", path, file.layer());
  }

  private static String first(String a, String b) {
    if (a != null && !a.isBlank()) {
      return a.strip();
    }
    return b == null || b.isBlank() ? null : b.strip();
  }
}
