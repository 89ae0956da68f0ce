package dev.tallyman.analysis;

import dev.tallyman.analysis.catalog.Cataloger;
import dev.tallyman.analysis.catalog.Catalogers;
import dev.tallyman.analysis.catalog.ImageFile;
import dev.tallyman.analysis.catalog.Package;
import dev.tallyman.analysis.catalog.os.EndOfLife;
import dev.tallyman.analysis.catalog.os.OsRelease;
import dev.tallyman.analysis.catalog.os.OsReleaseDetector;
import dev.tallyman.analysis.layer.FileRequest;
import dev.tallyman.analysis.layer.LayerArchive;
import dev.tallyman.analysis.layer.LayerInfo;
import dev.tallyman.analysis.layer.LayerLimits;
import dev.tallyman.analysis.layer.LayeredView;
import dev.tallyman.analysis.layer.LocalTarLayer;
import dev.tallyman.analysis.oci.Descriptor;
import dev.tallyman.analysis.oci.ImageConfig;
import dev.tallyman.analysis.oci.ImageIndex;
import dev.tallyman.analysis.oci.ImageManifest;
import dev.tallyman.analysis.oci.Manifests;
import dev.tallyman.analysis.oci.MediaTypes;
import dev.tallyman.analysis.oci.ParsedManifest;
import dev.tallyman.analysis.oci.Platform;
import dev.tallyman.analysis.reuse.FileResult;
import dev.tallyman.analysis.reuse.LayerAnalysis;
import dev.tallyman.analysis.reuse.LayerAnalysisCodec;
import dev.tallyman.analysis.reuse.LayerCache;
import dev.tallyman.analysis.sbom.Sbom;
import dev.tallyman.analysis.source.ImageSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Manifest (or index) -> config -> layers streamed in order -> catalogers -> one SBOM per platform.
 * With a {@link LayerCache}, a layer analyzed before (same diff id, same catalogers) is not fetched
 * at all; its recorded changes are applied instead, which yields the same SBOM.
 */
public final class Analyzer {
  private static final Logger LOG = LoggerFactory.getLogger(Analyzer.class);

  /** Blob digests remembered per cached layer (the same layer compressed differently). */
  private static final int MAX_BLOB_DIGESTS = 16;

  private static final int MAX_INDEX_DEPTH = 2;
  private static final Comparator<Package> ORDER =
      Comparator.comparing(Package::ecosystem)
          .thenComparing(Package::name)
          .thenComparing(Package::version)
          .thenComparing(Package::path);

  private final List<Cataloger> catalogers;
  private final LayerLimits limits;
  private final LayerCache cache;
  private final int parallelism;
  private final Map<String, Cataloger> byName = new HashMap<>();

  /** Each cataloger's request, asked once: they are consulted for every entry of every layer. */
  private final List<FileRequest> requests;

  private final Clock clock;

  /**
   * {@code cache} may be null: every layer is then read. Up to {@code parallelism} layers of one
   * image are read at the same time (each layer's analysis is independent of the others; they are
   * merged in order afterwards). Catalogers must therefore be stateless.
   */
  public Analyzer(
      List<Cataloger> catalogers, LayerLimits limits, LayerCache cache, int parallelism) {
    this(catalogers, limits, cache, parallelism, Clock.systemUTC());
  }

  private Analyzer(
      List<Cataloger> catalogers,
      LayerLimits limits,
      LayerCache cache,
      int parallelism,
      Clock clock) {
    if (parallelism < 1) {
      throw new IllegalArgumentException("parallelism must be at least 1");
    }
    this.catalogers = List.copyOf(catalogers);
    this.requests = this.catalogers.stream().map(Cataloger::request).toList();
    this.limits = limits;
    this.cache = cache;
    this.parallelism = parallelism;
    this.clock = clock;
    for (Cataloger c : catalogers) {
      if (byName.put(c.name(), c) != null) {
        throw new IllegalArgumentException("two catalogers are named " + c.name());
      }
    }
  }

  public Analyzer(List<Cataloger> catalogers, LayerLimits limits, LayerCache cache) {
    this(catalogers, limits, cache, defaultParallelism());
  }

  public Analyzer(List<Cataloger> catalogers, LayerLimits limits) {
    this(catalogers, limits, null);
  }

  /** One reader per core, at least two (reading waits on I/O), at most four (memory per reader). */
  public static int defaultParallelism() {
    return Math.max(2, Math.min(4, Runtime.getRuntime().availableProcessors()));
  }

  public Analyzer() {
    this(Catalogers.defaults(), LayerLimits.DEFAULT);
  }

  /** The same analyzer judging the OS end of life on {@code clock}'s day (UTC by default). */
  public Analyzer withClock(Clock clock) {
    return new Analyzer(catalogers, limits, cache, parallelism, clock);
  }

  public List<Sbom> analyze(ImageSource source) throws IOException {
    List<Sbom> out = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    collect(source, Manifests.parse(source.rootManifest()), "", null, 0, skipped, out);
    if (out.isEmpty()) {
      throw new NotAnImageException(
          source.name() + ": no analyzable image manifest (" + String.join("; ", skipped) + ")");
    }
    return out;
  }

  private void collect(
      ImageSource source,
      ParsedManifest parsed,
      String indexDigest,
      Platform indexPlatform,
      int depth,
      List<String> skipped,
      List<Sbom> out)
      throws IOException {
    if (parsed instanceof ImageManifest m) {
      if (m.isArtifact()) {
        skipped.add(artifactNote(m.digest(), m.artifactType()));
      } else {
        out.add(analyzeImage(source, m, indexDigest, indexPlatform, skipped));
      }
      return;
    }
    ImageIndex index = (ImageIndex) parsed;
    if (depth >= MAX_INDEX_DEPTH) {
      throw new AnalysisException("index " + index.digest() + " nests indexes too deeply");
    }
    // Decide what to skip first (fetching the small manifests to recognize artifacts), so that
    // every platform's SBOM carries the same notes.
    List<Descriptor> wanted = new ArrayList<>();
    List<ParsedManifest> parsedWanted = new ArrayList<>();
    for (Descriptor d : index.manifests()) {
      if (d.isAttestation()) {
        skipped.add("skipped attestation manifest " + d.digest());
      } else if (!d.artifactType().isEmpty()) {
        skipped.add(artifactNote(d.digest(), d.artifactType()));
      } else if (d.platform() != null && d.platform().isUnknown()) {
        skipped.add("skipped manifest " + d.digest() + " for unknown platform " + d.platform());
      } else if (!d.mediaType().isEmpty()
          && !MediaTypes.isManifest(d.mediaType())
          && !MediaTypes.isIndex(d.mediaType())) {
        skipped.add("skipped manifest " + d.digest() + " of unsupported type " + d.mediaType());
      } else {
        ParsedManifest child = Manifests.parse(source.manifest(d));
        if (child instanceof ImageManifest m && m.isArtifact()) {
          skipped.add(artifactNote(m.digest(), m.artifactType()));
        } else {
          wanted.add(d);
          parsedWanted.add(child);
        }
      }
    }
    String parent = index.digest().isEmpty() ? indexDigest : index.digest();
    for (int i = 0; i < wanted.size(); i++) {
      collect(
          source, parsedWanted.get(i), parent, wanted.get(i).platform(), depth + 1, skipped, out);
    }
  }

  private static String artifactNote(String digest, String artifactType) {
    return "skipped artifact " + digest + " (" + artifactType + "): not a container image";
  }

  private Sbom analyzeImage(
      ImageSource source,
      ImageManifest manifest,
      String indexDigest,
      Platform indexPlatform,
      List<String> skipped)
      throws IOException {
    ImageConfig config =
        ImageConfig.parse(source.config(manifest.config()), manifest.config().digest());
    if (config.diffIds().size() != manifest.layers().size()) {
      throw new AnalysisException(
          "image "
              + manifest.digest()
              + ": manifest has "
              + manifest.layers().size()
              + " layers but config lists "
              + config.diffIds().size()
              + " diff ids");
    }
    Notes notes = new Notes();
    skipped.forEach(notes::add);
    LayeredView<FileResult> view = new LayeredView<>(notes);
    List<LayerInfo> layers = new ArrayList<>();
    for (int i = 0; i < manifest.layers().size(); i++) {
      Descriptor d = manifest.layers().get(i);
      if (MediaTypes.isNonDistributable(d.mediaType())) {
        // Its content lives outside the registry (Windows base layers); we do not fetch it.
        notes.add(
            "skipped non-distributable layer "
                + d.digest()
                + " ("
                + d.mediaType()
                + "): its files are not analyzed");
      }
      layers.add(
          new LayerInfo(
              config.diffIds().get(i),
              d.digest(),
              d.mediaType(),
              d.size(),
              config.layerCreatedBy().get(i)));
    }
    List<LayerAnalysis> analyses = layerAnalyses(source, manifest.layers(), layers);
    for (int i = 0; i < layers.size(); i++) {
      LayerAnalysis analysis = analyses.get(i);
      if (analysis == null) {
        continue; // not fetched (non-distributable)
      }
      notes.addAll(analysis.notes(), analysis.droppedNotes());
      view.apply(layers.get(i), analysis.changes());
    }
    Map<String, OsRelease> osFiles = new HashMap<>();
    List<LayeredView.Located<FileResult>> found = view.files();
    for (var f : found) {
      if (f.value().os() != null) {
        osFiles.put(f.path(), f.value().os());
      }
    }
    OsRelease os = OsReleaseDetector.choose(osFiles);
    Map<String, List<Package>> byCataloger = new HashMap<>();
    for (var f : found) {
      if (f.value().cataloger() != null) {
        Cataloger c = byName.get(f.value().cataloger());
        List<Package> mine = byCataloger.computeIfAbsent(c.name(), k -> new ArrayList<>());
        // A package belongs to the layer (of this image) that last wrote its file.
        f.value().packages().forEach(p -> mine.add(c.complete(p.withLayer(f.layer()), os)));
      }
    }
    List<Package> packages = new ArrayList<>();
    for (Cataloger c : catalogers) {
      List<Package> mine = byCataloger.get(c.name());
      if (mine != null) {
        packages.addAll(c.reconcile(List.copyOf(mine), notes));
      }
    }
    packages.sort(ORDER);
    Platform platform =
        config.platform().os().isEmpty() && indexPlatform != null
            ? indexPlatform
            : config.platform();
    return new Sbom(
        source.name(),
        manifest.digest(),
        indexDigest,
        manifest.config().digest(),
        platform,
        os,
        layers,
        packages,
        notes.list(),
        EndOfLife.defaults().status(os, LocalDate.now(clock)));
  }

  /**
   * Every layer's analysis, in layer order (null for a layer that is not fetched), from the cache
   * or else by reading the layer (then cached). Several layers are read concurrently. A local
   * plain-tar layer is two tasks, scanning it by position and verifying its digest, which may run
   * on different threads.
   */
  private List<LayerAnalysis> layerAnalyses(
      ImageSource source, List<Descriptor> descriptors, List<LayerInfo> layers) throws IOException {
    boolean cacheable = cache != null && source.contentAddressed();
    Map<String, String> mdc = MDC.getCopyOfContextMap();
    LayerAnalysis[] out = new LayerAnalysis[layers.size()];
    List<LayerWork> work = new ArrayList<>();
    ExecutorService pool = null;
    try {
      for (int i = 0; i < layers.size(); i++) {
        Descriptor d = descriptors.get(i);
        LayerInfo layer = layers.get(i);
        if (MediaTypes.isNonDistributable(d.mediaType())) {
          continue;
        }
        String key = cacheable ? LayerAnalysisCodec.key(catalogers, limits, layer.diffId()) : null;
        LayerAnalysis cached = cacheable ? cached(key, layer) : null;
        if (cached != null && cached.blobDigests().contains(d.digest())) {
          out[i] = cached;
          continue;
        }
        work.add(
            new LayerWork(
                i, source, d, layer, key, cached, source.openLocalTar(d, layer.diffId()), mdc));
      }
      List<FutureTask<?>> tasks = new ArrayList<>();
      work.forEach(w -> tasks.addAll(w.tasks()));
      int threads = Math.min(parallelism, tasks.size());
      if (threads <= 1) {
        for (LayerWork w : work) {
          w.tasks().forEach(FutureTask::run);
          out[w.index] = w.analysis();
        }
        return Arrays.asList(out);
      }
      AtomicInteger n = new AtomicInteger();
      pool =
          Executors.newFixedThreadPool(
              threads,
              r -> {
                Thread t = new Thread(r, "layer-reader-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
              });
      // Costliest first: the pool's threads then finish close together, instead of one reading
      // the big last layer alone while the others wait.
      List<LayerWork.Task> byCost = new ArrayList<>();
      work.forEach(w -> byCost.addAll(w.costed()));
      byCost.sort(Comparator.comparingLong(LayerWork.Task::cost).reversed());
      for (LayerWork.Task t : byCost) {
        pool.execute(t.task());
      }
      for (LayerWork w : work) {
        out[w.index] = w.analysis();
      }
      return Arrays.asList(out);
    } finally {
      // No interrupts: an interrupted FileChannel read closes the channel the source shares.
      // Readers still running stop at their next read once their channel is closed.
      for (LayerWork w : work) {
        w.tasks().forEach(t -> t.cancel(false));
      }
      if (pool != null) {
        pool.shutdown();
      }
      closeAll(work);
    }
  }

  /** Read-only channels: closing one cannot lose anything, so a failure is only logged. */
  private static void closeAll(List<LayerWork> work) {
    for (LayerWork w : work) {
      try {
        if (w.local != null) {
          w.local.close();
        }
      } catch (IOException e) {
        LOG.debug("closing layer {}: {}", w.index, e.toString());
      }
    }
  }

  /** What one layer scan found. */
  private record Scan(LayeredView.LayerChanges<FileResult> changes, Notes notes) {}

  /**
   * Reading one layer that was not in the cache: a scan that streams it and verifies its digests at
   * the end, or, for a local plain tar, a scan by position and a separate verification.
   */
  private final class LayerWork {
    /** A task and a guess at its cost, to start the costliest first. */
    record Task(long cost, FutureTask<?> task) {}

    final int index;
    final LocalTarLayer local;
    private final Descriptor d;
    private final LayerInfo layer;
    private final String key;
    private final LayerAnalysis cached;
    private final FutureTask<Scan> scan;
    private final FutureTask<Void> verify;

    LayerWork(
        int index,
        ImageSource source,
        Descriptor d,
        LayerInfo layer,
        String key,
        LayerAnalysis cached,
        LocalTarLayer local,
        Map<String, String> mdc) {
      this.index = index;
      this.d = d;
      this.layer = layer;
      this.key = key;
      this.cached = cached;
      this.local = local;
      this.scan =
          new FutureTask<>(
              withMdc(
                  mdc,
                  () -> {
                    Notes notes = new Notes();
                    try (LayerArchive archive =
                        local != null ? local.archive() : source.openLayer(d, layer.diffId())) {
                      return new Scan(
                          LayeredView.scan(layer, archive, new Reader(notes), notes), notes);
                    }
                  }));
      this.verify =
          local == null
              ? null
              : new FutureTask<>(
                  withMdc(
                      mdc,
                      () -> {
                        local.verify();
                        return null;
                      }));
    }

    List<FutureTask<?>> tasks() {
      return verify == null ? List.of(scan) : List.of(verify, scan);
    }

    /** Verifying reads every byte; a local scan reads only headers and wanted files. */
    List<Task> costed() {
      return verify == null
          ? List.of(new Task(d.size(), scan))
          : List.of(new Task(d.size(), verify), new Task(d.size() / 2, scan));
    }

    /** Waits for the tasks (a wrong digest is reported before anything the scan saw). */
    LayerAnalysis analysis() throws IOException {
      if (verify != null) {
        await(verify);
      }
      Scan found = await(scan);
      // Reaching here means the blob's digest and diff id were verified.
      Set<String> digests = new HashSet<>();
      if (cached != null && cached.blobDigests().size() < MAX_BLOB_DIGESTS) {
        digests.addAll(cached.blobDigests());
      }
      digests.add(d.digest());
      LayerAnalysis analysis =
          new LayerAnalysis(
              layer.diffId(),
              digests,
              found.changes(),
              found.notes().kept(),
              found.notes().dropped());
      if (key != null) {
        store(key, analysis);
      }
      return analysis;
    }
  }

  private static <T> Callable<T> withMdc(Map<String, String> mdc, Callable<T> work) {
    return () -> {
      if (mdc != null) {
        MDC.setContextMap(mdc);
      }
      try {
        return work.call();
      } finally {
        MDC.clear();
      }
    };
  }

  private static <T> T await(Future<T> f) throws IOException {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while reading layers");
    } catch (CancellationException e) {
      throw new InterruptedIOException("layer reading was cancelled");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException io) {
        throw io;
      }
      if (cause instanceof RuntimeException re) {
        throw re;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new IOException(cause);
    }
  }

  private LayerAnalysis cached(String key, LayerInfo layer) {
    try {
      Optional<byte[]> entry = cache.get(key);
      if (entry.isEmpty()) {
        return null;
      }
      LayerAnalysis a = LayerAnalysisCodec.decode(entry.get(), layer.diffId());
      for (FileResult r : a.changes().added().values()) {
        if (r.cataloger() != null && !byName.containsKey(r.cataloger())) {
          throw new IOException("unknown cataloger " + r.cataloger());
        }
      }
      return a;
    } catch (IOException | RuntimeException e) {
      LOG.warn("ignoring cached analysis of layer {}: {}", layer.diffId(), e.toString());
      return null;
    }
  }

  private void store(String key, LayerAnalysis analysis) {
    try {
      byte[] entry = LayerAnalysisCodec.encode(analysis);
      if (entry.length > LayerAnalysisCodec.MAX_ENTRY_BYTES) {
        LOG.info(
            "not caching layer {}: its analysis takes {} bytes (limit {})",
            analysis.diffId(),
            entry.length,
            LayerAnalysisCodec.MAX_ENTRY_BYTES);
        return;
      }
      cache.put(key, entry);
    } catch (RuntimeException e) {
      LOG.warn("could not cache layer {}: {}", analysis.diffId(), e.toString());
    }
  }

  /**
   * Offers each file to the catalogers in order. {@link #request} decides the owner and {@link
   * #read} (which the view calls right after, for the same path) uses it: the owner can depend on
   * the entry's execute bit, which {@code read} is not told.
   */
  private final class Reader implements LayeredView.FileReader<FileResult> {
    private final Notes notes;
    private Cataloger owner;

    Reader(Notes notes) {
      this.notes = notes;
    }

    @Override
    public Optional<FileRequest> request(String path) {
      return request(path, false);
    }

    @Override
    public Optional<FileRequest> request(String path, boolean executable) {
      owner = null;
      if (OsReleaseDetector.REQUEST.wants(path)) {
        return Optional.of(OsReleaseDetector.REQUEST);
      }
      for (int i = 0; i < catalogers.size(); i++) {
        FileRequest r = requests.get(i);
        if (r.wants(path, executable)) {
          owner = catalogers.get(i);
          return Optional.of(
              new FileRequest(r.paths(), Math.min(r.maxBytes(), limits.maxFileBytes())));
        }
      }
      return Optional.empty();
    }

    @Override
    public FileResult read(String path, long size, InputStream content, LayerInfo layer)
        throws IOException {
      if (owner == null) {
        if (!OsReleaseDetector.REQUEST.wants(path)) {
          throw new IllegalStateException("read without a request: " + path);
        }
        return new FileResult(OsReleaseDetector.read(path, content), null, List.of());
      }
      Cataloger c = owner;
      return new FileResult(
          null, c.name(), c.catalog(new ImageFile(path, size, content, layer, notes)));
    }
  }
}
