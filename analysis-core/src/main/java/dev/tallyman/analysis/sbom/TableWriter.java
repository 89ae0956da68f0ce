package dev.tallyman.analysis.sbom;

import dev.tallyman.analysis.catalog.Package;
import java.io.PrintWriter;
import java.util.List;

/** A human-readable package table. */
public final class TableWriter {
  public void write(Sbom sbom, PrintWriter out) {
    out.printf("Image:    %s%n", sbom.source());
    out.printf("Digest:   %s%n", sbom.imageDigest());
    out.printf("Platform: %s%n", sbom.platform());
    out.printf(
        "OS:       %s%n",
        sbom.os().isKnown()
            ? sbom.os().prettyName() + " (" + sbom.os().id() + " " + sbom.os().versionId() + ")"
            : "unknown");
    if (sbom.os().isKnown()) {
      out.printf(
          "OS EOL:   %s%s%n",
          sbom.osEol().describe(),
          sbom.osEol().tableAsOf() == null
              ? ""
              : " (facts as of " + sbom.osEol().tableAsOf() + ")");
    }
    out.printf("Packages: %d%n%n", sbom.packages().size());
    List<String[]> rows = new java.util.ArrayList<>();
    rows.add(new String[] {"NAME", "VERSION", "TYPE", "PATH"});
    for (Package p : sbom.packages()) {
      rows.add(new String[] {p.name(), p.version(), p.ecosystem(), p.path()});
    }
    int[] width = new int[4];
    for (String[] r : rows) {
      for (int i = 0; i < 3; i++) {
        width[i] = Math.max(width[i], r[i].length());
      }
    }
    for (String[] r : rows) {
      out.printf(
          "%-" + width[0] + "s  %-" + width[1] + "s  %-" + width[2] + "s  %s%n",
          r[0],
          r[1],
          r[2],
          r[3]);
    }
    for (String note : sbom.notes()) {
      out.printf("note: %s%n", note);
    }
    out.flush();
  }
}
