package dev.tallyman.advisory.severity;

import dev.tallyman.advisory.osv.OsvRecord;
import dev.tallyman.advisory.osv.OsvSeverity;
import java.util.List;

/**
 * The severity of a record: the database's own rating when it gives one (GHSA
 * database_specific.severity, MODERATE -> MEDIUM), else the CVSS v3 base score band. The CVSS
 * fields carry the best vector found (v3 preferred; v4/v2 vectors kept without a score).
 */
public record SeverityAssessment(
    Severity severity, double cvssScore, String cvssVector, String cvssVersion) {

  public static final SeverityAssessment UNKNOWN =
      new SeverityAssessment(Severity.UNKNOWN, 0, "", "");

  public static SeverityAssessment of(OsvRecord r) {
    return of(r.severity(), r.databaseSeverity().orElse(null));
  }

  public static SeverityAssessment of(List<OsvSeverity> entries, String databaseSeverity) {
    CvssV3 v3 = null;
    String otherVector = "";
    String otherVersion = "";
    for (OsvSeverity s : entries) {
      if (s.type() == null || s.score() == null) {
        continue;
      }
      if (s.type().equals("CVSS_V3") && v3 == null) {
        try {
          v3 = CvssV3.parse(s.score());
        } catch (IllegalArgumentException e) {
          // a broken vector is no worse than none; the database rating may still help
        }
      } else if (otherVector.isEmpty() && s.type().startsWith("CVSS_V")) {
        otherVector = s.score();
        otherVersion = s.type().equals("CVSS_V4") ? "4.0" : "2.0";
      }
    }
    Severity rated = Severity.fromLabel(databaseSeverity).orElse(null);
    if (v3 != null) {
      return new SeverityAssessment(
          rated != null ? rated : v3.severity(), v3.baseScore(), v3.vector(), v3.version());
    }
    return new SeverityAssessment(
        rated != null ? rated : Severity.UNKNOWN, 0, otherVector, otherVersion);
  }
}
