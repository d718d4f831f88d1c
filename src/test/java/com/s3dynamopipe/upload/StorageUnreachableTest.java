package com.s3dynamopipe.upload;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;

/**
 * DynamoDB cannot be reached (nothing listens on the configured endpoint): uploads answer 503
 * {@code storage_unavailable} after deleting the object they stored, reads answer 503 too.
 */
@QuarkusTest
@TestProfile(StorageUnreachableTest.DynamoDbUnreachable.class)
class StorageUnreachableTest extends StorageFaultTestBase {

    /** Where nothing listens. */
    static final String CLOSED_PORT = "127.0.0.1:1";

    /** Points the DynamoDB client at a closed port; S3 stays reachable. */
    public static class DynamoDbUnreachable implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.dynamodb.endpoint-override", "http://" + CLOSED_PORT);
        }
    }

    @Override
    Fault fault() {
        return new Fault(503, "storage_unavailable", "Service Unavailable", CLOSED_PORT);
    }
}
