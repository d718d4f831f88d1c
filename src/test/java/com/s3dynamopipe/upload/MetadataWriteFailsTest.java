package com.s3dynamopipe.upload;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The metadata write fails after the object was stored (the table named in the configuration does not exist in
 * dynalite): the API answers 500 problem JSON without internals and leaves no object behind.
 */
@QuarkusTest
@TestProfile(MetadataWriteFailsTest.MissingTable.class)
class MetadataWriteFailsTest {

    /** Points the app at a table that does not exist; S3 stays reachable. */
    public static class MissingTable implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("app.storage.table", "files-table-that-does-not-exist");
        }
    }

    @Inject
    S3Client s3;

    @Inject
    DynamoDbClient dynamo;

    StorageProbe storage() {
        return new StorageProbe(s3, dynamo, UploadApiTest.config("app.storage.bucket"), Tokens.env("FILES_TABLE"));
    }

    @Test
    void failedMetadataWriteLeavesNoObjectAndAnswersProblemJson() {
        String token = UploadApiTest.freshToken();
        String owner = Tokens.subject(token);

        Response response = UploadApiTest.upload(token, UploadApiTest.simpleForm("orphan-candidate.txt"));

        response.then()
                .statusCode(500)
                .contentType("application/problem+json")
                .body("status", equalTo(500))
                .body("code", equalTo("internal_error"))
                .body("type", equalTo("about:blank"));
        assertNoInternals(response.asString());
        assertEquals(new StorageProbe.Counts(0, 0), storage().counts(owner), "the stored object was deleted");
    }

    @Test
    void failedReadAnswersProblemJsonWithoutInternals() {
        Response response = UploadApiTest.as(UploadApiTest.freshToken()).get("/files");
        response.then().statusCode(500).contentType("application/problem+json").body("code", equalTo("internal_error"));
        assertNoInternals(response.asString());
    }

    static void assertNoInternals(String body) {
        for (String leak : List.of("Exception", "files-table-that-does-not-exist", "dynamo", "at com.", "Caused")) {
            assertFalse(body.contains(leak), () -> "problem body leaks \"" + leak + "\": " + body);
        }
    }
}
