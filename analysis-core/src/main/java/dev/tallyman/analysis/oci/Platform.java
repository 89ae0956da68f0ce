package dev.tallyman.analysis.oci;

/** OCI platform of one image manifest. */
public record Platform(String os, String architecture, String variant) {
  public Platform {
    os = os == null ? "" : os;
    architecture = architecture == null ? "" : architecture;
    variant = variant == null ? "" : variant;
  }

  /** {@code os/arch[/variant]}. */
  @Override
  public String toString() {
    return os + "/" + architecture + (variant.isEmpty() ? "" : "/" + variant);
  }

  public boolean isUnknown() {
    return os.isEmpty() || "unknown".equals(os) || "unknown".equals(architecture);
  }
}
