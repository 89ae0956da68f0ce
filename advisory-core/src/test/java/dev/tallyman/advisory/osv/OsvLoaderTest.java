package dev.tallyman.advisory.osv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tallyman.advisory.SharedData;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OsvLoaderTest {
  private static final String GOOD =
      """
      {"id":"TEST-1","modified":"2024-01-01T00:00:00Z","aliases":["CVE-1"],
       "affected":[{"package":{"ecosystem":"Maven","name":"g:a"},
         "ranges":[{"type":"ECOSYSTEM","events":[{"introduced":"0"},{"last_affected":"1.0"}]}],
         "ecosystem_specific":{"x":[1,2]}}],
       "database_specific":{"severity":"MODERATE"},"brand_new_field":{"a":1}}
      """;

  @Test
  void parsesSchemaFieldsAndIgnoresUnknownOnes() throws Exception {
    OsvRecord r = new OsvLoader().parse(GOOD.getBytes(StandardCharsets.UTF_8));
    assertThat(r.id()).isEqualTo("TEST-1");
    assertThat(r.databaseSeverity()).contains("MODERATE");
    assertThat(r.affected().get(0).ranges().get(0).events().get(1).lastAffected()).isEqualTo("1.0");
    assertThat(r.affected().get(0).ecosystemSpecific().path("x").size()).isEqualTo(2);
    assertThat(r.modifiedAt()).isPresent();
    assertThat(r.isWithdrawn()).isFalse();
  }

  @Test
  void zipLoadIsolatesBadEntries(@TempDir Path tmp) throws Exception {
    Path zip = tmp.resolve("all.zip");
    try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(zip))) {
      put(z, "TEST-1.json", GOOD);
      put(z, "nested/TEST-2.json", GOOD.replace("TEST-1", "TEST-2"));
      put(z, "not-json.json", "this is not json");
      put(z, "array.json", "[1,2,3]");
      put(z, "no-id.json", "{\"summary\":\"x\"}");
      put(z, "deep.json", "{\"id\":\"D\",\"x\":" + "[".repeat(5000) + "]".repeat(5000) + "}");
      put(z, "big.json", "{\"id\":\"B\",\"details\":\"" + "x".repeat(3000) + "\"}");
      put(z, "README.md", "ignored: not json");
    }
    List<OsvRecord> got = new ArrayList<>();
    OsvLoader.LoadStats s = new OsvLoader(new OsvLoader.Limits(2048, 64, 100)).load(zip, got::add);
    assertThat(got).extracting(OsvRecord::id).containsExactly("TEST-1", "TEST-2");
    assertThat(s.recordCount()).isEqualTo(2);
    assertThat(s.rejectedCount()).isEqualTo(5);
    assertThat(String.join("\n", s.errors()))
        .contains("not-json.json", "array.json", "no-id.json", "deep.json", "big.json");
  }

  @Test
  void directoryLoadIsRecursiveAndCapped(@TempDir Path tmp) throws Exception {
    Files.createDirectories(tmp.resolve("a/b"));
    Files.writeString(tmp.resolve("a/b/TEST-1.json"), GOOD);
    Files.writeString(tmp.resolve("a/TEST-2.json"), GOOD.replace("TEST-1", "TEST-2"));
    Files.writeString(tmp.resolve("a/notes.txt"), "ignored");
    List<String> ids = new ArrayList<>();
    assertThat(new OsvLoader().load(tmp, r -> ids.add(r.id())).recordCount()).isEqualTo(2);
    assertThat(ids).containsExactlyInAnyOrder("TEST-1", "TEST-2");
    assertThatThrownBy(() -> new OsvLoader(new OsvLoader.Limits(1 << 20, 64, 1)).load(tmp, r -> {}))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("more than 1 files");
    assertThatThrownBy(() -> new OsvLoader().load(tmp.resolve("missing"), r -> {}))
        .isInstanceOf(IOException.class);
  }

  @Test
  void loadsTheRealGoVulnDbZip() throws Exception {
    Path zip = SharedData.advisories().resolve("osv-bulk/Go/all.zip");
    long[] withAffected = {0};
    OsvLoader.LoadStats s =
        new OsvLoader().load(zip, r -> withAffected[0] += r.affected().isEmpty() ? 0 : 1);
    assertThat(s.recordCount()).isEqualTo(4291);
    assertThat(s.rejectedCount()).isZero();
    assertThat(withAffected[0]).isGreaterThan(4000);
  }

  private static void put(ZipOutputStream z, String name, String content) throws IOException {
    z.putNextEntry(new ZipEntry(name));
    OutputStream o = z;
    o.write(content.getBytes(StandardCharsets.UTF_8));
    z.closeEntry();
  }
}
