package com.s3dynamopipe.upload;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * DynamoDB cannot be reached (nothing listens on the configured endpoint): uploads answer 503
 * {@code storage_unavailable} after deleting the object they stored, reads answer 503 too.
 */
@QuarkusTest
@TestProfile(StorageFaultTestBase.DynamoDbUnreachable.class)
class StorageUnreachableTest extends StorageFaultTestBase {

    StorageUnreachableTest() {
        super(DYNAMODB_UNREACHABLE);
    }
}
