package com.s3dynamopipe.upload.domain;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A started but not yet completed presigned upload ({@code POST /uploads}). It is kept as a small JSON object under
 * the bucket's {@code pending/} prefix ({@code pending/<ownerId>/<fileId>.upload.json}), never in the table: the
 * table's stream starts processing on every INSERT, so the file item is inserted only once the object is complete.
 * Everything under {@code pending/} (this record and a single PUT's staged object) is removed by the bucket's
 * lifecycle rule some time after {@link #expiresAt()} (Terraform {@code unfinished_upload_days}).
 *
 * @param ownerId           the caller's {@code sub}
 * @param fileId            UUIDv7, the future item's RANGE key
 * @param objectKey         {@code uploads/<ownerId>/<fileId>}: where the completed file lives
 * @param fileName          the file name as sent
 * @param sizeBytes         the size the client announced; checked against the stored object at completion
 * @param contentType       the Content-Type every PUT must send (signed into the URLs)
 * @param sha256            lowercase hex SHA-256 the client promised; the processor verifies it
 * @param comment           optional comment, {@code null} when absent
 * @param createdAt         ISO-8601 UTC with milliseconds: when the upload was started (the item's {@code createdAt})
 * @param multipartUploadId S3's UploadId of the multipart upload, {@code null} for a single PUT
 * @param partSizeBytes     size of every part but the last (the whole size for a single PUT)
 * @param partCount         number of parts (1 for a single PUT)
 * @param expiresAt         ISO-8601 UTC: the upload's deadline; no URL lives longer, and past it the upload can no
 *                          longer be resumed or completed. {@code null} in records written before deadlines existed
 *                          ({@link #deadline(Duration)} then counts from {@code createdAt})
 * @param partSha256        multipart: the SHA-256 of each part as the client announced it (lowercase hex, part
 *                          {@code n} at index {@code n-1}), signed into every part URL and sent with
 *                          CompleteMultipartUpload; {@code null} for a single PUT (and in records written before part
 *                          checksums existed, whose parts are signed without one)
 */
@RegisterForReflection
public record PendingUpload(
        String ownerId,
        String fileId,
        String objectKey,
        String fileName,
        long sizeBytes,
        String contentType,
        String sha256,
        String comment,
        String createdAt,
        String multipartUploadId,
        long partSizeBytes,
        int partCount,
        String expiresAt,
        List<String> partSha256) {

    /** Compact constructor: copies the part checksums so the record stays immutable. */
    public PendingUpload {
        partSha256 = partSha256 == null ? null : List.copyOf(partSha256);
    }

    /**
     * @param partNumber 1 to {@link #partCount()}
     * @return the part's announced SHA-256 in base64 (as {@code x-amz-checksum-sha256} carries it), or {@code null}
     *         when the upload has no part checksums
     */
    public String partSha256Base64(int partNumber) {
        return partSha256 == null ? null : Sha256.base64(partSha256.get(partNumber - 1));
    }

    /** @return part number to base64 SHA-256, as CompleteMultipartUpload needs them (empty without part checksums) */
    public Map<Integer, String> partChecksumsBase64() {
        Map<Integer, String> checksums = new HashMap<>();
        if (partSha256 != null) {
            for (int n = 1; n <= partCount; n++) {
                checksums.put(n, partSha256Base64(n));
            }
        }
        return checksums;
    }

    /** @return {@code true} for a multipart upload, {@code false} for a single presigned PUT */
    public boolean multipart() {
        return multipartUploadId != null;
    }

    /**
     * @param fallback the configured deadline, used for a record without {@code expiresAt}
     * @return the instant after which the upload is expired
     */
    public Instant deadline(Duration fallback) {
        return expiresAt != null
                ? Instant.parse(expiresAt)
                : Instant.parse(createdAt).plus(fallback);
    }

    /**
     * @param partNumber 1 to {@link #partCount()}
     * @return the exact byte count of that part
     */
    public long partLength(int partNumber) {
        return new PartPlan(sizeBytes, partSizeBytes, partCount).partLength(partNumber);
    }

    /** @return the key of this record's JSON object, {@code pending/<ownerId>/<fileId>.upload.json} */
    public String manifestKey() {
        return StorageKeys.manifest(ownerId, fileId);
    }

    /**
     * @return where a single PUT stores the bytes until {@code complete} copies them to {@link #objectKey()}:
     *         {@code pending/<ownerId>/<fileId>}; a multipart upload has no staged object (S3 keeps its parts)
     */
    public String stagedKey() {
        return StorageKeys.staged(ownerId, fileId);
    }
}
