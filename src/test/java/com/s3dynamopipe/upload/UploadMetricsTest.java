package com.s3dynamopipe.upload;

import static com.s3dynamopipe.common.telemetry.EmfRecords.dimensionSets;
import static com.s3dynamopipe.common.telemetry.EmfRecords.directive;
import static com.s3dynamopipe.common.telemetry.EmfRecords.metricUnits;
import static com.s3dynamopipe.common.telemetry.EmfRecords.only;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.s3dynamopipe.common.telemetry.StdoutCapture;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The upload function's metrics (docs/design.md, "Logs and metrics"): the CloudWatch embedded metric format records
 * it prints to stdout for accepted and rejected uploads, checked member by member against the contract that alarms
 * and the dashboard are built on. Real requests through the Lambda mock event server, real emulators.
 */
@QuarkusTest
class UploadMetricsTest {

    static final String NAMESPACE = System.getenv().getOrDefault("AWS_EMF_NAMESPACE", "s3-dynamo-pipe-app");

    @Test
    void acceptedUploadIsCountedWithItsSize() {
        String token = Tokens.idToken(0);
        byte[] content = "counted and measured\n".getBytes(StandardCharsets.UTF_8);
        String fileId;
        List<JsonNode> records;
        try (StdoutCapture out = StdoutCapture.start()) {
            Response response = UploadApiTest.upload(token, new Multipart().file("metrics.txt", "text/plain", content));
            response.then().statusCode(201);
            fileId = response.jsonPath().getString("fileId");
            records = out.emfRecords();
        }

        JsonNode record = only(records, r -> fileId.equals(r.path("fileId").asText()));
        assertEquals(NAMESPACE, directive(record).path("Namespace").asText());
        assertEquals(List.of(List.of("Function")), dimensionSets(record));
        assertEquals(Map.of("UploadsAccepted", "Count", "BytesStored", "Bytes"), metricUnits(record));
        assertEquals("upload", record.path("Function").asText());
        assertEquals(1, record.path("UploadsAccepted").asDouble());
        assertEquals(content.length, record.path("BytesStored").asDouble());
        assertTrue(record.path("AWSRequestId").asText().matches("[0-9a-f-]{36}"), record.toString());
    }

    @Test
    void rejectedUploadIsCountedByItsErrorCode() {
        String token = Tokens.idToken(0);
        List<JsonNode> records;
        try (StdoutCapture out = StdoutCapture.start()) {
            UploadApiTest.upload(token, new Multipart().file("empty.txt", "text/plain", new byte[0]))
                    .then()
                    .statusCode(400);
            records = out.emfRecords();
        }

        JsonNode record = only(records, r -> r.has("UploadsRejected"));
        assertEquals(NAMESPACE, directive(record).path("Namespace").asText());
        assertEquals(List.of(List.of("ErrorCode", "Function"), List.of("Function")), dimensionSets(record));
        assertEquals(Map.of("UploadsRejected", "Count"), metricUnits(record));
        assertEquals("upload", record.path("Function").asText());
        assertEquals("empty_file", record.path("ErrorCode").asText());
        assertEquals(1, record.path("UploadsRejected").asDouble());
        assertFalse(record.has("BytesStored"));
    }

    @Test
    void refusedTokenOnAnUploadRouteIsCounted() {
        List<JsonNode> records;
        try (StdoutCapture out = StdoutCapture.start()) {
            UploadApiTest.upload(null, UploadApiTest.simpleForm("no-token.txt"))
                    .then()
                    .statusCode(401);
            records = out.emfRecords();
        }
        assertEquals(
                "missing_token",
                only(records, r -> r.has("UploadsRejected")).path("ErrorCode").asText());
    }

    @Test
    void problemsOfOtherRoutesAreNotUploadRejections() {
        List<JsonNode> records;
        try (StdoutCapture out = StdoutCapture.start()) {
            UploadApiTest.as(Tokens.idToken(0))
                    .get("/files/" + UUID.randomUUID())
                    .then()
                    .statusCode(404);
            records = out.emfRecords();
        }
        assertEquals(List.of(), records);
    }
}
