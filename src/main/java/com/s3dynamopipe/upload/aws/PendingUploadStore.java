package com.s3dynamopipe.upload.aws;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.s3dynamopipe.upload.domain.PendingUpload;
import com.s3dynamopipe.upload.domain.StorageKeys;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.Optional;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * Keeps {@link PendingUpload} records as small JSON objects under the bucket's {@code pending/} prefix (never in
 * the table, whose stream starts processing on every INSERT). Deleting them is {@link ObjectStore#deleteEveryVersion}.
 */
@ApplicationScoped
public class PendingUploadStore {

    private static final String JSON = "application/json";

    private final StorageBucket bucket;
    private final ObjectMapper mapper;

    /**
     * @param bucket the storage bucket and its client
     * @param mapper the application's Jackson mapper
     */
    public PendingUploadStore(StorageBucket bucket, ObjectMapper mapper) {
        this.bucket = bucket;
        this.mapper = mapper;
    }

    /**
     * Stores a pending upload record at {@link PendingUpload#manifestKey()}.
     *
     * @throws StorageException if S3 fails
     */
    public void put(PendingUpload pending) {
        byte[] json;
        try {
            json = mapper.writeValueAsBytes(pending);
        } catch (IOException e) {
            throw new IllegalStateException("Pending upload JSON could not be written", e);
        }
        SdkFaults.call(
                "S3 PutObject",
                () -> bucket.client()
                        .putObject(
                                b -> b.bucket(bucket.name())
                                        .key(pending.manifestKey())
                                        .contentType(JSON),
                                RequestBody.fromBytes(json)));
    }

    /**
     * Reads the pending upload record of an owner's file id.
     *
     * @return the record, or empty if this owner has no such pending upload
     * @throws StorageException if S3 fails or the record is unreadable
     */
    public Optional<PendingUpload> find(String ownerId, String fileId) {
        String key = StorageKeys.manifest(ownerId, fileId);
        Optional<byte[]> json = SdkFaults.callUnlessMissing(
                "S3 GetObject",
                () -> bucket.client()
                        .getObjectAsBytes(b -> b.bucket(bucket.name()).key(key))
                        .asByteArray());
        if (json.isEmpty()) {
            return Optional.empty();
        }
        try {
            PendingUpload pending = mapper.readValue(json.get(), PendingUpload.class);
            return ownerId.equals(pending.ownerId()) && fileId.equals(pending.fileId())
                    ? Optional.of(pending)
                    : Optional.empty();
        } catch (IOException e) {
            throw new StorageException("Pending upload " + ObjectKeys.forLogs(key) + " is unreadable", false, e);
        }
    }
}
