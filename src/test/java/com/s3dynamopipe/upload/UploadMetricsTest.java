package com.s3dynamopipe.upload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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

    static JsonNode only(List<JsonNode> records, java.util.function.Predicate<JsonNode> which) {
        List<JsonNode> found = records.stream().filter(which).toList();
        assertEquals(1, found.size(), "exactly one matching EMF record among " + records);
        return found.get(0);
    }

    static JsonNode directive(JsonNode record) {
        assertTrue(record.path("_aws").path("Timestamp").isNumber(), record.toString());
        JsonNode directives = record.path("_aws").path("CloudWatchMetrics");
        assertEquals(1, directives.size(), record.toString());
        return directives.get(0);
    }

    /** @return the dimension sets, each sorted, in sorted order */
    static List<List<String>> dimensionSets(JsonNode record) {
        List<List<String>> sets = new ArrayList<>();
        for (JsonNode set : directive(record).path("Dimensions")) {
            List<String> names = new ArrayList<>();
            set.forEach(name -> names.add(name.asText()));
            names.sort(null);
            sets.add(names);
        }
        sets.sort((a, b) -> String.join(",", a).compareTo(String.join(",", b)));
        return sets;
    }

    /** @return metric name → unit */
    static Map<String, String> metricUnits(JsonNode record) {
        Map<String, String> units = new TreeMap<>();
        directive(record)
                .path("Metrics")
                .forEach(m -> units.put(m.path("Name").asText(), m.path("Unit").asText()));
        return units;
    }
}
