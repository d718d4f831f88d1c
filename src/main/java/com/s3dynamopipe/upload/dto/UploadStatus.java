package com.s3dynamopipe.upload.dto;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/**
 * Answer of {@code GET /uploads/{fileId}} (200): an unfinished upload and, for multipart, the parts S3 already
 * holds, so that a client can resume without its own records.
 *
 * @param fileId        the upload
 * @param fileName      as announced
 * @param sizeBytes     as announced
 * @param contentType   the Content-Type every PUT sends
 * @param mode          {@code single} or {@code multipart}
 * @param partSizeBytes size of every part but the last
 * @param partCount     number of parts
 * @param createdAt     when the upload was started (ISO-8601 UTC)
 * @param deadline      when the upload ends if it was not completed (ISO-8601 UTC)
 * @param uploadedParts multipart only: parts S3 holds, by number (absent for {@code single})
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record UploadStatus(
        String fileId,
        String fileName,
        long sizeBytes,
        String contentType,
        String mode,
        long partSizeBytes,
        int partCount,
        String createdAt,
        String deadline,
        List<CompletedPartJson> uploadedParts) {}
