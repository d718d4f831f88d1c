package com.s3dynamopipe.upload.dto;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The SHA-256 of one part of a multipart upload, announced in {@code POST /uploads} ({@code partChecksums}): it is
 * signed into that part's upload URL, so S3 refuses other bytes for the part (400 {@code BadDigest}).
 *
 * @param partNumber 1 to {@code partCount}
 * @param sha256     the part's SHA-256 as 64 lowercase hexadecimal digits
 */
@RegisterForReflection
public record PartChecksum(Integer partNumber, String sha256) {}
