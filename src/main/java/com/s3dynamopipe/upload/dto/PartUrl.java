package com.s3dynamopipe.upload.dto;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One presigned PUT of a presigned upload: the whole file ({@code partNumber} 1 of a single PUT) or one part of a
 * multipart upload.
 *
 * @param partNumber 1-based part number
 * @param url        presigned URL, to be sent with method PUT and the answer's {@code headers}
 * @param sizeBytes  exact number of bytes this PUT must carry (bytes {@code (partNumber-1)*partSizeBytes} on)
 */
@RegisterForReflection
public record PartUrl(int partNumber, String url, long sizeBytes) {
}
