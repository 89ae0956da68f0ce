package dev.tallyman.cli.advisories;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tallyman.advisory.match.AdvisoryIndex;
import dev.tallyman.advisory.match.Distro;
import dev.tallyman.advisory.match.InstalledPackage;
import dev.tallyman.advisory.match.Match;
import dev.tallyman.advisory.match.MatchEngine;
import dev.tallyman.cli.TallymanCommand;
import dev.tallyman.cli.scan.Scanner;
import dev.tallyman.proto.v1.AdvisoryServiceGrpc;
import dev.tallyman.proto.v1.MatchRequest;
import dev.tallyman.proto.v1.MatchResponse;
import dev.tallyman.proto.v1.Vulnerability;
import dev.tallyman.proto.v1.VulnerabilityMatch;
import io.grpc.Server;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExplainCommandTest {
  @TempDir static Path tmp;
  static Path debian;
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();

  /** Tracker-shaped records: fixed, no fix yet (open range) and not affected (no range). */
  @BeforeAll
  static void advisories() throws IOException {
    debian = Files.createDirectories(tmp.resolve("debian"));
    Files.writeString(
        debian.resolve("DEBIAN-CVE-2024-0727.json"),
        """
        {"id": "DEBIAN-CVE-2024-0727", "modified": "2026-11-28T00:00:00Z", "upstream": ["CVE-2024-0727"],
         "affected": [{"package": {"ecosystem": "Debian:12", "name": "openssl"},
           "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "3.0.13-1~deb12u1"}]}],
           "database_specific": {"status": "fixed", "urgency": "low"}}]}
        """,
        StandardCharsets.UTF_8);
    Files.writeString(
        debian.resolve("DEBIAN-CVE-2024-9143.json"),
        """
        {"id": "DEBIAN-CVE-2024-9143", "modified": "2026-11-28T00:00:00Z", "upstream": ["CVE-2024-9143"],
         "affected": [{"package": {"ecosystem": "Debian:12", "name": "openssl"},
           "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}]}],
           "database_specific": {"status": "no-fix-yet", "tracker_status": "open"}}]}
        """,
        StandardCharsets.UTF_8);
    Files.writeString(
        debian.resolve("DEBIAN-CVE-2023-6129.json"),
        """
        {"id": "DEBIAN-CVE-2023-6129", "modified": "2026-11-28T00:00:00Z", "upstream": ["CVE-2023-6129"],
         "affected": [{"package": {"ecosystem": "Debian:12", "name": "openssl"},
           "database_specific": {"status": "not-affected", "justification": "vulnerable code not present"}}]}
        """,
        StandardCharsets.UTF_8);
  }

  private int run(String... args) {
    return TallymanCommand.commandLine()
        .setOut(new PrintWriter(out, true))
        .setErr(new PrintWriter(err, true))
        .execute(args);
  }

  /** {@code advisories explain} of libssl3 3.0.11-1~deb12u1 (source openssl) on Debian 12. */
  private int explainLibssl3(String... advisories) {
    List<String> args = new ArrayList<>(List.of("advisories", "explain"));
    args.addAll(List.of(advisories));
    args.addAll(
        List.of(
            "--ecosystem",
            "Debian",
            "--name",
            "libssl3",
            "--source-name",
            "openssl",
            "--version",
            "3.0.11-1~deb12u1",
            "--os",
            "debian:12"));
    return run(args.toArray(String[]::new));
  }

  @Test
  void offlineExplainShowsComparisonsFixesAndVendorStatuses() {
    int code = explainLibssl3("--advisories", debian.toString());
    assertThat(code).as(err.toString()).isEqualTo(1);
    String text = out.toString();
    assertThat(text)
        .contains("2 affecting, 1 considered and not affecting")
        .contains(
            "Debian:12 libssl3 source=openssl [DEBIAN-CVE-2024-0727 from debian] introduced 0,"
                + " 3.0.11-1~deb12u1 < fixed 3.0.13-1~deb12u1 (dpkg) → affected")
        .contains("CVE-2024-0727  affected, fixed in 3.0.13-1~deb12u1")
        .contains("CVE-2024-9143  affected, no fix yet")
        .contains("→ affected, no fix yet")
        .contains("vendor status: no-fix-yet (tracker_status=open)")
        .contains("CVE-2023-6129  not affected")
        .contains("vendor status: not-affected (justification=vulnerable code not present)");
    // a fixed version is not affected by the fixed CVE, and the exit code says so per package
    out.getBuffer().setLength(0);
    run(
        "advisories",
        "explain",
        "--advisories",
        debian.toString(),
        "--purl",
        "pkg:deb/debian/openssl@3.0.13-1~deb12u1?distro=debian-12");
    assertThat(out.toString())
        .contains("3.0.13-1~deb12u1 >= fixed 3.0.13-1~deb12u1 (dpkg) → not affected")
        .contains("on debian 12");
  }

  @Test
  void offlineExplainAttachesKevToMavenMatches() {
    Path shared = dev.tallyman.deploy.SharedData.advisories();
    int code =
        run(
            "advisories",
            "explain",
            "--advisories",
            shared.resolve("osv/ghsa").toString(),
            "--kev",
            shared.resolve("kev/known_exploited_vulnerabilities.json").toString(),
            "--purl",
            "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1");
    assertThat(code).as(err.toString()).isEqualTo(1);
    assertThat(out.toString())
        .contains("CVE-2021-44228  affected, fixed in 2.15.0  critical  KEV")
        .contains(
            "2.14.1 >= introduced 2.13.0, 2.14.1 < fixed 2.15.0 (maven ComparableVersion) →"
                + " affected");
  }

  @Test
  void badInputIsAnErrorWithAReason() {
    assertThat(run("advisories", "explain", "--ecosystem", "Debian")).isEqualTo(2);
    assertThat(err.toString()).contains("--advisory-service or --advisories");
    assertThat(
            run(
                "advisories",
                "explain",
                "--advisories",
                debian.toString(),
                "--ecosystem",
                "Debian",
                "--name",
                "openssl",
                "--version",
                "not a version"))
        .isEqualTo(2);
    assertThat(err.toString()).contains("not a version");
    assertThat(run("advisories", "explain", "--advisories", debian.toString(), "--purl", "x"))
        .isEqualTo(2);
    assertThat(err.toString()).contains("bad purl");
  }

  /**
   * Against a gRPC server on 127.0.0.1 that answers Match with the real matcher over the same
   * fixtures: the command asks for explain and prints what comes back.
   */
  @Test
  void remoteExplainAsksTheServiceForTraces() throws Exception {
    AdvisoryIndex index = Scanner.load(List.of(debian), null, null, new PrintWriter(err));
    AtomicReference<MatchRequest> seen = new AtomicReference<>();
    Server server =
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
            .addService(
                new AdvisoryServiceGrpc.AdvisoryServiceImplBase() {
                  @Override
                  public void match(MatchRequest req, StreamObserver<MatchResponse> resp) {
                    seen.set(req);
                    var p = req.getPackages(0);
                    List<Match> ms =
                        MatchEngine.standard()
                            .match(
                                new Distro(req.getOs().getId(), req.getOs().getVersionId()),
                                List.of(
                                    new InstalledPackage(
                                        p.getId(),
                                        p.getEcosystem(),
                                        p.getName(),
                                        p.getVersion(),
                                        p.getSourceName(),
                                        p.getSourceVersion(),
                                        p.getPurl())),
                                index,
                                req.getExplain())
                            .matches();
                    MatchResponse.Builder b =
                        MatchResponse.newBuilder().setAdvisoryCount(index.advisoryCount());
                    for (Match m : ms) {
                      b.addMatches(
                          VulnerabilityMatch.newBuilder()
                              .setPackageId(p.getId())
                              .setVulnerability(
                                  Vulnerability.newBuilder()
                                      .setId(m.vulnerability().id())
                                      .addAllAliases(m.vulnerability().aliases()))
                              .setFixedVersion(m.fixedVersion())
                              .setEcosystem(m.ecosystem())
                              .addAllExplain(m.explain()));
                    }
                    resp.onNext(b.build());
                    resp.onCompleted();
                  }
                })
            .build()
            .start();
    try {
      int code = explainLibssl3("--advisory-service", "127.0.0.1:" + server.getPort());
      assertThat(code).as(err.toString()).isEqualTo(1);
      assertThat(seen.get().getExplain()).isTrue();
      assertThat(seen.get().getPackages(0).getSourceName()).isEqualTo("openssl");
      List<String> lines = new ArrayList<>(out.toString().lines().toList());
      assertThat(lines.get(0)).contains("2 affecting (3 advisories loaded at 127.0.0.1:");
      assertThat(out.toString())
          .contains("CVE-2024-0727  affected, fixed in 3.0.13-1~deb12u1")
          .contains("→ affected, no fix yet");
    } finally {
      server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }
}
