package com.s3dynamopipe.upload.aws;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.s3dynamopipe.upload.config.AppConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jboss.logging.Logger;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.presigner.PresignedRequest;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.Part;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * The S3 adapter of the presigned path: presigns PUT, UploadPart and GET requests, drives multipart uploads
 * (CreateMultipartUpload, ListParts, CompleteMultipartUpload, AbortMultipartUpload), reads object facts with
 * HeadObject, and keeps {@link PendingUpload} records as JSON objects. The bytes of an upload never pass through
 * here. Both clients come from the Quarkiverse S3 extension and share the {@code quarkus.s3.*} settings.
 */
@ApplicationScoped
public class TransferStore {

    private static final Logger LOG = Logger.getLogger(TransferStore.class);
    private static final String JSON = "application/json";

    private final S3Client s3;
    private final S3Presigner presigner;
    private final ObjectMapper mapper;
    private final String bucket;
    private volatile boolean versioned;

    /**
     * @param s3        client injected by the Quarkiverse S3 extension
     * @param presigner presigner injected by the same extension (same endpoint, addressing style, credentials)
     * @param mapper    the application's Jackson mapper (pending upload records)
     * @param config    application configuration (bucket name)
     */
    public TransferStore(S3Client s3, S3Presigner presigner, ObjectMapper mapper, AppConfig config) {
        this.s3 = s3;
        this.presigner = presigner;
        this.mapper = mapper;
        this.bucket = config.storage().bucket();
    }

    /** A part S3 holds for a multipart upload (ListParts). */
    public record StoredPart(int partNumber, String etag, long sizeBytes) {
    }

    /**
     * What HeadObject says about a stored object.
     *
     * @param sizeBytes             Content-Length in bytes
     * @param checksumSha256Base64  S3's full-object SHA-256 checksum (base64), or {@code null} when S3 keeps none
     * @param contentEncoding       the stored Content-Encoding (e.g. {@code gzip}, RFC 9110 section 8.4), or
     *                              {@code null} when none was sent
     */
    public record ObjectFacts(long sizeBytes, String checksumSha256Base64, String contentEncoding) {
    }

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
     * Presigns a PutObject of the whole file.
     *
     * @param key            object key
     * @param contentType    Content-Type the PUT must send (signed)
     * @param sizeBytes      exact length the PUT must send (signed as Content-Length)
     * @param sha256Base64   base64 SHA-256 the PUT must send as {@code x-amz-checksum-sha256} (S3 checks the body
     *                       against it), or {@code null} for none
     * @param ttl            lifetime of the URL
     * @return the URL with the headers to send
     */
    public PresignedUrl presignPut(String key, String contentType, long sizeBytes, String sha256Base64,
            Duration ttl) {
        try {
            return toUrl(presigner.presignPutObject(p -> p.signatureDuration(ttl).putObjectRequest(b -> {
                b.bucket(bucket).key(key).contentType(contentType).contentLength(sizeBytes);
                if (sha256Base64 != null) {
                    b.checksumSHA256(sha256Base64);
                }
            })));
        } catch (SdkException e) {
            throw SdkFaults.translate("S3 presign PutObject", e);
        }
    }

    /**
     * Presigns one UploadPart.
     *
     * @param key          object key
     * @param uploadId     S3's multipart UploadId
     * @param partNumber   1 to 10,000
     * @param sizeBytes    exact length of the part (signed as Content-Length)
     * @param sha256Base64 base64 SHA-256 the PUT must send as {@code x-amz-checksum-sha256} (signed; S3 checks the
     *                     part's bytes against it and refuses others with 400 {@code BadDigest}), or {@code null}
     *                     for none
     * @param ttl          lifetime of the URL
     * @return the URL; the ETag of S3's answer is what {@code complete} needs
     */
    public PresignedUrl presignPart(String key, String uploadId, int partNumber, long sizeBytes, String sha256Base64,
            Duration ttl) {
        try {
            return toUrl(presigner.presignUploadPart(p -> p.signatureDuration(ttl).uploadPartRequest(b -> {
                b.bucket(bucket).key(key).uploadId(uploadId).partNumber(partNumber).contentLength(sizeBytes);
                if (sha256Base64 != null) {
                    b.checksumSHA256(sha256Base64);
                }
            })));
        } catch (SdkException e) {
            throw SdkFaults.translate("S3 presign UploadPart", e);
        }
    }

    /**
     * Presigns a GetObject whose answer carries the given Content-Disposition and Content-Type
     * ({@code response-content-disposition}, {@code response-content-type}).
     *
     * @return the URL (no headers to send)
     */
    public PresignedUrl presignGet(String key, String contentDisposition, String contentType, Duration ttl) {
        try {
            return toUrl(presigner.presignGetObject(p -> p.signatureDuration(ttl).getObjectRequest(b -> b
                    .bucket(bucket).key(key).responseContentDisposition(contentDisposition)
                    .responseContentType(contentType))));
        } catch (SdkException e) {
            throw SdkFaults.translate("S3 presign GetObject", e);
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
    public String createMultipart(String key, String contentType) {
        try {
            return s3.createMultipartUpload(b -> b.bucket(bucket).key(key).contentType(contentType)
                    .checksumAlgorithm(ChecksumAlgorithm.SHA256)).uploadId();
        } catch (SdkException e) {
            throw SdkFaults.translate("S3 CreateMultipartUpload", e);
        }
    }

    /**
     * @return every part S3 holds for the upload, by part number
     * @throws NoSuchUploadException if the upload was completed or aborted
     */
    public List<StoredPart> listParts(String key, String uploadId) {
        try {
            return s3.listPartsPaginator(b -> b.bucket(bucket).key(key).uploadId(uploadId)).parts().stream()
                    .map(TransferStore::toStoredPart).toList();
        } catch (AwsServiceException e) {
            if (e.statusCode() == 404) {
                throw new NoSuchUploadException();
            }
            throw SdkFaults.translate("S3 ListParts", e);
        } catch (SdkException e) {
            throw SdkFaults.translate("S3 ListParts", e);
        }
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
    public void completeMultipart(String key, String uploadId, Map<Integer, String> parts,
            Map<Integer, String> checksums) {
        List<CompletedPart> completed = new TreeMap<>(parts).entrySet().stream()
                .map(p -> CompletedPart.builder().partNumber(p.getKey()).eTag(p.getValue())
                        .checksumSHA256(checksums.get(p.getKey())).build()).toList();
        try {
            s3.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId)
                    .multipartUpload(m -> m.parts(completed)));
        } catch (AwsServiceException e) {
            String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
            if (e.statusCode() == 404) {
                throw new NoSuchUploadException();
            }
            if (e.statusCode() == 400 && code != null) {
                throw new PartsRejectedException(code);
            }
            throw SdkFaults.translate("S3 CompleteMultipartUpload", e);
        } catch (SdkException e) {
            throw SdkFaults.translate("S3 CompleteMultipartUpload", e);
        }
    }

    /** Aborts a multipart upload; one that no longer exists is fine. */
    public void abortMultipart(String key, String uploadId) {
        try {
            s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
        } catch (AwsServiceException e) {
            if (e.statusCode() != 404) {
                throw SdkFaults.translate("S3 AbortMultipartUpload", e);
            }
        } catch (SdkException e) {
            throw SdkFaults.translate("S3 AbortMultipartUpload", e);
        }
    }

    /**
     * @return size and (if S3 keeps one) the full-object SHA-256 checksum, or empty if there is no such object
     */
    public Optional<ObjectFacts> head(String key) {
        try {
            HeadObjectResponse head = s3.headObject(b -> b.bucket(bucket).key(key).checksumMode(ChecksumMode.ENABLED));
            String encoding = head.contentEncoding() == null || head.contentEncoding().isBlank() ? null
                    : head.contentEncoding();
            return Optional.of(new ObjectFacts(head.contentLength(), head.checksumSHA256(), encoding));
        } catch (AwsServiceException e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw SdkFaults.translate("S3 HeadObject", e);
        } catch (SdkException e) {
            throw SdkFaults.translate("S3 HeadObject", e);
        }
    }

    /**
     * Copies an object within the bucket (CopyObject, metadata and Content-Type copied); used to move a single
     * PUT's staged object ({@code pending/…}, at most {@code app.presigned.single-put-max-bytes}) to its file key.
     *
     * @param sourceKey the object to copy
     * @param targetKey where the copy goes
     * @return {@code false} if the source does not exist (S3 404), {@code true} once copied
     * @throws StorageException if S3 fails
     */
    public boolean copy(String sourceKey, String targetKey) {
        try {
            s3.copyObject(b -> b.sourceBucket(bucket).sourceKey(sourceKey).destinationBucket(bucket)
                    .destinationKey(targetKey));
            return true;
        } catch (AwsServiceException e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw SdkFaults.translate("S3 CopyObject", e);
        } catch (SdkException e) {
            throw SdkFaults.translate("S3 CopyObject", e);
        }
    }

    /**
     * Deletes every version and delete marker of the given keys (AWS doc "Deleting object versions from a
     * versioning-enabled bucket": ListObjectVersions on the key as prefix, then DeleteObject with each VersionId).
     * Only keys equal to one of {@code keys} are deleted, never others that merely share the prefix. Keys without
     * versions are fine. A bucket that was never versioned (GetBucketVersioning without a status, such as the local
     * S3Proxy, which has no ListObjectVersions) holds one version per key: a plain DeleteObject removes it. Needs
     * {@code s3:GetBucketVersioning} and {@code s3:ListBucketVersions} on the bucket and
     * {@code s3:DeleteObjectVersion} on the keys.
     *
     * @param keys exact object keys
     * @return how many versions and delete markers were deleted (objects, in a bucket never versioned)
     * @throws StorageException if S3 fails (some versions may be gone already; repeating the call is safe)
     */
    public int deleteEveryVersion(String... keys) {
        if (!versioned()) {
            for (String key : keys) {
                delete(key);
            }
            return keys.length;
        }
        int deleted = 0;
        for (String key : keys) {
            try {
                List<String> versionIds = new ArrayList<>();
                s3.listObjectVersionsPaginator(b -> b.bucket(bucket).prefix(key)).forEach(page -> {
                    page.versions().stream().filter(v -> key.equals(v.key()))
                            .forEach(v -> versionIds.add(v.versionId()));
                    page.deleteMarkers().stream().filter(m -> key.equals(m.key()))
                            .forEach(m -> versionIds.add(m.versionId()));
                });
                for (String versionId : versionIds) {
                    // An object stored before versioning was enabled has the version id "null" (S3 accepts it).
                    s3.deleteObject(b -> b.bucket(bucket).key(key).versionId(versionId));
                    deleted++;
                }
            } catch (SdkException e) {
                throw SdkFaults.translate("S3 DeleteObject (every version)", e);
            }
        }
        return deleted;
    }

    /**
     * Whether the bucket is or was versioned (status {@code Enabled} or {@code Suspended}; a bucket never returns
     * to "never versioned", so a positive answer is kept for the life of the instance).
     */
    private boolean versioned() {
        if (versioned) {
            return true;
        }
        try {
            BucketVersioningStatus status = s3.getBucketVersioning(b -> b.bucket(bucket)).status();
            versioned = status != null && status != BucketVersioningStatus.UNKNOWN_TO_SDK_VERSION;
            return versioned;
        } catch (SdkException e) {
            throw SdkFaults.translate("S3 GetBucketVersioning", e);
        }
    }

    /**
     * Deletes an object (a missing one is fine).
     *
     * @throws StorageException if S3 fails
     */
    public void delete(String key) {
        try {
            s3.deleteObject(b -> b.bucket(bucket).key(key));
        } catch (SdkException e) {
            throw SdkFaults.translate("S3 DeleteObject", e);
        }
    }

    /**
     * Deletes an object, logging (not throwing) a failure.
     *
     * @return {@code true} if S3 accepted the delete
     */
    public boolean deleteQuietly(String key) {
        try {
            delete(key);
            return true;
        } catch (StorageException e) {
            LOG.errorf("Could not delete %s: %s", ObjectKeys.forLogs(key), e.getMessage());
            return false;
        }
    }

    /** Stores a pending upload record at {@link PendingUpload#manifestKey()}. */
    public void putPending(PendingUpload pending) {
        byte[] json;
        try {
            json = mapper.writeValueAsBytes(pending);
        } catch (IOException e) {
            throw new IllegalStateException("Pending upload JSON could not be written", e);
        }
        try {
            s3.putObject(b -> b.bucket(bucket).key(pending.manifestKey()).contentType(JSON), RequestBody.fromBytes(json));
        } catch (SdkException e) {
            throw SdkFaults.translate("S3 PutObject", e);
        }
    }

    /**
     * Reads the pending upload record of an owner's file id.
     *
     * @return the record, or empty if this owner has no such pending upload
     */
    public Optional<PendingUpload> findPending(String ownerId, String fileId) {
        String key = PendingUpload.manifestKey(ownerId, fileId);
        byte[] json;
        try {
            json = s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
        } catch (AwsServiceException e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw SdkFaults.translate("S3 GetObject", e);
        } catch (SdkException e) {
            throw SdkFaults.translate("S3 GetObject", e);
        }
        try {
            PendingUpload pending = mapper.readValue(json, PendingUpload.class);
            return ownerId.equals(pending.ownerId()) && fileId.equals(pending.fileId())
                    ? Optional.of(pending) : Optional.empty();
        } catch (IOException e) {
            throw new StorageException("Pending upload " + ObjectKeys.forLogs(key) + " is unreadable", false, e);
        }
    }

    private static StoredPart toStoredPart(Part part) {
        return new StoredPart(part.partNumber(), part.eTag(), part.size() == null ? 0 : part.size());
    }

    private static PresignedUrl toUrl(PresignedRequest request) {
        SdkHttpRequest http = request.httpRequest();
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        request.signedHeaders().forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (!lower.equals("host") && !lower.equals("content-length")) {
                headers.put(canonicalName(lower), String.join(",", values));
            }
        });
        LOG.debugf("Presigned %s %s", http.method(), ObjectKeys.forLogs(http.encodedPath()));
        return new PresignedUrl(request.url().toString(), headers, request.expiration());
    }

    private static String canonicalName(String lower) {
        return lower.equals("content-type") ? "Content-Type" : lower;
    }
}
