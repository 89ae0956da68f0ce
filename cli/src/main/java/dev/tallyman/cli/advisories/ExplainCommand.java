package dev.tallyman.cli.advisories;

import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURL;
import dev.tallyman.advisory.match.AdvisoryIndex;
import dev.tallyman.advisory.match.Distro;
import dev.tallyman.advisory.match.Explain;
import dev.tallyman.advisory.match.InstalledPackage;
import dev.tallyman.advisory.match.MatchEngine;
import dev.tallyman.advisory.match.Vulnerability;
import dev.tallyman.cli.scan.Scanner;
import dev.tallyman.proto.v1.AdvisoryServiceGrpc;
import dev.tallyman.proto.v1.MatchRequest;
import dev.tallyman.proto.v1.MatchResponse;
import dev.tallyman.proto.v1.OperatingSystem;
import dev.tallyman.proto.v1.Package;
import dev.tallyman.proto.v1.VulnerabilityMatch;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tallyman advisories explain}: every comparison behind "is this package affected?", from a
 * running advisory-service or offline from local advisories (the same matcher either way).
 */
@Command(
    name = "explain",
    mixinStandardHelpOptions = true,
    description = {
      "Explain which advisories affect one package and why: the ranges, the comparisons in the",
      "ecosystem's own version ordering, fixes and vendor statuses (no fix yet, not affected).",
      "Asks --advisory-service HOST:PORT, or matches offline against --advisories PATH...",
      "(offline also lists the advisories that do NOT affect the package, and why).",
      "Exit codes: 0 not affected, 1 affected, 2 error."
    })
public final class ExplainCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--advisory-service", paramLabel = "HOST:PORT", description = "gRPC address")
  String service;

  @Option(
      names = "--advisories",
      arity = "1..*",
      paramLabel = "PATH",
      description = "OSV directories or zips to match against offline")
  List<Path> advisories = new ArrayList<>();

  @Option(names = "--kev", paramLabel = "FILE", description = "CISA KEV catalog (offline)")
  Path kev;

  @Option(names = "--epss", paramLabel = "FILE", description = "FIRST EPSS scores CSV (offline)")
  Path epss;

  @Option(names = "--ecosystem", description = "OSV ecosystem: Debian, Ubuntu, Maven, npm, Go...")
  String ecosystem;

  @Option(names = "--name", description = "package name (binary name for distro packages)")
  String name;

  @Option(names = "--version", description = "installed version")
  String version;

  @Option(names = "--source-name", description = "source package (distros), e.g. openssl")
  String sourceName = "";

  @Option(names = "--source-version", description = "source package version when it differs")
  String sourceVersion = "";

  @Option(names = "--purl", description = "the package as a purl instead of the three above")
  String purl;

  @Option(
      names = "--os",
      paramLabel = "ID:VERSION",
      description = "the image's OS as os-release names it, e.g. debian:12 or ubuntu:22.04")
  String os;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if ((service == null) == advisories.isEmpty()) {
      err.println("tallyman advisories explain: give either --advisory-service or --advisories");
      return 2;
    }
    InstalledPackage pkg;
    Distro distro;
    try {
      distro = distro(os);
      if (purl != null) {
        Purl p = Purl.parse(purl);
        pkg = new InstalledPackage("1", p.ecosystem(), p.name(), p.version(), "", "", purl);
        if (os == null) {
          distro = p.distro();
        }
      } else if (ecosystem == null || name == null || version == null) {
        err.println(
            "tallyman advisories explain: give --purl, or --ecosystem, --name and --version");
        return 2;
      } else {
        pkg = new InstalledPackage("1", ecosystem, name, version, sourceName, sourceVersion, "");
      }
    } catch (IllegalArgumentException e) {
      err.println("tallyman advisories explain: " + e.getMessage());
      return 2;
    }
    try {
      // an invalid version is an IllegalArgumentException (InvalidVersionException) with the reason
      return service != null ? remote(pkg, distro, out) : local(pkg, distro, out, err);
    } catch (IllegalArgumentException | IOException e) {
      err.println("tallyman advisories explain: " + e.getMessage());
      return 2;
    } catch (StatusRuntimeException e) {
      err.println("tallyman advisories explain: " + service + ": " + e.getStatus());
      return 2;
    }
  }

  private int local(InstalledPackage pkg, Distro distro, PrintWriter out, PrintWriter err)
      throws IOException {
    AdvisoryIndex index = Scanner.load(advisories, kev, epss, err);
    List<Explain.Decision> all = MatchEngine.standard().explain(distro, pkg, index);
    long affected = all.stream().filter(Explain.Decision::affected).count();
    out.println(header(pkg, distro) + ": " + summary(affected, all.size() - affected));
    for (Explain.Decision d : all) {
      out.println();
      Vulnerability v = d.vulnerability();
      out.println(
          line(
              v.id(),
              d.affected(),
              d.fixedVersion(),
              v.severity().name(),
              v.kev(),
              v.epssScore(),
              v.epssPercentile(),
              d.ecosystem(),
              d.status(),
              v.aliases()));
      d.lines().forEach(l -> out.println("  " + l));
    }
    out.flush();
    return affected > 0 ? 1 : 0;
  }

  private int remote(InstalledPackage pkg, Distro distro, PrintWriter out) {
    int colon = service.lastIndexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException("--advisory-service must be HOST:PORT");
    }
    int port = Integer.parseInt(service.substring(colon + 1));
    ManagedChannel ch =
        ManagedChannelBuilder.forAddress(service.substring(0, colon), port).usePlaintext().build();
    try {
      MatchResponse r =
          AdvisoryServiceGrpc.newBlockingStub(ch)
              .withDeadlineAfter(30, TimeUnit.SECONDS)
              .match(
                  MatchRequest.newBuilder()
                      .setOs(
                          OperatingSystem.newBuilder()
                              .setId(distro.id())
                              .setVersionId(distro.versionId()))
                      .setExplain(true)
                      .addPackages(
                          Package.newBuilder()
                              .setId(pkg.id())
                              .setEcosystem(pkg.ecosystem())
                              .setName(pkg.name())
                              .setVersion(pkg.version())
                              .setSourceName(pkg.sourceName())
                              .setSourceVersion(pkg.sourceVersion())
                              .setPurl(pkg.purl()))
                      .build());
      out.println(
          header(pkg, distro)
              + ": "
              + r.getMatchesCount()
              + " affecting ("
              + r.getAdvisoryCount()
              + " advisories loaded at "
              + service
              + ")");
      for (VulnerabilityMatch m : r.getMatchesList()) {
        var v = m.getVulnerability();
        out.println();
        out.println(
            line(
                v.getId(),
                true,
                m.getFixedVersion(),
                v.getSeverity().name().replace("SEVERITY_", ""),
                v.getKev(),
                v.getEpssScore(),
                v.getEpssPercentile(),
                m.getEcosystem(),
                "",
                v.getAliasesList()));
        m.getExplainList().forEach(l -> out.println("  " + l));
      }
      out.flush();
      return r.getMatchesCount() > 0 ? 1 : 0;
    } finally {
      ch.shutdownNow();
    }
  }

  /** One advisory's verdict, the same whether matched here or by the service. */
  private static String line(
      String id,
      boolean affected,
      String fix,
      String severity,
      boolean kev,
      double epssScore,
      double epssPercentile,
      String ecosystem,
      String status,
      List<String> aliases) {
    return id
        + "  "
        + (affected
            ? "affected" + (fix.isEmpty() ? ", no fix yet" : ", fixed in " + fix)
            : "not affected")
        + "  "
        + severity.toLowerCase(Locale.ROOT)
        + (kev ? "  KEV" : "")
        + (epssScore > 0 ? epss(epssScore, epssPercentile) : "")
        + "  "
        + ecosystem
        + (status.isEmpty() ? "" : "  status " + status)
        + (aliases.isEmpty() ? "" : "  aliases " + String.join(",", aliases));
  }

  private static String epss(double score, double percentile) {
    return String.format(
        Locale.ROOT, "  EPSS %.1f%% (p%.0f)", score * 100, Math.floor(percentile * 100));
  }

  private static String summary(long affected, long notAffected) {
    return affected + " affecting, " + notAffected + " considered and not affecting";
  }

  private static String header(InstalledPackage p, Distro d) {
    return p.ecosystem()
        + " "
        + p.name()
        + " "
        + p.version()
        + (p.sourceName().isEmpty() ? "" : " (source " + p.sourceName() + ")")
        + (d.id().isEmpty() ? "" : " on " + d.id() + " " + d.versionId());
  }

  static Distro distro(String os) {
    if (os == null || os.isBlank()) {
      return Distro.NONE;
    }
    int colon = os.indexOf(':');
    if (colon <= 0 || colon == os.length() - 1) {
      throw new IllegalArgumentException("--os must be ID:VERSION, e.g. debian:12");
    }
    return new Distro(os.substring(0, colon).toLowerCase(Locale.ROOT), os.substring(colon + 1));
  }

  /** What a purl says about a package, in OSV terms. */
  record Purl(String ecosystem, String name, String version, Distro distro) {
    static Purl parse(String s) {
      PackageURL p;
      try {
        p = new PackageURL(s);
      } catch (MalformedPackageURLException e) {
        throw new IllegalArgumentException("bad purl: " + e.getMessage());
      }
      if (p.getVersion() == null || p.getVersion().isEmpty()) {
        throw new IllegalArgumentException("the purl has no version: " + s);
      }
      String ns = p.getNamespace() == null ? "" : p.getNamespace();
      String distroQualifier =
          p.getQualifiers() == null ? "" : p.getQualifiers().getOrDefault("distro", "");
      String eco =
          switch (p.getType()) {
            case "deb" -> ns.equalsIgnoreCase("ubuntu") ? "Ubuntu" : "Debian";
            case "maven" -> "Maven";
            case "golang" -> "Go";
            case "npm" -> "npm";
            case "cargo" -> "crates.io";
            case "pypi" -> "PyPI";
            case "gem" -> "RubyGems";
            case "nuget" -> "NuGet";
            case "composer" -> "Packagist";
            case "apk" -> ns.equalsIgnoreCase("wolfi") ? "Wolfi" : "Alpine";
            case "rpm" -> "Red Hat";
            default -> throw new IllegalArgumentException("unsupported purl type " + p.getType());
          };
      String name =
          switch (p.getType()) {
            case "maven" -> ns + ":" + p.getName();
            case "golang", "npm", "composer" -> ns.isEmpty() ? p.getName() : ns + "/" + p.getName();
            default -> p.getName();
          };
      Distro d = Distro.NONE;
      // "distro=debian-12" / "distro=bookworm": only the id-version form says the release
      int dash = distroQualifier.lastIndexOf('-');
      if (dash > 0) {
        d = new Distro(distroQualifier.substring(0, dash), distroQualifier.substring(dash + 1));
      }
      return new Purl(eco, name, p.getVersion(), d);
    }
  }
}
