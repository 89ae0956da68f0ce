package dev.tallyman.analysis.catalog.elf;

import java.io.IOException;

/** The file is not a well-formed ELF file (or lies about its own layout). */
public final class ElfFormatException extends IOException {
  public ElfFormatException(String message) {
    super(message);
  }
}
