package dev.tallyman.analysis.oci.auth;

import java.io.IOException;
import java.util.Optional;

/**
 * Where the credentials for a registry host come from: fixed ones, a Docker {@code config.json}, a
 * Docker credential helper, or a cloud token exchange (ECR, GAR, ACR). Implementations may call out
 * over the network; {@link CachingCredentialProvider} keeps their answers until they expire.
 * Neither the implementations' {@code toString()} nor their exceptions may contain a secret.
 */
@FunctionalInterface
public interface CredentialProvider {
  /** Anonymous access. */
  CredentialProvider NONE = registry -> Optional.empty();

  /** The credential for {@code registry} ({@code host[:port]}), or empty for anonymous access. */
  Optional<Credential> credentials(String registry) throws IOException;

  static CredentialProvider of(Credential credential) {
    return new CredentialProvider() {
      @Override
      public Optional<Credential> credentials(String registry) {
        return Optional.of(credential);
      }

      @Override
      public String toString() {
        return "static(" + credential + ")";
      }
    };
  }

  /** The first provider that has a credential for the registry wins. */
  static CredentialProvider firstOf(CredentialProvider... providers) {
    return new CredentialProvider() {
      @Override
      public Optional<Credential> credentials(String registry) throws IOException {
        for (CredentialProvider p : providers) {
          Optional<Credential> c = p.credentials(registry);
          if (c.isPresent()) {
            return c;
          }
        }
        return Optional.empty();
      }

      @Override
      public String toString() {
        return "firstOf" + java.util.Arrays.toString(providers);
      }
    };
  }
}
