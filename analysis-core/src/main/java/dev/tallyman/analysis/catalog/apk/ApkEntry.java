package dev.tallyman.analysis.catalog.apk;

/** One package record of the apk installed database, as far as we need it. */
public record ApkEntry(
    String name, String version, String arch, String origin, String maintainer, String license) {}
