package dev.tallyman.ingest.artifactory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tallyman.ingest.webhook.Delivery;
import dev.tallyman.ingest.webhook.SecretRef;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JFrogEventAuthTest {
  private static final byte[] BODY =
      "The quick brown fox jumps over the lazy dog".getBytes(StandardCharsets.UTF_8);

  @Test
  void signatureIsHexHmacSha256OfTheBody() {
    // the widely published test vector for key "key" over this sentence
    assertThat(JFrogEventAuth.signature("key", BODY))
        .isEqualTo("f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8");
  }

  @Test
  void signedModeAcceptsOnlyTheBodysSignature() {
    JFrogEventAuth auth = new JFrogEventAuth("key", true);
    String good = "f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8";

    assertThat(auth.refusal(delivery(good, BODY))).isEmpty();
    assertThat(auth.refusal(delivery(good.toUpperCase(), BODY))).isEmpty();
    byte[] tampered =
        "The quick brown fox jumps over the lazy cat".getBytes(StandardCharsets.UTF_8);
    assertThat(auth.refusal(delivery(good, tampered)))
        .contains("signature does not match the body");
    assertThat(auth.refusal(delivery("key", BODY))).contains("signature does not match the body");
    assertThat(auth.refusal(delivery(null, BODY))).contains("missing X-JFrog-Event-Auth header");
  }

  @Test
  void plainModeComparesTheSecretItself() {
    JFrogEventAuth auth = new JFrogEventAuth("tell no one", false);
    assertThat(auth.refusal(delivery("tell no one", BODY))).isEmpty();
    assertThat(auth.refusal(delivery("tell no one!", BODY))).contains("wrong webhook secret");
  }

  @Test
  void aRotatedSecretFileSignsWithTheNewKey(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("jfrog"), "key\n");
    JFrogEventAuth auth = new JFrogEventAuth(SecretRef.of(null, file.toString()), true);
    assertThat(auth.refusal(delivery(JFrogEventAuth.signature("key", BODY), BODY))).isEmpty();

    Files.writeString(file, "rotated\n");
    Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));

    assertThat(auth.refusal(delivery(JFrogEventAuth.signature("key", BODY), BODY)))
        .contains("signature does not match the body");
    assertThat(auth.refusal(delivery(JFrogEventAuth.signature("rotated", BODY), BODY))).isEmpty();
  }

  private static Delivery delivery(String header, byte[] body) {
    Map<String, String> headers = header == null ? Map.of() : Map.of(JFrogEventAuth.HEADER, header);
    return new Delivery(headers::get, name -> null, body, null);
  }
}
