package dev.tallyman.e2e;

import dev.tallyman.deploy.ManagedProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;

/**
 * A real two-layer OCI image built offline with umoci and pushed with skopeo, as a user would: an
 * OS layer with this Debian machine's real /etc/os-release and dpkg database, and an application
 * layer with a real log4j-core 2.14.1 jar from Maven Central.
 */
final class TestImage {
  static final String OS_STEP = "COPY rootfs/ / # debian base";
  static final String APP_STEP = "COPY log4j-core-2.14.1.jar /opt/app/lib/";

  private TestImage() {}

  /** Builds the image into an OCI layout and returns the layout directory (tag "v2"). */
  static Path build(Path workDir, Path log4jJar) throws IOException {
    Files.createDirectories(workDir);
    Path layout = workDir.resolve("layout");
    Path bundle = workDir.resolve("bundle");
    run(workDir, "umoci", "init", "--layout", layout.toString());
    run(workDir, "umoci", "new", "--image", layout + ":base");
    run(workDir, "umoci", "unpack", "--image", layout + ":base", bundle.toString());
    Path rootfs = bundle.resolve("rootfs");

    copy(Path.of("/etc/os-release"), rootfs.resolve("etc/os-release"));
    copy(Path.of("/var/lib/dpkg/status"), rootfs.resolve("var/lib/dpkg/status"));
    run(
        workDir,
        "umoci",
        "repack",
        "--image",
        layout + ":v1",
        "--history.created_by",
        OS_STEP,
        // without it the next repack diffs against the base again and repeats the OS files
        "--refresh-bundle",
        bundle.toString());

    copy(log4jJar, rootfs.resolve("opt/app/lib/log4j-core-2.14.1.jar"));
    run(
        workDir,
        "umoci",
        "repack",
        "--image",
        layout + ":v2",
        "--history.created_by",
        APP_STEP,
        bundle.toString());
    return layout;
  }

  /** Pushes tag v2 of the layout; returns the pushed manifest digest. */
  static String push(Path workDir, Path layout, String registryHostPort, String repoAndTag)
      throws IOException {
    Path digestFile = workDir.resolve("pushed.digest");
    run(
        workDir,
        "skopeo",
        "copy",
        "--dest-tls-verify=false",
        "--digestfile",
        digestFile.toString(),
        "oci:" + layout + ":v2",
        "docker://" + registryHostPort + "/" + repoAndTag);
    return Files.readString(digestFile).trim();
  }

  private static void copy(Path from, Path to) throws IOException {
    Files.createDirectories(to.getParent());
    Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
  }

  private static void run(Path dir, String... cmd) {
    ManagedProcess.run(cmd[0], List.of(cmd), dir, Duration.ofMinutes(3));
  }
}
