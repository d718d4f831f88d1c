package com.s3dynamopipe.upload.aws;

import com.s3dynamopipe.upload.config.AppConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Produces the {@link StorageBucket} and the {@link StorageTable} the adapters work in, from the configured names
 * ({@code app.storage.*}) and the application's clients. The producer parameters are also what makes the
 * Quarkiverse extensions create their client beans: they do so only for a client type that is injected somewhere.
 */
@ApplicationScoped
public class StorageLocations {

    /**
     * @param client the application's S3 client ({@link S3ClientSettings})
     * @param config application configuration (bucket name)
     * @return the storage bucket
     */
    @Produces
    @Singleton
    public StorageBucket bucket(S3Client client, AppConfig config) {
        return new StorageBucket(client, config.storage().bucket());
    }

    /**
     * @param client client injected by the Quarkiverse DynamoDB extension
     * @param config application configuration (table name)
     * @return the files table
     */
    @Produces
    @Singleton
    public StorageTable table(DynamoDbClient client, AppConfig config) {
        return new StorageTable(client, config.storage().table());
    }
}
