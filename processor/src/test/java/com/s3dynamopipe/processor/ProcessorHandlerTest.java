package com.s3dynamopipe.processor;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.parsing.Parser;
import io.restassured.response.ValidatableResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.eclipse.microprofile.config.ConfigProvider;
import org.hamcrest.Matcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Invokes the processor through the Lambda mock event server ({@code POST /_lambda_}) with stream record fixtures,
 * against the real local S3 and DynamoDB, and checks both the returned outcomes and the resulting items.
 */
@QuarkusTest
class ProcessorHandlerTest {

    /** A 1×1 PNG: the signature and chunks Tika recognises by content, whatever the name or declared type. */
    static final byte[] PNG = Base64.getDecoder()
            .decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==");

    static final String ISO_MILLIS = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z";

    /** @return access to the emulators, through the application's own clients and configuration */
    TestCloud cloud() {
        return TestCloud.ofApplication();
    }

    @Test
    void pngRecordedAsOctetStreamIsProcessedAsImagePng() {
        StoredFile file = StoredFile.of("scan-0001.bin", "application/octet-stream", PNG);
        cloud().upload(file);

        invoke(insertOf(file))
                .statusCode(200)
                .body("$", hasSize(1))
                .body("[0].fileId", equalTo(file.fileId()))
                .body("[0].ownerId", equalTo(file.ownerId()))
                .body("[0].outcome", equalTo("PROCESSED"))
                .body("[0].reason", containsString("image/png"));

        Map<String, AttributeValue> item = cloud().item(file);
        assertEquals("PROCESSED", item.get("status").s());
        assertEquals("image/png", item.get("detectedContentType").s());
        assertEquals("application/octet-stream", item.get("contentType").s(), "the declared type is kept");
        assertTrue(
                item.get("processedAt").s().matches(ISO_MILLIS),
                item.get("processedAt").s());
        assertTrue(
                item.get("processingStartedAt").s().matches(ISO_MILLIS),
                item.get("processingStartedAt").s());
        assertNull(item.get("failureReason"));
    }

    @Test
    void largeTextObjectIsHashedAndCountedAcrossManyChunks() {
        byte[] text = "Quarterly figures, line by line.\n".repeat(100_000).getBytes(StandardCharsets.UTF_8);
        StoredFile file = StoredFile.of("figures.txt", "text/plain", text);
        cloud().upload(file);

        invoke(insertOf(file)).statusCode(200).body("[0].outcome", equalTo("PROCESSED"));

        assertEquals("PROCESSED", cloud().attribute(file, "status"));
        assertEquals("text/plain", cloud().attribute(file, "detectedContentType"));
    }

    @Test
    void fileNameRefinesAGenericTextDetection() {
        byte[] csv = "region,quarter,revenue\nnorth,Q3,1200\nsouth,Q3,950\n".getBytes(StandardCharsets.UTF_8);
        StoredFile file = StoredFile.of("revenue.csv", "application/octet-stream", csv);
        cloud().upload(file);

        invoke(insertOf(file)).statusCode(200).body("[0].outcome", equalTo("PROCESSED"));

        assertEquals("text/csv", cloud().attribute(file, "detectedContentType"));
    }

    @Test
    void missingObjectIsFailed() {
        StoredFile file = StoredFile.of("gone.pdf", "application/pdf", PNG);
        cloud().putItem(file, "UPLOADED");

        invoke(insertOf(file))
                .statusCode(200)
                .body("[0].outcome", equalTo("FAILED"))
                .body("[0].reason", containsString("does not exist"));

        assertEquals("FAILED", cloud().attribute(file, "status"));
        assertTrue(cloud().attribute(file, "failureReason").contains("does not exist"));
        assertTrue(cloud().attribute(file, "processedAt").matches(ISO_MILLIS));
    }

    @Test
    void sizeMismatchIsFailed() {
        StoredFile file = StoredFile.of("scan.png", "image/png", PNG).recordingSize(PNG.length + 1L);
        cloud().upload(file);

        invoke(insertOf(file))
                .statusCode(200)
                .body("[0].outcome", equalTo("FAILED"))
                .body("[0].reason", startsWith("size mismatch"));

        assertEquals("FAILED", cloud().attribute(file, "status"));
        assertTrue(cloud().attribute(file, "failureReason").startsWith("size mismatch"));
        assertNull(cloud().attribute(file, "detectedContentType"));
    }

    @Test
    void checksumMismatchIsFailed() {
        StoredFile file = StoredFile.of("scan.png", "image/png", PNG)
                .recordingSha256(StoredFile.sha256("other bytes".getBytes(StandardCharsets.UTF_8)));
        cloud().upload(file);

        invoke(insertOf(file))
                .statusCode(200)
                .body("[0].outcome", equalTo("FAILED"))
                .body("[0].reason", startsWith("checksum mismatch"));

        assertEquals("FAILED", cloud().attribute(file, "status"));
        assertTrue(cloud().attribute(file, "failureReason").startsWith("checksum mismatch"));
    }

    @Test
    void modifyAndRemoveAreSkippedWithoutWrites() {
        StoredFile file = uploadedPng();

        for (String fixture : new String[] {"modify.json", "remove.json"}) {
            assertSkippedWithoutWrites(
                    file, Fixtures.load(fixture, file.fixtureValues(cloud().table())), containsString("is not INSERT"));
        }
    }

    @Test
    void objectKeyComesFromTheRecordsKeysNotFromItsImage() {
        StoredFile file = uploadedPng();
        String elsewhere = "uploads/someone-else/" + file.fileId();
        String misleading = insertOf(file)
                .replace("\"uploads/" + file.ownerId() + "/" + file.fileId() + "\"", "\"" + elsewhere + "\"");

        invoke(misleading).statusCode(200).body("[0].outcome", equalTo("PROCESSED"));
        assertEquals("PROCESSED", cloud().item(file).get("status").s());
    }

    @Test
    void aRecordWithoutObjectKeyIsProcessed() {
        StoredFile file = uploadedPng();
        String trimmed = insertOf(file).replaceAll("\"objectKey\": \\{[^}]*},\\s*", "");
        assertFalse(trimmed.contains("objectKey"), trimmed);

        invoke(trimmed).statusCode(200).body("[0].outcome", equalTo("PROCESSED"));
        assertEquals("PROCESSED", cloud().item(file).get("status").s());
    }

    @Test
    void recordOfAnotherTableIsSkipped() {
        StoredFile file = uploadedPng();
        Map<String, String> values = new HashMap<>(file.fixtureValues(cloud().table()));
        values.put("table", cloud().table() + "-other");

        assertSkippedWithoutWrites(
                file,
                Fixtures.load("insert.json", values),
                containsString("is not a stream of table " + cloud().table()));
    }

    @Test
    void recordWithoutNewImageFailsItsItem() {
        StoredFile file = uploadedPng();

        assertFailedWithoutProcessing(
                file,
                Fixtures.load("insert-without-new-image.json", file.fixtureValues(cloud().table())),
                "invalid stream record: record has no dynamodb.NewImage");
    }

    @Test
    void recordWithUnexpectedAttributeTypesFailsItsItem() {
        StoredFile file = uploadedPng();

        assertFailedWithoutProcessing(
                file,
                Fixtures.load("insert-unexpected-types.json", file.fixtureValues(cloud().table())),
                "invalid stream record: attribute sha256 has type B, expected S");
    }

    @Test
    void recordWithUnexpectedAttributeTypesFailsAnItemLeftProcessing() {
        StoredFile file = uploadedPng();
        cloud().putItem(file, "PROCESSING");

        assertFailedWithoutProcessing(
                file,
                Fixtures.load("insert-unexpected-types.json", file.fixtureValues(cloud().table())),
                "invalid stream record: attribute sha256 has type B, expected S");
    }

    @Test
    void recordWithUnexpectedAttributeTypesLeavesATerminalItemAsItIs() {
        StoredFile file = uploadedPng();
        invoke(insertOf(file)).statusCode(200).body("[0].outcome", equalTo("PROCESSED"));

        assertSkippedWithoutWrites(
                file,
                Fixtures.load("insert-unexpected-types.json", file.fixtureValues(cloud().table())),
                equalTo("invalid stream record: attribute sha256 has type B, expected S; not recorded: "
                        + "already processed: status is PROCESSED"));
        assertEquals("PROCESSED", cloud().attribute(file, "status"));
    }

    @Test
    void recordWithUnexpectedAttributeTypesForAMissingItemCreatesNothing() {
        StoredFile file = StoredFile.of("scan.png", "image/png", PNG);

        invoke(Fixtures.load("insert-unexpected-types.json", file.fixtureValues(cloud().table())))
                .statusCode(200)
                .body("[0].outcome", equalTo("SKIPPED"))
                .body("[0].fileId", equalTo(file.fileId()))
                .body("[0].reason", containsString("item not found"));

        assertTrue(cloud().item(file).isEmpty(), "no item may be created");
    }

    @Test
    void recordWithUnreadableKeysIsSkippedWithoutWrites() {
        StoredFile file = uploadedPng();
        String payload = Fixtures.load("insert-unexpected-types.json", file.fixtureValues(cloud().table()))
                .replaceFirst("\"fileId\": \\{ \"S\": \"[^\"]+\" }", "\"fileId\": { \"N\": \"42\" }");
        Map<String, AttributeValue> before = cloud().item(file);

        invoke(payload)
                .statusCode(200)
                .body("$", hasSize(1))
                .body("[0].outcome", equalTo("SKIPPED"))
                .body("[0].fileId", nullValue())
                .body("[0].reason", equalTo("attribute fileId has type N, expected S"));

        assertEquals(before, cloud().item(file), "a skipped record changed the item");
    }

    @Test
    void sameBatchDeliveredThreeTimesTransitionsOnce() {
        StoredFile file = uploadedPng();
        String batch = insertOf(file);

        invoke(batch).statusCode(200).body("[0].outcome", equalTo("PROCESSED"));
        assertEquals("PROCESSED", cloud().attribute(file, "status"));

        for (int delivery = 2; delivery <= 3; delivery++) {
            assertSkippedWithoutWrites(file, batch, equalTo("already processed: status is PROCESSED"));
        }
    }

    @Test
    void itemMarkedFailedByTheWorkflowStaysFailed() {
        StoredFile file = uploadedPng();
        cloud().putItem(file, "FAILED");

        assertSkippedWithoutWrites(file, insertOf(file), equalTo("already processed: status is FAILED"));
    }

    @Test
    void itemLeftProcessingByACrashIsResumed() {
        StoredFile file = uploadedPng();
        cloud().putItem(file, "PROCESSING");

        invoke(insertOf(file)).statusCode(200).body("[0].outcome", equalTo("PROCESSED"));

        assertEquals("PROCESSED", cloud().attribute(file, "status"));
        assertEquals("image/png", cloud().attribute(file, "detectedContentType"));
    }

    @Test
    void recordWhoseItemDoesNotExistIsSkipped() {
        StoredFile file = StoredFile.of("scan.png", "image/png", PNG);
        cloud().putObject(file);

        invoke(insertOf(file))
                .statusCode(200)
                .body("[0].outcome", equalTo("SKIPPED"))
                .body("[0].reason", startsWith("item not found"));

        assertTrue(cloud().item(file).isEmpty(), "no item may be created");
    }

    @Test
    void poisonRecordDoesNotStopTheGoodOneAfterIt() {
        StoredFile file = uploadedPng();

        invoke(Fixtures.load("poison-then-insert.json", file.fixtureValues(cloud().table())))
                .statusCode(200)
                .body("$", hasSize(2))
                .body("[0].outcome", equalTo("SKIPPED"))
                .body("[0].reason", startsWith("malformed stream record"))
                .body("[0].fileId", nullValue())
                .body("[1].outcome", equalTo("PROCESSED"))
                .body("[1].fileId", equalTo(file.fileId()));

        assertEquals("PROCESSED", cloud().attribute(file, "status"));
    }

    static java.util.stream.Stream<ContainerSamples> containerSamples() {
        return ContainerSamples.all().stream();
    }

    /**
     * Zip- and OLE2-based formats uploaded without an extension are named by what their entries say, not
     * {@code application/zip} or {@code application/x-tika-msoffice}; each file is built by the test.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("containerSamples")
    void containerUploadedWithoutExtensionIsDetectedByItsEntries(ContainerSamples sample) {
        StoredFile file = StoredFile.of("report", "application/octet-stream", sample.bytes());
        cloud().upload(file);

        invoke(insertOf(file))
                .statusCode(200)
                .body("[0].outcome", equalTo("PROCESSED"))
                .body("[0].reason", containsString(sample.expected()));

        assertEquals(sample.expected(), cloud().attribute(file, "detectedContentType"), sample.family());
    }

    @Test
    void binaryObjectWithoutKnownSignatureFallsBackToOctetStream() {
        byte[] noise = new byte[300_000];
        new Random(42).nextBytes(noise);
        StoredFile file = StoredFile.of("blob", "application/x-custom", noise);
        cloud().upload(file);

        invoke(insertOf(file)).statusCode(200).body("[0].outcome", equalTo("PROCESSED"));

        assertEquals("application/octet-stream", cloud().attribute(file, "detectedContentType"));
        assertTrue(cloud().attribute(file, "processedAt").matches(ISO_MILLIS));
    }

    @Test
    void payloadThatIsNotAnArrayOfRecordsIsAnError() {
        invoke("\"not a batch\"")
                .statusCode(500)
                .body("errorType", containsString("IllegalArgumentException"))
                .body("errorMessage", containsString("JSON array"));
    }

    @Test
    void emptyBatchGivesEmptyOutcomes() {
        invoke("[]").statusCode(200).body("$", hasSize(0)).body("$", not(nullValue()));
    }

    /** @return a PNG file whose object and item are stored, status {@code UPLOADED} */
    StoredFile uploadedPng() {
        StoredFile file = StoredFile.of("scan.png", "image/png", PNG);
        cloud().upload(file);
        return file;
    }

    /** Delivers {@code payload} (one record about {@code file}) and checks: SKIPPED for that reason, item unchanged. */
    void assertSkippedWithoutWrites(StoredFile file, String payload, Matcher<String> reason) {
        Map<String, AttributeValue> before = cloud().item(file);

        invoke(payload)
                .statusCode(200)
                .body("$", hasSize(1))
                .body("[0].outcome", equalTo("SKIPPED"))
                .body("[0].fileId", equalTo(file.fileId()))
                .body("[0].ownerId", equalTo(file.ownerId()))
                .body("[0].reason", reason);

        assertEquals(before, cloud().item(file), "a skipped record changed the item");
    }

    /**
     * Delivers {@code payload} (one malformed INSERT about {@code file}) and checks: FAILED with that reason, on the
     * item too, without a claim or a detection (the object is never read).
     */
    void assertFailedWithoutProcessing(StoredFile file, String payload, String reason) {
        String startedBefore = cloud().attribute(file, "processingStartedAt");

        invoke(payload)
                .statusCode(200)
                .body("$", hasSize(1))
                .body("[0].outcome", equalTo("FAILED"))
                .body("[0].fileId", equalTo(file.fileId()))
                .body("[0].ownerId", equalTo(file.ownerId()))
                .body("[0].reason", equalTo(reason));

        assertEquals("FAILED", cloud().attribute(file, "status"));
        assertEquals(reason, cloud().attribute(file, "failureReason"));
        assertTrue(cloud().attribute(file, "processedAt").matches(ISO_MILLIS));
        assertEquals(startedBefore, cloud().attribute(file, "processingStartedAt"), "no claim");
        assertNull(cloud().attribute(file, "detectedContentType"));

        // A second delivery of the same poison record changes nothing more.
        Map<String, AttributeValue> after = cloud().item(file);
        invoke(payload).statusCode(200).body("[0].outcome", equalTo("SKIPPED"));
        assertEquals(after, cloud().item(file));
    }

    /** @return the INSERT fixture for {@code file}, from this test's table */
    String insertOf(StoredFile file) {
        return Fixtures.load("insert.json", file.fixtureValues(cloud().table()));
    }

    /**
     * Posts one invocation payload to the Lambda mock event server, as Step Functions' {@code lambda:invoke} would
     * pass it; the response is the handler's output, or {@code 500} with {@code errorType}/{@code errorMessage}.
     * The output of a stream handler is relayed without a JSON content type (the runtime posts it as
     * {@code application/x-www-form-urlencoded}), so the body is parsed as JSON whatever its declared type.
     */
    static ValidatableResponse invoke(String payload) {
        int port = ConfigProvider.getConfig()
                .getOptionalValue("quarkus.lambda.mock-event-server.test-port", Integer.class)
                .orElse(8083);
        return given().port(port)
                .contentType(ContentType.JSON)
                .body(payload)
                .when()
                .post("/_lambda_")
                .then()
                .using()
                .parser("application/x-www-form-urlencoded", Parser.JSON);
    }
}
