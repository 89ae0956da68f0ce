package dev.tallyman.advisory.osv;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** The package an affected entry is about; {@code ecosystem} may carry a release ("Debian:12"). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record OsvPackage(String ecosystem, String name, String purl) {}
