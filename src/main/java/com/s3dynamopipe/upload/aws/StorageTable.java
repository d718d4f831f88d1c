package com.s3dynamopipe.upload.aws;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Where the DynamoDB adapters work: the files table {@code app.storage.table} (deployed as {@code FILES_TABLE}),
 * which also holds the usage items, and the client that reaches it. One value is produced by
 * {@link StorageLocations} and injected into every DynamoDB adapter.
 *
 * @param client the DynamoDB client of the Quarkiverse DynamoDB extension
 * @param name   the table name, as DynamoDB requests carry it in {@code TableName}
 */
public record StorageTable(DynamoDbClient client, String name) {}
