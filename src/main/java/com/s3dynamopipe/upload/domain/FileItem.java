package com.s3dynamopipe.upload.domain;

/**
 * One item of the files table, attribute for attribute as docs/design.md ("Data model") defines it.
 * Optional attributes are {@code null} here and absent in DynamoDB (never stored as empty strings). The DynamoDB
 * attribute mapping is {@code aws.FileItemAttributes}.
 *
 * @param ownerId             HASH key: the token's {@code sub}
 * @param fileId              RANGE key: UUIDv7, lowercase canonical form
 * @param objectKey           {@code uploads/<ownerId>/<fileId>}
 * @param fileName            original file name as sent
 * @param sizeBytes           bytes stored (N)
 * @param contentType         the part's Content-Type as sent
 * @param sha256              lowercase hex SHA-256 of the stored bytes
 * @param comment             optional comment
 * @param status              where processing stands
 * @param createdAt           ISO-8601 UTC with milliseconds
 * @param processingStartedAt written by the processor
 * @param processedAt         written by the processor or the workflow
 * @param detectedContentType written by the processor
 * @param failureReason       written by the processor or the workflow
 */
public record FileItem(
        String ownerId,
        String fileId,
        String objectKey,
        String fileName,
        long sizeBytes,
        String contentType,
        String sha256,
        String comment,
        FileStatus status,
        String createdAt,
        String processingStartedAt,
        String processedAt,
        String detectedContentType,
        String failureReason) {

    /**
     * Builds the item the upload API inserts: status {@code UPLOADED}, no processor attributes.
     *
     * @return the new item
     */
    public static FileItem uploaded(
            String ownerId,
            String fileId,
            String objectKey,
            String fileName,
            long sizeBytes,
            String contentType,
            String sha256,
            String comment,
            String createdAt) {
        return new FileItem(
                ownerId,
                fileId,
                objectKey,
                fileName,
                sizeBytes,
                contentType,
                sha256,
                comment,
                FileStatus.UPLOADED,
                createdAt,
                null,
                null,
                null,
                null);
    }
}
