package com.s3dynamopipe.upload.aws;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * The S3 multipart-upload adapter of the presigned path: CreateMultipartUpload, ListParts,
 * CompleteMultipartUpload and AbortMultipartUpload. The parts' bytes never pass through here.
 */
@ApplicationScoped
public class MultipartUploads {

    private final StorageBucket bucket;

    /** @param bucket the storage bucket and its client */
    public MultipartUploads(StorageBucket bucket) {
        this.bucket = bucket;
    }

    /** A part S3 holds for a multipart upload (ListParts). */
    public record StoredPart(int partNumber, String etag, long sizeBytes) {}

    /** CompleteMultipartUpload was refused because of the parts (S3 400 InvalidPart, InvalidPartOrder, EntityTooSmall). */
    public static class PartsRejectedException extends RuntimeException {
        private final String s3Code;

        PartsRejectedException(String s3Code) {
            super("S3 refused the parts: " + s3Code, null, false, false);
            this.s3Code = s3Code;
        }

        /** @return S3's error code, e.g. {@code InvalidPart} */
        public String s3Code() {
            return s3Code;
        }
    }

    /** The multipart upload no longer exists (S3 404 NoSuchUpload): completed or aborted meanwhile. */
    public static class NoSuchUploadException extends RuntimeException {
        NoSuchUploadException() {
            super("S3 has no such multipart upload", null, false, false);
        }
    }

    /**
     * Creates a multipart upload whose parts carry SHA-256 checksums ({@code ChecksumAlgorithm SHA256}): S3 then
     * checks each part against its signed {@code x-amz-checksum-sha256}, needs every part's checksum at completion,
     * and keeps the object's composite checksum (the SHA-256 of the parts' digests, {@code "<base64>-<parts>"}).
     *
     * @param key         object key
     * @param contentType Content-Type of the object to be
     * @return S3's UploadId
     */
    public String create(String key, String contentType) {
        return SdkFaults.call(
                "S3 CreateMultipartUpload",
                () -> bucket.client()
                        .createMultipartUpload(b -> b.bucket(bucket.name())
                                .key(key)
                                .contentType(contentType)
                                .checksumAlgorithm(ChecksumAlgorithm.SHA256))
                        .uploadId());
    }

    /**
     * @return every part S3 holds for the upload, by part number
     * @throws NoSuchUploadException if the upload was completed or aborted
     */
    public List<StoredPart> listParts(String key, String uploadId) {
        return SdkFaults.callUnlessMissing(
                        "S3 ListParts",
                        () -> bucket
                                .client()
                                .listPartsPaginator(
                                        b -> b.bucket(bucket.name()).key(key).uploadId(uploadId))
                                .parts()
                                .stream()
                                .map(p -> new StoredPart(p.partNumber(), p.eTag(), p.size() == null ? 0 : p.size()))
                                .toList())
                .orElseThrow(NoSuchUploadException::new);
    }

    /**
     * Completes a multipart upload.
     *
     * @param parts     part number to ETag, every part of the upload
     * @param checksums part number to the part's base64 SHA-256 (S3 requires them for an upload created with a
     *                  checksum algorithm), or an empty map for none
     * @throws PartsRejectedException if S3 refuses the parts (wrong ETag or checksum, missing part, part too small)
     * @throws NoSuchUploadException  if the upload was completed or aborted
     */
    public void complete(String key, String uploadId, Map<Integer, String> parts, Map<Integer, String> checksums) {
        List<CompletedPart> completed = new TreeMap<>(parts)
                .entrySet().stream()
                        .map(p -> CompletedPart.builder()
                                .partNumber(p.getKey())
                                .eTag(p.getValue())
                                .checksumSHA256(checksums.get(p.getKey()))
                                .build())
                        .toList();
        try {
            bucket.client()
                    .completeMultipartUpload(b -> b.bucket(bucket.name())
                            .key(key)
                            .uploadId(uploadId)
                            .multipartUpload(m -> m.parts(completed)));
        } catch (SdkException e) {
            if (SdkFaults.missing(e)) {
                throw new NoSuchUploadException();
            }
            if (e instanceof AwsServiceException service
                    && service.statusCode() == 400
                    && service.awsErrorDetails() != null
                    && service.awsErrorDetails().errorCode() != null) {
                throw new PartsRejectedException(service.awsErrorDetails().errorCode());
            }
            throw SdkFaults.translate("S3 CompleteMultipartUpload", e);
        }
    }

    /** Aborts a multipart upload; one that no longer exists is fine. */
    public void abort(String key, String uploadId) {
        SdkFaults.callUnlessMissing(
                "S3 AbortMultipartUpload",
                () -> bucket.client()
                        .abortMultipartUpload(
                                b -> b.bucket(bucket.name()).key(key).uploadId(uploadId)));
    }
}
