package com.s3dynamopipe.upload.aws;

import com.s3dynamopipe.upload.config.AppConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.jboss.logging.Logger;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** The S3 adapter: stores and deletes upload objects in the bucket {@code app.storage.bucket}. */
@ApplicationScoped
public class ObjectStore {

    private static final Logger LOG = Logger.getLogger(ObjectStore.class);

    private final S3Client s3;
    private final String bucket;

    /**
     * @param s3     client injected by the Quarkiverse S3 extension
     * @param config application configuration (bucket name)
     */
    public ObjectStore(S3Client s3, AppConfig config) {
        this.s3 = s3;
        this.bucket = config.storage().bucket();
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
        for (int attempt = 1;; attempt++) {
            try {
                s3.putObject(b -> b.bucket(bucket).key(key).contentType(contentType).contentLength(length)
                        .checksumSHA256(checksum),
                        RequestBody.fromContentProvider(content::newStream, length, contentType));
                return;
            } catch (SdkException e) {
                throw SdkFaults.translate("S3 PutObject", e);
            } catch (UncheckedIOException e) {
                if (attempt >= TRANSPORT_ATTEMPTS) {
                    throw new StorageException("S3 PutObject failed (connection)", true, e);
                }
                LOG.warnf("S3 PutObject attempt %d failed on the connection (%s); retrying", attempt,
                        e.getCause() == null ? "no cause" : e.getCause().getMessage());
            }
        }
    }

    /**
     * Deletes an object, logging (not throwing) a failure: used to undo a store whose metadata write failed.
     *
     * @param key object key
     * @return {@code true} if S3 accepted the delete
     */
    public boolean deleteQuietly(String key) {
        try {
            s3.deleteObject(b -> b.bucket(bucket).key(key));
            return true;
        } catch (SdkException e) {
            LOG.errorf("Could not delete orphan object %s: %s", ObjectKeys.forLogs(key), e.getClass().getSimpleName());
            return false;
        }
    }
}
