package dev.tallyman.report.export;

import dev.tallyman.report.search.FindingView;
import dev.tallyman.report.search.ImageFindings;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Renders the findings of one image as RFC 4180 CSV (header row, CRLF, quotes doubled). Cells a
 * spreadsheet would evaluate as a formula get a leading single quote.
 */
public final class CsvWriter {
  public static final String MEDIA_TYPE = "text/csv; charset=utf-8; header=present";
  static final List<String> HEADER =
      List.of(
          "finding_id",
          "vulnerability",
          "aliases",
          "severity",
          "cvss_score",
          "fixed_version",
          "package",
          "version",
          "type",
          "purl",
          "path",
          "layer_diff_id",
          "image_digest",
          "registry",
          "repository",
          "tags",
          "platform",
          "kev",
          "epss",
          "epss_percentile",
          "cwes");
  private static final String CRLF = "\r\n";

  private CsvWriter() {}

  public static String render(ImageFindings image) {
    StringBuilder out = new StringBuilder();
    row(out, HEADER);
    for (FindingView f : image.findings()) {
      row(out, cells(f));
    }
    return out.toString();
  }

  /** One cell: formula-neutralized, then quoted when it holds a comma, quote or line break. */
  public static String cell(String value) {
    if (value == null || value.isEmpty()) {
      return "";
    }
    String v = value;
    // = + - @ start formulas; tab and CR do too in some spreadsheet programs
    char first = v.charAt(0);
    if (first == '='
        || first == '+'
        || first == '-'
        || first == '@'
        || first == '\t'
        || first == '\r') {
      v = "'" + v;
    }
    if (v.indexOf(',') >= 0
        || v.indexOf('"') >= 0
        || v.indexOf('\n') >= 0
        || v.indexOf('\r') >= 0) {
      return '"' + v.replace("\"", "\"\"") + '"';
    }
    return v;
  }

  private static List<String> cells(FindingView f) {
    List<String> c = new ArrayList<>(HEADER.size());
    FindingView.Vulnerability v = f.vulnerability();
    FindingView.PackageRef p = f.pkg();
    FindingView.Image i = f.image();
    c.add(f.id());
    c.add(v.id());
    c.add(String.join(" ", v.aliases()));
    c.add(v.severity());
    c.add(v.score() == null ? null : String.format(Locale.ROOT, "%.1f", v.score()));
    c.add(v.fixedVersion());
    c.add(p.name());
    c.add(p.version());
    c.add(p.type());
    c.add(p.purl());
    c.add(p.path());
    c.add(f.layer() == null ? null : f.layer().diffId());
    c.add(i.digest());
    c.add(i.registry());
    c.add(i.repository());
    c.add(String.join(" ", i.tags()));
    c.add(i.platform());
    c.add(v.kev() == null ? null : v.kev().toString());
    c.add(v.epss() == null ? null : String.format(Locale.ROOT, "%.5f", v.epss()));
    c.add(
        v.epssPercentile() == null ? null : String.format(Locale.ROOT, "%.5f", v.epssPercentile()));
    c.add(v.cwes() == null ? null : String.join(" ", v.cwes()));
    return c;
  }

  private static void row(StringBuilder out, List<String> cells) {
    for (int n = 0; n < cells.size(); n++) {
      if (n > 0) {
        out.append(',');
      }
      out.append(cell(cells.get(n)));
    }
    out.append(CRLF);
  }
}
