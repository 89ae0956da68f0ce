package dev.tallyman.report.search;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The images that contain a package, a page at a time.
 *
 * @param scope what was searched: {@value PackageLookup#SCOPE} (only packages with findings)
 * @param next pass as {@code after} for the following page; null on the last page
 */
public record Deployments(
    String scope,
    String purl,
    String name,
    String version,
    List<ImageMatch> images,
    @JsonInclude(JsonInclude.Include.ALWAYS) String next) {}
