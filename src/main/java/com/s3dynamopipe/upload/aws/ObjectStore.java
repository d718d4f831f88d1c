package com.s3dynamopipe.upload.aws;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.ChecksumMode;

/**
 * The S3 object adapter: stores, inspects (HeadObject), copies and deletes objects in the bucket
 * {@code app.storage.bucket}. Presigning is {@link Presigner}, multipart uploads {@link MultipartUploads}, pending
 * upload records {@link PendingUploadStore}.
 */
@ApplicationScoped
public class ObjectStore {

    private static final Logger LOG = Logger.getLogger(ObjectStore.class);

    private final StorageBucket bucket;
    private volatile boolean versioned;

    /** @param bucket the storage bucket and its client */
    public ObjectStore(StorageBucket bucket) {
        this.bucket = bucket;
    }

    /**
     * Attempts per PutObject when the HTTP client fails below the SDK: the url-connection client turns an
     * IOException while reading the response (e.g. "Unexpected end of file from server" on a pooled connection S3
     * has closed) into an {@link UncheckedIOException}, which the SDK's retry policy never sees (it retries only
     * {@link SdkException} and {@link IOException}). Such a failure is retried here; the body is re-readable.
     */
    static final int TRANSPORT_ATTEMPTS = 3;

    /**
     * Stores an object with PutObject, sending the SHA-256 computed while the upload was read as the object's
     * checksum ({@code x-amz-checksum-sha256}): S3 checks the bytes it receives against it and refuses others (400
     * {@code BadDigest}), and keeps it (HeadObject with {@code ChecksumMode=ENABLED}). The bytes are sent from
     * where they lie, once per attempt; the client adds no checksum or payload signature of its own
     * ({@link S3ClientSettings}). A failure of the HTTP connection is retried up to {@value #TRANSPORT_ATTEMPTS}
     * attempts in all (the SDK retries its own faults within each).
     *
     * @param key         object key, {@code uploads/<ownerId>/<fileId>}
     * @param contentType Content-Type to store with the object
     * @param content     the bytes and their SHA-256
     * @throws StorageException transient if S3 cannot be reached, answers 5xx or throttles, or the connection
     *                          keeps failing; permanent if S3 rejects the request (including 400 {@code BadDigest})
     */
    public void put(String key, String contentType, UploadBytes content) {
        String checksum = content.sha256Base64();
        long length = content.length();
        for (int attempt = 1; ; attempt++) {
            try {
                bucket.client()
                        .putObject(
                                b -> b.bucket(bucket.name())
                                        .key(key)
                                        .contentType(contentType)
                                        .contentLength(length)
                                        .checksumSHA256(checksum),
                                RequestBody.fromContentProvider(content::newStream, length, contentType));
                return;
            } catch (SdkException e) {
                throw SdkFaults.translate("S3 PutObject", e);
            } catch (UncheckedIOException e) {
                if (attempt >= TRANSPORT_ATTEMPTS) {
                    throw new StorageException("S3 PutObject failed (connection)", true, e);
                }
                LOG.warnf(
                        "S3 PutObject attempt %d failed on the connection (%s); retrying",
                        attempt,
                        e.getCause() == null ? "no cause" : e.getCause().getMessage());
            }
        }
    }

    /**
     * What HeadObject says about a stored object.
     *
     * @param sizeBytes            Content-Length in bytes
     * @param checksumSha256Base64 S3's full-object SHA-256 checksum (base64), or {@code null} when S3 keeps none
     * @param contentEncoding      the stored Content-Encoding (e.g. {@code gzip}, RFC 9110 section 8.4), or
     *                             {@code null} when none was sent
     */
    public record ObjectFacts(long sizeBytes, String checksumSha256Base64, String contentEncoding) {}

    /**
     * @return size and (if S3 keeps one) the full-object SHA-256 checksum, or empty if there is no such object
     * @throws StorageException if S3 fails
     */
    public Optional<ObjectFacts> head(String key) {
        return SdkFaults.callUnlessMissing(
                        "S3 HeadObject",
                        () -> bucket.client()
                                .headObject(
                                        b -> b.bucket(bucket.name()).key(key).checksumMode(ChecksumMode.ENABLED)))
                .map(head -> new ObjectFacts(
                        head.contentLength(),
                        head.checksumSHA256(),
                        head.contentEncoding() == null || head.contentEncoding().isBlank()
                                ? null
                                : head.contentEncoding()));
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
        return SdkFaults.callUnlessMissing(
                        "S3 CopyObject",
                        () -> bucket.client()
                                .copyObject(b -> b.sourceBucket(bucket.name())
                                        .sourceKey(sourceKey)
                                        .destinationBucket(bucket.name())
                                        .destinationKey(targetKey)))
                .isPresent();
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
            List<String> versionIds = new ArrayList<>();
            SdkFaults.call("S3 ListObjectVersions", () -> {
                bucket.client()
                        .listObjectVersionsPaginator(
                                b -> b.bucket(bucket.name()).prefix(key))
                        .forEach(page -> {
                            page.versions().stream()
                                    .filter(v -> key.equals(v.key()))
                                    .forEach(v -> versionIds.add(v.versionId()));
                            page.deleteMarkers().stream()
                                    .filter(m -> key.equals(m.key()))
                                    .forEach(m -> versionIds.add(m.versionId()));
                        });
                return versionIds;
            });
            for (String versionId : versionIds) {
                // An object stored before versioning was enabled has the version id "null" (S3 accepts it).
                SdkFaults.call(
                        "S3 DeleteObject (every version)",
                        () -> bucket.client()
                                .deleteObject(
                                        b -> b.bucket(bucket.name()).key(key).versionId(versionId)));
                deleted++;
            }
        }
        return deleted;
    }

    /**
     * Whether the bucket is or was versioned (status {@code Enabled} or {@code Suspended}; a bucket never returns
     * to "never versioned", so a positive answer is kept for the life of the instance).
     */
    private boolean versioned() {
        if (!versioned) {
            BucketVersioningStatus status = SdkFaults.call(
                    "S3 GetBucketVersioning",
                    () -> bucket.client()
                            .getBucketVersioning(b -> b.bucket(bucket.name()))
                            .status());
            versioned = status != null && status != BucketVersioningStatus.UNKNOWN_TO_SDK_VERSION;
        }
        return versioned;
    }

    /**
     * Deletes an object (a missing one is fine).
     *
     * @throws StorageException if S3 fails
     */
    public void delete(String key) {
        SdkFaults.call(
                "S3 DeleteObject",
                () -> bucket.client().deleteObject(b -> b.bucket(bucket.name()).key(key)));
    }

    /**
     * Deletes an object, logging (not throwing) a failure: used to undo a store whose metadata write failed.
     *
     * @param key object key
     * @return {@code true} if S3 accepted the delete
     */
    public boolean deleteQuietly(String key) {
        try {
            delete(key);
            return true;
        } catch (StorageException e) {
            LOG.errorf("Could not delete orphan object %s: %s", ObjectKeys.forLogs(key), e.getMessage());
            return false;
        }
    }
}
