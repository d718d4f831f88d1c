package com.s3dynamopipe.processor;

import com.s3dynamopipe.processor.config.AppConfig;
import io.quarkus.arc.Arc;
import io.quarkus.arc.ArcContainer;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Sets up and reads back the real state the processor works on: objects in the upload bucket and items in the
 * files table, exactly as the upload API writes them (docs/design.md, "Data model").
 *
 * @param s3     client for the bucket's S3 endpoint
 * @param dynamo client for the table's DynamoDB endpoint
 * @param bucket the upload bucket
 * @param table  the files table
 */
record TestCloud(S3Client s3, DynamoDbClient dynamo, String bucket, String table) {

    /**
     * @return access through the running application's own beans: its injected S3 and DynamoDB clients and its
     *         {@link AppConfig}; only inside a {@code @QuarkusTest} (a {@code @QuarkusIntegrationTest} cannot
     *         inject, and {@code @Inject} fields in a class it extends are refused)
     */
    static TestCloud ofApplication() {
        ArcContainer container = Arc.container();
        AppConfig config = container.instance(AppConfig.class).get();
        return new TestCloud(
                container.instance(S3Client.class).get(),
                container.instance(DynamoDbClient.class).get(),
                config.storage().bucket(),
                config.storage().table());
    }

    /** Stores the object and then its item with status {@code UPLOADED}, as the upload API does. */
    void upload(StoredFile file) {
        putObject(file);
        putItem(file, "UPLOADED");
    }

    /** Stores only the object's bytes under its key. */
    void putObject(StoredFile file) {
        s3.putObject(
                request -> request.bucket(bucket).key(file.objectKey()).contentType(file.contentType()),
                RequestBody.fromBytes(file.bytes()));
    }

    /** Writes the file's item with the given {@code status}. */
    void putItem(StoredFile file, String status) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("ownerId", s(file.ownerId()));
        item.put("fileId", s(file.fileId()));
        item.put("objectKey", s(file.objectKey()));
        item.put("fileName", s(file.fileName()));
        item.put("sizeBytes", AttributeValue.fromN(Long.toString(file.recordedSize())));
        item.put("contentType", s(file.contentType()));
        item.put("sha256", s(file.recordedSha256()));
        item.put("status", s(status));
        item.put("createdAt", s("2026-11-29T15:30:00.123Z"));
        dynamo.putItem(request -> request.tableName(table).item(item));
    }

    /** @return the file's item as stored now (strongly consistent), empty when it does not exist */
    Map<String, AttributeValue> item(StoredFile file) {
        return dynamo.getItem(request -> request.tableName(table)
                        .consistentRead(true)
                        .key(Map.of("ownerId", s(file.ownerId()), "fileId", s(file.fileId()))))
                .item();
    }

    /** @return the string attribute {@code name} of the file's item, or {@code null} */
    String attribute(StoredFile file, String name) {
        AttributeValue value = item(file).get(name);
        return value == null ? null : value.s();
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }
}
