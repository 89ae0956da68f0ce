package dev.tallyman.ingest.poll;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;

/**
 * Where a registry's password lives: a file (a mounted secret) or an environment variable, never
 * the secret itself. Read at each poll, so a rotated secret takes effect without a restart.
 */
public record Credentials(String username, Path passwordFile, String passwordEnv) {
  public static final Credentials ANONYMOUS = new Credentials(null, null, null);

  /** A resolved username and password; {@link #toString()} never shows the password. */
  public record Basic(String username, String password) {
    @Override
    public String toString() {
      return "Basic[" + username + ", ****]";
    }
  }

  public boolean anonymous() {
    return username == null || username.isBlank();
  }

  public Optional<Basic> resolve(Function<String, String> env) {
    if (anonymous()) {
      return Optional.empty();
    }
    String password;
    if (passwordFile != null) {
      try {
        if (Files.size(passwordFile) > 64 * 1024) {
          throw new IllegalStateException("password file " + passwordFile + " is over 64 KiB");
        }
        password = Files.readString(passwordFile, StandardCharsets.UTF_8).strip();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read password file " + passwordFile, e);
      }
    } else if (passwordEnv != null && !passwordEnv.isBlank()) {
      password = env.apply(passwordEnv);
      if (password == null) {
        throw new IllegalStateException("environment variable " + passwordEnv + " is not set");
      }
    } else {
      throw new IllegalStateException(
          "user " + username + " has neither password-file nor password-env");
    }
    return Optional.of(new Basic(username, password));
  }
}
