package com.s3dynamopipe.upload.dto;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/**
 * Body of {@code POST /uploads}: what the browser is about to send straight to S3.
 *
 * @param fileName    the file name (same rules as the direct path's file name)
 * @param sizeBytes   exact size in bytes, 1 to {@code app.presigned.max-bytes}
 * @param contentType media type to store, or {@code null} for {@code application/octet-stream}
 * @param sha256      lowercase hex SHA-256 of the whole file (64 digits), required: it becomes the item's
 *                    {@code sha256}, which the processor verifies against the stored bytes
 * @param comment       optional, at most 1,000 characters; empty means none
 * @param partChecksums multipart only (a file above {@code singlePutMaxBytes}), required there: the SHA-256 of every
 *                      part, exactly {@code partCount} entries numbered 1 to {@code partCount}, parts cut at
 *                      {@code partSizeBytes} (docs/design.md, "Part size"); absent (or empty) for a single PUT
 */
@RegisterForReflection
public record UploadRequest(
        String fileName,
        Long sizeBytes,
        String contentType,
        String sha256,
        String comment,
        List<PartChecksum> partChecksums) {}
