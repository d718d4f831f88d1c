package com.s3dynamopipe.processor;

import static com.s3dynamopipe.common.telemetry.EmfRecords.dimensionSets;
import static com.s3dynamopipe.common.telemetry.EmfRecords.directive;
import static com.s3dynamopipe.common.telemetry.EmfRecords.metricUnits;
import static com.s3dynamopipe.common.telemetry.EmfRecords.only;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.s3dynamopipe.common.telemetry.LogCapture;
import com.s3dynamopipe.common.telemetry.StdoutCapture;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;

/**
 * The processor's logs and metrics (docs/design.md, "Logs and metrics"), through the Lambda mock event server
 * against the real emulators: the CloudWatch embedded metric format records it prints for items it ends
 * ({@code ProcessingSucceeded}, {@code ProcessingFailed}, {@code ProcessingLatency}, dimension {@code Function}),
 * and the log context of each record (request id, file id, opaque owner reference), never left for the next one.
 */
@QuarkusTest
class ProcessorOutputTest {

    static final String NAMESPACE = System.getenv().getOrDefault("AWS_EMF_NAMESPACE", "s3-dynamo-pipe-app");
    static final String UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
    /** {@code createdAt} of the item in {@code events/insert.json}. */
    static final Instant FIXTURE_CREATED_AT = Instant.parse("2026-11-29T15:30:00.123Z");

    static final ObjectMapper JSON = new ObjectMapper();

    TestCloud cloud() {
        return TestCloud.ofApplication();
    }

    String insertOf(StoredFile file) {
        return Fixtures.load("insert.json", file.fixtureValues(cloud().table()));
    }

    /**
     * What the processor printed while some invocations ran.
     *
     * @param records the EMF records on stdout, as JSON
     * @param logs the log records
     */
    record Output(List<JsonNode> records, List<ExtLogRecord> logs) {

        /** @return the one EMF record of {@code file} */
        JsonNode recordOf(StoredFile file) {
            return only(records, r -> file.fileId().equals(r.path("fileId").asText()));
        }
    }

    /** Runs {@code invocations} while capturing stdout and the log, and returns what they printed. */
    static Output capture(Runnable invocations) {
        try (StdoutCapture out = StdoutCapture.start();
                LogCapture log = LogCapture.start()) {
            invocations.run();
            return new Output(out.emfRecords(), log.records());
        }
    }

    @Test
    void processedItemIsCountedWithItsLatencyAndLoggedWithItsContext() {
        StoredFile file = StoredFile.of("metrics.txt", "text/plain", "measured\n".getBytes(StandardCharsets.UTF_8));
        cloud().upload(file);
        Output output = capture(() ->
                ProcessorHandlerTest.invoke(insertOf(file)).statusCode(200).body("[0].outcome", equalTo("PROCESSED")));
        List<ExtLogRecord> logs = output.logs();

        JsonNode record = output.recordOf(file);
        assertEquals(NAMESPACE, directive(record).path("Namespace").asText());
        assertEquals(List.of(List.of("Function")), dimensionSets(record));
        assertEquals(Map.of("ProcessingSucceeded", "Count", "ProcessingLatency", "Milliseconds"), metricUnits(record));
        assertEquals("processor", record.path("Function").asText());
        assertEquals(1, record.path("ProcessingSucceeded").asDouble());
        Instant processedAt = Instant.parse(cloud().attribute(file, "processedAt"));
        assertEquals(
                Math.max(0, Duration.between(FIXTURE_CREATED_AT, processedAt).toMillis()),
                record.path("ProcessingLatency").asDouble(),
                "createdAt → processedAt as stored on the item");

        ExtLogRecord line = onlyLine(logs, "PROCESSED");
        assertEquals(file.fileId(), line.getMdc("fileId"));
        assertEquals(
                StoredFile.sha256(file.ownerId().getBytes(StandardCharsets.UTF_8))
                        .substring(0, 16),
                line.getMdc("ownerRef"));
        assertTrue(line.getMdc("AWSRequestId").matches(UUID), line.getMdcCopy().toString());
        assertEquals(line.getMdc("AWSRequestId"), record.path("AWSRequestId").asText());
        assertNoOwnerId(logs, file);
    }

    @Test
    void failedItemIsCountedAndItsReasonLoggedWithoutTheOwnerId() {
        StoredFile file = StoredFile.of("gone.txt", "text/plain", "never stored".getBytes(StandardCharsets.UTF_8));
        cloud().putItem(file, "UPLOADED");
        Output output = capture(() ->
                ProcessorHandlerTest.invoke(insertOf(file)).statusCode(200).body("[0].outcome", equalTo("FAILED")));
        List<ExtLogRecord> logs = output.logs();

        JsonNode record = output.recordOf(file);
        assertEquals(Map.of("ProcessingFailed", "Count", "ProcessingLatency", "Milliseconds"), metricUnits(record));
        assertEquals(List.of(List.of("Function")), dimensionSets(record));
        assertEquals("processor", record.path("Function").asText());
        assertEquals(1, record.path("ProcessingFailed").asDouble());
        assertFalse(record.has("ProcessingSucceeded"));

        ExtLogRecord line = onlyLine(logs, "FAILED");
        assertTrue(LogCapture.message(line).contains("uploads/…/" + file.fileId()), LogCapture.message(line));
        assertTrue(
                cloud().attribute(file, "failureReason").contains(file.ownerId()),
                "the item's own reason keeps the full key");
        assertNoOwnerId(logs, file);
    }

    @Test
    void recordFieldsAreNotLeftForTheNextRecordOrInvocation() throws Exception {
        StoredFile file = StoredFile.of("first.txt", "text/plain", "first\n".getBytes(StandardCharsets.UTF_8));
        cloud().upload(file);
        ArrayNode batch = (ArrayNode) JSON.readTree(insertOf(file));
        JsonNode poison = JSON.readTree(Fixtures.load("poison-then-insert.json", file.fixtureValues(cloud().table())))
                .get(0);
        batch.add(poison);
        Output output = capture(() -> {
            ProcessorHandlerTest.invoke(batch.toString())
                    .statusCode(200)
                    .body("[0].outcome", equalTo("PROCESSED"))
                    .body("[1].outcome", equalTo("SKIPPED"));
            ProcessorHandlerTest.invoke("[" + poison + "]").statusCode(200).body("[0].outcome", equalTo("SKIPPED"));
        });
        List<ExtLogRecord> logs = output.logs();

        List<ExtLogRecord> skipped = logs.stream()
                .filter(r -> LogCapture.message(r).contains("SKIPPED"))
                .toList();
        assertEquals(2, skipped.size(), "one line per skipped record");
        for (ExtLogRecord line : skipped) {
            assertNull(line.getMdc("fileId"), "no file id left over: " + line.getMdcCopy());
            assertNull(line.getMdc("ownerRef"), "no owner reference left over: " + line.getMdcCopy());
            assertTrue(
                    line.getMdc("AWSRequestId").matches(UUID), line.getMdcCopy().toString());
        }
        assertEquals(
                onlyLine(logs, "PROCESSED").getMdc("AWSRequestId"),
                skipped.get(0).getMdc("AWSRequestId"));
        assertNotEquals(skipped.get(0).getMdc("AWSRequestId"), skipped.get(1).getMdc("AWSRequestId"));
        assertEquals(1, output.records().size(), "skipped records are not counted: " + output.records());
    }

    private static void assertNoOwnerId(List<ExtLogRecord> logs, StoredFile file) {
        for (ExtLogRecord line : logs) {
            assertFalse(LogCapture.message(line).contains(file.ownerId()), LogCapture.message(line));
            assertFalse(
                    line.getMdcCopy().containsValue(file.ownerId()),
                    line.getMdcCopy().toString());
        }
    }

    private static ExtLogRecord onlyLine(List<ExtLogRecord> logs, String outcome) {
        List<ExtLogRecord> found = logs.stream()
                .filter(r -> LogCapture.message(r).matches("Record \\w+: " + outcome + ": .*"))
                .toList();
        assertEquals(
                1,
                found.size(),
                outcome + " among " + logs.stream().map(LogCapture::message).toList());
        return found.get(0);
    }
}
