package com.s3dynamopipe.upload.dto;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.s3dynamopipe.upload.domain.FileItem;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The file JSON of the HTTP API (docs/design.md, "HTTP API"): what a caller may see of a metadata item.
 * {@code ownerId} and {@code objectKey} are internal and never returned; absent members are omitted, never
 * {@code null}.
 *
 * @param fileId              UUIDv7, lowercase canonical form
 * @param fileName            the original file name as sent
 * @param sizeBytes           bytes stored
 * @param contentType         the part's Content-Type as sent
 * @param sha256              lowercase hex SHA-256 of the stored bytes
 * @param comment             optional comment (at most 1,000 characters)
 * @param status              {@code UPLOADED}, {@code PROCESSING}, {@code PROCESSED} or {@code FAILED}
 * @param createdAt           ISO-8601 UTC with milliseconds
 * @param processingStartedAt when the processor claimed the item
 * @param processedAt         when the terminal status was written
 * @param detectedContentType media type detected by the processor
 * @param failureReason       why processing failed, only when {@code FAILED}
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FileView(
        String fileId,
        String fileName,
        long sizeBytes,
        String contentType,
        String sha256,
        String comment,
        String status,
        String createdAt,
        String processingStartedAt,
        String processedAt,
        String detectedContentType,
        String failureReason) {

    /**
     * Converts a table item to its public view.
     *
     * @param item the DynamoDB item as read or written
     * @return the view, with the owner and object key left out
     */
    public static FileView from(FileItem item) {
        return new FileView(
                item.fileId(),
                item.fileName(),
                item.sizeBytes(),
                item.contentType(),
                item.sha256(),
                item.comment(),
                item.status() == null ? null : item.status().name(),
                item.createdAt(),
                item.processingStartedAt(),
                item.processedAt(),
                item.detectedContentType(),
                item.failureReason());
    }
}
