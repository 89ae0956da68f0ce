package dev.tallyman.advisory.osv;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** A severity entry: {@code type} CVSS_V2/CVSS_V3/CVSS_V4/Ubuntu..., {@code score} a vector. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record OsvSeverity(String type, String score) {}
