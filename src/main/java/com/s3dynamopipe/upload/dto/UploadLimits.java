package com.s3dynamopipe.upload.dto;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The limits of the presigned path, stated in every {@code POST /uploads} answer.
 *
 * @param maxBytes           largest accepted file
 * @param singlePutMaxBytes  files up to this size get one PUT, larger ones a multipart upload
 * @param maxParts           most parts of one upload
 * @param partUrlsPerRequest most part URLs in one answer
 */
@RegisterForReflection
public record UploadLimits(long maxBytes, long singlePutMaxBytes, int maxParts, int partUrlsPerRequest) {}
