package dev.tallyman.report.search;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * Every image affected by one vulnerability (matched by id or alias), a page at a time.
 *
 * @param next pass as {@code after} for the following page; null on the last page
 */
public record BlastRadius(
    String vulnerability,
    List<ImageMatch> images,
    @JsonInclude(JsonInclude.Include.ALWAYS) String next) {}
