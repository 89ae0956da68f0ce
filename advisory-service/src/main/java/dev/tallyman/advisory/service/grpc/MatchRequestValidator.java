package dev.tallyman.advisory.service.grpc;

import dev.tallyman.proto.v1.MatchRequest;
import dev.tallyman.proto.v1.Package;
import java.util.Optional;

/** Rejects requests no image can produce; the reason goes back as INVALID_ARGUMENT. */
final class MatchRequestValidator {
  static final int MAX_FIELD = 1024;

  private final int maxPackages;

  MatchRequestValidator(int maxPackages) {
    this.maxPackages = maxPackages;
  }

  /** The reason the request is invalid, or empty when it is fine. */
  Optional<String> problem(MatchRequest req) {
    if (req.getPackagesCount() > maxPackages) {
      return Optional.of(
          "too many packages: " + req.getPackagesCount() + " > " + maxPackages + " per request");
    }
    for (int i = 0; i < req.getPackagesCount(); i++) {
      Package p = req.getPackages(i);
      String where = "packages[" + i + "]";
      if (p.getEcosystem().isBlank()) {
        return Optional.of(where + ": ecosystem is empty");
      }
      if (p.getName().isBlank()) {
        return Optional.of(where + ": name is empty");
      }
      if (p.getVersion().isBlank()) {
        return Optional.of(where + " (" + cut(p.getName()) + "): version is empty");
      }
      for (String f :
          new String[] {
            p.getId(),
            p.getEcosystem(),
            p.getName(),
            p.getVersion(),
            p.getSourceName(),
            p.getSourceVersion(),
            p.getPurl()
          }) {
        if (f.length() > MAX_FIELD) {
          return Optional.of(where + ": a field is longer than " + MAX_FIELD + " characters");
        }
      }
    }
    return Optional.empty();
  }

  private static String cut(String s) {
    return s.length() > 80 ? s.substring(0, 80) + "..." : s;
  }
}
