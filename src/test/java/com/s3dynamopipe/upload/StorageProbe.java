package com.s3dynamopipe.upload;

import java.util.Map;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Select;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Looks straight into the emulators (S3 bucket, DynamoDB table) to check what an API call stored, or that it stored
 * nothing.
 */
record StorageProbe(S3Client s3, DynamoDbClient dynamo, String bucket, String table) {

    /**
     * What one owner has stored: objects under {@code uploads/<owner>/} and {@code pending/<owner>/} (unfinished
     * presigned uploads) and items with that HASH key.
     */
    record Counts(long objects, long items) {
    }

    Counts counts(String ownerId) {
        return new Counts(objects(ownerId), items(ownerId));
    }

    long objects(String ownerId) {
        return java.util.stream.Stream.of("uploads/", "pending/").mapToLong(prefix -> s3.listObjectsV2Paginator(
                b -> b.bucket(bucket).prefix(prefix + ownerId + "/")).contents().stream().map(S3Object::key).count())
                .sum();
    }

    long items(String ownerId) {
        return dynamo.queryPaginator(b -> b.tableName(table).keyConditionExpression("ownerId = :o")
                .expressionAttributeValues(Map.of(":o", AttributeValue.fromS(ownerId))).select(Select.COUNT))
                .stream().mapToLong(r -> r.count()).sum();
    }

    byte[] object(String key) {
        ResponseBytes<GetObjectResponse> bytes = s3.getObjectAsBytes(b -> b.bucket(bucket).key(key));
        return bytes.asByteArray();
    }

    Map<String, AttributeValue> item(String ownerId, String fileId) {
        return dynamo.getItem(b -> b.tableName(table).consistentRead(true).key(Map.of(
                "ownerId", AttributeValue.fromS(ownerId), "fileId", AttributeValue.fromS(fileId)))).item();
    }
}
