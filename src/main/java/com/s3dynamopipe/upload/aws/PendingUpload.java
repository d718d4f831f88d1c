package com.s3dynamopipe.upload.aws;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A started but not yet completed presigned upload ({@code POST /uploads}). It is kept as a small JSON object next
 * to the upload's own object ({@code uploads/<ownerId>/<fileId>.upload.json}), never in the table: the table's
 * stream starts processing on every INSERT, so the file item is inserted only once the object is complete.
 *
 * @param ownerId           the caller's {@code sub}
 * @param fileId            UUIDv7, the future item's RANGE key
 * @param objectKey         {@code uploads/<ownerId>/<fileId>}
 * @param fileName          the file name as sent
 * @param sizeBytes         the size the client announced; checked against the stored object at completion
 * @param contentType       the Content-Type every PUT must send (signed into the URLs)
 * @param sha256            lowercase hex SHA-256 the client promised; the processor verifies it
 * @param comment           optional comment, {@code null} when absent
 * @param createdAt         ISO-8601 UTC with milliseconds: when the upload was started (the item's {@code createdAt})
 * @param multipartUploadId S3's UploadId of the multipart upload, {@code null} for a single PUT
 * @param partSizeBytes     size of every part but the last (the whole size for a single PUT)
 * @param partCount         number of parts (1 for a single PUT)
 */
@RegisterForReflection
public record PendingUpload(String ownerId, String fileId, String objectKey, String fileName, long sizeBytes,
        String contentType, String sha256, String comment, String createdAt, String multipartUploadId,
        long partSizeBytes, int partCount) {

    /** @return {@code true} for a multipart upload, {@code false} for a single presigned PUT */
    public boolean multipart() {
        return multipartUploadId != null;
    }

    /**
     * @param partNumber 1 to {@link #partCount()}
     * @return the exact byte count of that part
     */
    public long partLength(int partNumber) {
        return partNumber < partCount ? partSizeBytes : sizeBytes - (long) (partCount - 1) * partSizeBytes;
    }

    /** @return the key of this record's JSON object, {@code uploads/<ownerId>/<fileId>.upload.json} */
    public String manifestKey() {
        return manifestKey(ownerId, fileId);
    }

    /**
     * @param ownerId the owner
     * @param fileId  the file id
     * @return {@code uploads/<ownerId>/<fileId>.upload.json}
     */
    public static String manifestKey(String ownerId, String fileId) {
        return objectKey(ownerId, fileId) + ".upload.json";
    }

    /**
     * @param ownerId the owner
     * @param fileId  the file id
     * @return {@code uploads/<ownerId>/<fileId>}, the key of the uploaded object (docs/design.md, {@code objectKey})
     */
    public static String objectKey(String ownerId, String fileId) {
        return "uploads/" + ownerId + "/" + fileId;
    }
}
