package dev.tallyman.analysis.oci;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.MessageDigestSpi;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A SHA-256 provider is adopted only when it agrees with the JDK's (units: fake providers). */
class DigestsTest {
  @AfterEach
  void reset() {
    Digests.useDefaultSha256Provider();
  }

  @Test
  void adoptsAProviderThatAgreesWithTheJdk() {
    Provider agrees = new OneDigest("agrees", () -> new Spi(0));

    assertThat(Digests.useSha256Provider(agrees)).isTrue();

    assertThat(Digests.sha256Provider()).isSameAs(agrees);
    assertThat(Digests.sha256("abc".getBytes(StandardCharsets.US_ASCII)))
        .isEqualTo("sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }

  @Test
  void refusesAProviderThatIsRightOnShortInputsOnly() {
    // Right for "abc" and the empty input, wrong once more than 4 KiB went in: only the 1 MiB
    // comparison catches it.
    Provider wrongOnLong = new OneDigest("wrong-on-long", () -> new Spi(4096));

    assertThat(Digests.useSha256Provider(wrongOnLong)).isFalse();

    assertThat(Digests.sha256Provider().getName()).isEqualTo("SUN");
  }

  @Test
  void refusesAProviderThatFails() {
    Provider broken =
        new OneDigest(
            "broken",
            () -> {
              throw new IllegalStateException("native library missing");
            });

    assertThat(Digests.useSha256Provider(broken)).isFalse();
    assertThat(Digests.sha256Provider().getName()).isEqualTo("SUN");
  }

  @Test
  void refusesAProviderWithoutSha256() {
    assertThat(Digests.useSha256Provider(new Provider("empty", "1", "no services") {})).isFalse();
  }

  /** A provider offering only SHA-256, made by {@code spi}. */
  private static final class OneDigest extends Provider {
    OneDigest(String name, Supplier<MessageDigestSpi> spi) {
      super(name, "1", "test");
      putService(
          new Service(this, "MessageDigest", "SHA-256", Spi.class.getName(), null, null) {
            @Override
            public Object newInstance(Object parameter) {
              return spi.get();
            }
          });
    }
  }

  /** The JDK's SHA-256, with one bit flipped once more than {@code wrongAfter} bytes (0: never). */
  private static final class Spi extends MessageDigestSpi {
    private final MessageDigest sha;
    private final long wrongAfter;
    private long seen;

    Spi(long wrongAfter) {
      try {
        this.sha = MessageDigest.getInstance("SHA-256", "SUN");
      } catch (NoSuchAlgorithmException | java.security.NoSuchProviderException e) {
        throw new IllegalStateException(e);
      }
      this.wrongAfter = wrongAfter;
    }

    @Override
    protected void engineUpdate(byte input) {
      seen++;
      sha.update(input);
    }

    @Override
    protected void engineUpdate(byte[] input, int offset, int len) {
      seen += len;
      sha.update(input, offset, len);
    }

    @Override
    protected byte[] engineDigest() {
      byte[] d = sha.digest();
      if (wrongAfter > 0 && seen > wrongAfter) {
        d[0] ^= 1;
      }
      seen = 0;
      return d;
    }

    @Override
    protected void engineReset() {
      sha.reset();
      seen = 0;
    }
  }
}
