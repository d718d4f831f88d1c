package com.s3dynamopipe.upload.dto;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;
import java.util.Map;

/**
 * Answer of {@code POST /uploads/{fileId}/parts} (200): fresh presigned part PUTs.
 *
 * @param fileId    the upload
 * @param headers   headers every PUT must send (signed); empty when none
 * @param expiresAt when these URLs stop working (ISO-8601 UTC)
 * @param parts     one URL per requested part number, in the requested order
 */
@RegisterForReflection
public record PartUrls(String fileId, Map<String, String> headers, String expiresAt, List<PartUrl> parts) {

    /** Compact constructor: copies the collections so the record stays immutable. */
    public PartUrls {
        headers = Map.copyOf(headers);
        parts = List.copyOf(parts);
    }
}
