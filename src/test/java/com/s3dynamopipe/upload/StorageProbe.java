package com.s3dynamopipe.upload;

import jakarta.enterprise.inject.spi.CDI;
import java.net.URI;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Select;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Looks straight into the emulators (S3 bucket, DynamoDB table) to check what an API call stored, or that it stored
 * nothing.
 */
record StorageProbe(S3Client s3, DynamoDbClient dynamo, String bucket, String table) {

    private static StorageProbe fromEnvironment;

    /**
     * For {@code @QuarkusTest}s: the running application's own S3 and DynamoDB clients (looked up, so that a
     * {@code @QuarkusIntegrationTest} subclass, which refuses {@code @Inject} fields, can still override it) and the
     * bucket and table of the emulator variables.
     */
    static StorageProbe ofApplication() {
        return new StorageProbe(
                CDI.current().select(S3Client.class).get(),
                CDI.current().select(DynamoDbClient.class).get(),
                Tokens.env("UPLOAD_BUCKET"),
                Tokens.env("FILES_TABLE"));
    }

    /**
     * For integration tests, where injection is not available: clients built from the emulator variables
     * ({@code S3_ENDPOINT}, {@code DYNAMODB_ENDPOINT}, {@code AWS_REGION}, {@code UPLOAD_BUCKET}, {@code FILES_TABLE}).
     */
    static synchronized StorageProbe fromEnvironment() {
        if (fromEnvironment == null) {
            StaticCredentialsProvider credentials =
                    StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
            Region region = Region.of(Tokens.env("AWS_REGION"));
            S3Client s3 = S3Client.builder()
                    .endpointOverride(URI.create(Tokens.env("S3_ENDPOINT")))
                    .forcePathStyle(true)
                    .region(region)
                    .credentialsProvider(credentials)
                    .httpClient(UrlConnectionHttpClient.create())
                    .build();
            DynamoDbClient dynamo = DynamoDbClient.builder()
                    .endpointOverride(URI.create(Tokens.env("DYNAMODB_ENDPOINT")))
                    .region(region)
                    .credentialsProvider(credentials)
                    .httpClient(UrlConnectionHttpClient.create())
                    .build();
            fromEnvironment = new StorageProbe(s3, dynamo, Tokens.env("UPLOAD_BUCKET"), Tokens.env("FILES_TABLE"));
        }
        return fromEnvironment;
    }

    /**
     * What one owner has stored: objects under {@code uploads/<owner>/} and {@code pending/<owner>/} (unfinished
     * presigned uploads) and items with that HASH key.
     */
    record Counts(long objects, long items) {}

    Counts counts(String ownerId) {
        return new Counts(objects(ownerId), items(ownerId));
    }

    long objects(String ownerId) {
        return java.util.stream.Stream.of("uploads/", "pending/")
                .mapToLong(prefix ->
                        s3
                                .listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix + ownerId + "/"))
                                .contents()
                                .stream()
                                .map(S3Object::key)
                                .count())
                .sum();
    }

    long items(String ownerId) {
        return dynamo
                .queryPaginator(b -> b.tableName(table)
                        .keyConditionExpression("ownerId = :o")
                        .expressionAttributeValues(Map.of(":o", AttributeValue.fromS(ownerId)))
                        .select(Select.COUNT))
                .stream()
                .mapToLong(r -> r.count())
                .sum();
    }

    byte[] object(String key) {
        ResponseBytes<GetObjectResponse> bytes =
                s3.getObjectAsBytes(b -> b.bucket(bucket).key(key));
        return bytes.asByteArray();
    }

    /** @return whether an object with exactly this key exists */
    boolean objectExists(String key) {
        return s3.listObjectsV2(b -> b.bucket(bucket).prefix(key)).contents().stream()
                .anyMatch(o -> o.key().equals(key));
    }

    /** Writes {@code bytes} under {@code key} straight into the bucket, past the API. */
    void put(String key, byte[] bytes) {
        s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(bytes));
    }

    /** Writes a JSON object under {@code key} straight into the bucket, as the API writes its records. */
    void putJson(String key, byte[] json) {
        s3.putObject(b -> b.bucket(bucket).key(key).contentType("application/json"), RequestBody.fromBytes(json));
    }

    /** @return whether S3 holds an unfinished multipart upload for exactly this key */
    boolean multipartUploadOpen(String key) {
        return s3.listMultipartUploads(b -> b.bucket(bucket).prefix(key)).uploads().stream()
                .anyMatch(u -> u.key().equals(key));
    }

    /** @return whether S3 holds any unfinished multipart upload under {@code prefix} */
    boolean anyMultipartUploadUnder(String prefix) {
        return !s3.listMultipartUploads(b -> b.bucket(bucket).prefix(prefix))
                .uploads()
                .isEmpty();
    }

    /**
     * @return the SHA-256 S3 verified and keeps for the object ({@code HeadObject} with {@code ChecksumMode=ENABLED}):
     *     base64, with {@code -<part count>} for a multipart object
     */
    String checksumSha256(String key) {
        return s3.headObject(b -> b.bucket(bucket).key(key).checksumMode(ChecksumMode.ENABLED))
                .checksumSHA256();
    }

    Map<String, AttributeValue> item(String ownerId, String fileId) {
        return dynamo.getItem(b -> b.tableName(table)
                        .consistentRead(true)
                        .key(Map.of("ownerId", AttributeValue.fromS(ownerId), "fileId", AttributeValue.fromS(fileId))))
                .item();
    }
}
