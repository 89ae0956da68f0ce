import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The JVM's floor for a docker-archive: read every layer of the archive and SHA-256 it, nothing
 * else, the way Tallyman reads layers (positional 64 KiB reads, one thread per layer, as many threads
 * as Tallyman's Analyzer uses by default). What is left of a verifying JVM tool when its catalogers,
 * tar parsing and SBOM cost nothing; start-up and JIT warm-up included.
 *   javac -d OUT HashLayers.java && java -XX:+UseSerialGC -cp OUT HashLayers ARCHIVE.tar
 */
public class HashLayers {
  public static void main(String[] args) throws Exception {
    Path archive = Path.of(args[0]);
    List<long[]> layers = new ArrayList<>();
    try (FileChannel ch = FileChannel.open(archive)) {
      ByteBuffer header = ByteBuffer.allocate(512);
      for (long pos = 0; pos + 512 <= ch.size(); ) {
        header.clear();
        ch.read(header, pos);
        byte[] h = header.array();
        if (h[0] == 0) {
          break;
        }
        String name = field(h, 0, 100);
        long size = Long.parseLong(field(h, 124, 12).trim(), 8);
        boolean regular = h[156] == '0' || h[156] == 0;
        if (regular && (name.endsWith(".tar") || name.endsWith("/layer.tar"))) {
          layers.add(new long[] {pos + 512, size});
        }
        pos += 512 + (size + 511) / 512 * 512;
      }
    }
    int threads = Math.max(2, Math.min(4, Runtime.getRuntime().availableProcessors()));
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<String>> digests = new ArrayList<>();
    for (long[] layer : layers) {
      digests.add(pool.submit(() -> sha256(archive, layer[0], layer[1])));
    }
    for (Future<String> d : digests) {
      System.out.println("sha256:" + d.get());
    }
    pool.shutdown();
  }

  private static String sha256(Path file, long offset, long length) throws Exception {
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    byte[] buf = new byte[64 * 1024];
    try (FileChannel ch = FileChannel.open(file)) {
      for (long pos = offset, end = offset + length; pos < end; ) {
        int n = ch.read(ByteBuffer.wrap(buf, 0, (int) Math.min(buf.length, end - pos)), pos);
        if (n < 0) {
          throw new IllegalStateException("truncated archive");
        }
        sha.update(buf, 0, n);
        pos += n;
      }
    }
    return HexFormat.of().formatHex(sha.digest());
  }

  private static String field(byte[] h, int off, int len) {
    int end = off;
    while (end < off + len && h[end] != 0) {
      end++;
    }
    return new String(h, off, end - off, StandardCharsets.US_ASCII);
  }
}
