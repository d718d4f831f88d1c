package com.s3dynamopipe.upload;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * DynamoDB cannot be reached (nothing listens on the configured endpoint): uploads answer 503
 * {@code storage_unavailable} after deleting the object they stored, reads answer 503 too.
 */
@QuarkusTest
@TestProfile(StorageUnreachableTest.DynamoDbUnreachable.class)
class StorageUnreachableTest {

    /** Points the DynamoDB client at a closed port; S3 stays reachable. */
    public static class DynamoDbUnreachable implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.dynamodb.endpoint-override", "http://127.0.0.1:1");
        }
    }

    @Inject
    S3Client s3;

    @Inject
    DynamoDbClient unreachableDynamo;

    long objects(String owner) {
        return s3
                .listObjectsV2Paginator(b ->
                        b.bucket(UploadApiTest.config("app.storage.bucket")).prefix("uploads/" + owner + "/"))
                .contents()
                .stream()
                .map(S3Object::key)
                .count();
    }

    @Test
    void uploadAnswers503AndLeavesNoObject() {
        String token = UploadApiTest.freshToken();
        String owner = Tokens.subject(token);

        Response response = UploadApiTest.upload(token, UploadApiTest.simpleForm("unreachable.txt"));

        response.then()
                .statusCode(503)
                .contentType("application/problem+json")
                .body("status", equalTo(503))
                .body("code", equalTo("storage_unavailable"))
                .body("title", equalTo("Service Unavailable"));
        MetadataWriteFailsTest.assertNoInternals(response.asString());
        assertEquals(0, objects(owner), "the stored object was deleted");
    }

    @Test
    void readsAnswer503() {
        String token = UploadApiTest.freshToken();
        UploadApiTest.as(token).get("/files").then().statusCode(503).body("code", equalTo("storage_unavailable"));
        UploadApiTest.as(token)
                .get("/files/0190d3f0-0000-7000-8000-000000000000")
                .then()
                .statusCode(503)
                .body("code", equalTo("storage_unavailable"));
    }
}
