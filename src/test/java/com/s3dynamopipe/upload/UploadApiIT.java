package com.s3dynamopipe.upload;

import io.quarkus.test.junit.QuarkusIntegrationTest;
import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The same suite against the packaged application (the native binary in CI, run with the {@code test} profile,
 * see {@code quarkus.test.integration-test-profile}). Injection is not available here, so the probe's clients are
 * built from the emulator variables ({@code S3_ENDPOINT}, {@code DYNAMODB_ENDPOINT}, {@code AWS_REGION}).
 */
@QuarkusIntegrationTest
class UploadApiIT extends UploadApiTest {

    private static StorageProbe probe;

    @Override
    StorageProbe storage() {
        if (probe == null) {
            StaticCredentialsProvider credentials = StaticCredentialsProvider.create(
                    AwsBasicCredentials.create("test", "test"));
            Region region = Region.of(Tokens.env("AWS_REGION"));
            S3Client s3 = S3Client.builder().endpointOverride(URI.create(Tokens.env("S3_ENDPOINT")))
                    .forcePathStyle(true).region(region).credentialsProvider(credentials)
                    .httpClient(UrlConnectionHttpClient.create()).build();
            DynamoDbClient dynamo = DynamoDbClient.builder()
                    .endpointOverride(URI.create(Tokens.env("DYNAMODB_ENDPOINT"))).region(region)
                    .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build();
            probe = new StorageProbe(s3, dynamo, Tokens.env("UPLOAD_BUCKET"), Tokens.env("FILES_TABLE"));
        }
        return probe;
    }
}
