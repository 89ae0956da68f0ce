package dev.tallyman.analysis.catalog.rpm;

import java.io.IOException;

/** The database's structure is broken or hostile; the whole file is skipped with this reason. */
final class RpmDbFormatException extends IOException {
  RpmDbFormatException(String message) {
    super(message);
  }
}
