package com.s3dynamopipe.upload.dto;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Body of {@code POST /uploads}: what the browser is about to send straight to S3.
 *
 * @param fileName    the file name (same rules as the direct path's file name)
 * @param sizeBytes   exact size in bytes, 1 to {@code app.presigned.max-bytes}
 * @param contentType media type to store, or {@code null} for {@code application/octet-stream}
 * @param sha256      lowercase hex SHA-256 of the whole file (64 digits), required: it becomes the item's
 *                    {@code sha256}, which the processor verifies against the stored bytes
 * @param comment     optional, at most 1,000 characters; empty means none
 */
@RegisterForReflection
public record UploadRequest(String fileName, Long sizeBytes, String contentType, String sha256, String comment) {
}
