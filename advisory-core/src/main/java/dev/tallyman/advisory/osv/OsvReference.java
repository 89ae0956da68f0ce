package dev.tallyman.advisory.osv;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

@JsonIgnoreProperties(ignoreUnknown = true)
public record OsvReference(String type, String url) {}
