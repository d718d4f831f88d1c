package com.s3dynamopipe.upload.aws;

import software.amazon.awssdk.services.s3.S3Client;

/**
 * Where the S3 adapters work: the bucket {@code app.storage.bucket} (deployed as {@code UPLOAD_BUCKET}) and the
 * client that reaches it. One value is produced by {@link StorageLocations} and injected into every S3 adapter
 * ({@link Presigner} takes only the name: it signs with the extension's presigner).
 *
 * @param client the application's S3 client ({@link S3ClientSettings})
 * @param name   the bucket name, as S3 requests carry it in {@code Bucket}
 */
public record StorageBucket(S3Client client, String name) {}
