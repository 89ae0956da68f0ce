package dev.tallyman.analysis.catalog;

import dev.tallyman.analysis.Notes;
import dev.tallyman.analysis.layer.LayerInfo;
import java.io.InputStream;

/** A wanted file as its layer streams by. {@code content} is valid only during the call. */
public record ImageFile(
    String path, long size, InputStream content, LayerInfo layer, Notes notes) {}
