package com.s3dynamopipe.upload.dto;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.Map;

/**
 * One presigned PUT of a presigned upload: the whole file ({@code partNumber} 1 of a single PUT) or one part of a
 * multipart upload.
 *
 * @param partNumber 1-based part number
 * @param url        presigned URL, to be sent with method PUT and the answer's {@code headers}
 * @param sizeBytes  exact number of bytes this PUT must carry (bytes {@code (partNumber-1)*partSizeBytes} on)
 * @param headers    headers of this PUT alone, sent with the answer's common {@code headers} (both are signed):
 *                   for a multipart part {@code x-amz-checksum-sha256}, the base64 of the part's SHA-256; empty for
 *                   a single PUT, whose checksum is among the common headers
 */
@RegisterForReflection
public record PartUrl(int partNumber, String url, long sizeBytes, Map<String, String> headers) {

    /** Compact constructor: copies the headers so the record stays immutable. */
    public PartUrl {
        headers = Map.copyOf(headers);
    }
}
