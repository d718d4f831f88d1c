package com.s3dynamopipe.processor;

import io.quarkus.test.junit.QuarkusIntegrationTest;
import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The same suite against the packaged application (the native {@code bootstrap} in the GitHub Actions native
 * job): there is no injection here, so the test builds its own clients for the emulators from the variables the
 * local test harness exports (S3_ENDPOINT, DYNAMODB_ENDPOINT, AWS_REGION, UPLOAD_BUCKET, FILES_TABLE).
 */
@QuarkusIntegrationTest
class ProcessorHandlerIT extends ProcessorHandlerTest {

    private static TestCloud cloud;

    @Override
    TestCloud cloud() {
        synchronized (ProcessorHandlerIT.class) {
            if (cloud == null) {
                Region region = Region.of(env("AWS_REGION"));
                StaticCredentialsProvider credentials =
                        StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
                cloud = new TestCloud(
                        S3Client.builder()
                                .endpointOverride(URI.create(env("S3_ENDPOINT")))
                                .region(region)
                                .credentialsProvider(credentials)
                                .forcePathStyle(true)
                                .build(),
                        DynamoDbClient.builder()
                                .endpointOverride(URI.create(env("DYNAMODB_ENDPOINT")))
                                .region(region)
                                .credentialsProvider(credentials)
                                .build(),
                        env("UPLOAD_BUCKET"),
                        env("FILES_TABLE"));
            }
            return cloud;
        }
    }

    private static String env(String name) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(name + " must be set (see local/test)");
        }
        return value;
    }
}
