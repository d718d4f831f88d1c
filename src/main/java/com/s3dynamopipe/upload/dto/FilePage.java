package com.s3dynamopipe.upload.dto;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/**
 * One page of {@code GET /files}: {@code {"items": [file...], "nextCursor": "..."}}.
 *
 * @param items      the caller's files, newest first
 * @param nextCursor opaque cursor for the next page (base64url, no padding); absent on the last page
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FilePage(List<FileView> items, String nextCursor) {

    /** Compact constructor: copies the list so the record stays immutable. */
    public FilePage {
        items = List.copyOf(items);
    }
}
