package dev.tallyman.report.access;

import java.util.List;

/**
 * An authenticated caller.
 *
 * @param subject token name or JWT {@code sub}, for logs
 * @param grants the tenants it may see; empty means none
 */
public record Principal(String subject, Role role, List<Grant> grants) {
  /** Used when authentication is switched off: sees everything. */
  public static final Principal UNRESTRICTED =
      new Principal("anonymous", Role.ADMIN, List.of(new Grant(Grant.ANY_REGISTRY, "")));

  public Principal {
    grants = List.copyOf(grants);
  }

  public boolean seesEverything() {
    return grants.stream().anyMatch(Grant::everything);
  }

  public boolean sees(String registry, String repository) {
    return grants.stream().anyMatch(g -> g.covers(registry, repository));
  }
}
