package com.s3dynamopipe.upload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.s3dynamopipe.common.telemetry.LogCapture;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.List;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;

/**
 * The log context of the upload function (docs/design.md, "Logs and metrics"): the lines written while serving a
 * request carry the Lambda request id, the caller's opaque owner reference (never the {@code sub}) and the file id,
 * and none of it is left behind for the next request (Lambda reuses the process).
 */
@QuarkusTest
class LogContextTest {

    static final String UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

    @Test
    void acceptedUploadIsLoggedWithRequestIdOwnerReferenceAndFileId() {
        String token = Tokens.idToken(0);
        String sub = Tokens.subject(token);
        List<ExtLogRecord> records;
        String fileId;
        try (LogCapture logs = LogCapture.start()) {
            Response response = UploadApiTest.upload(token, UploadApiTest.simpleForm("logged.txt"));
            response.then().statusCode(201);
            fileId = response.jsonPath().getString("fileId");
            records = logs.records();
        }

        ExtLogRecord accepted = only(records, "Upload accepted: 5 bytes");
        assertTrue(
                accepted.getMdc("AWSRequestId").matches(UUID),
                accepted.getMdcCopy().toString());
        assertEquals(
                UploadApiTest.sha256(sub.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                        .substring(0, 16),
                accepted.getMdc("ownerRef"));
        assertEquals(fileId, accepted.getMdc("fileId"));
        for (ExtLogRecord record : records) {
            assertFalse(LogCapture.message(record).contains(sub), LogCapture.message(record));
            assertFalse(
                    record.getMdcCopy().containsValue(sub), record.getMdcCopy().toString());
        }
    }

    @Test
    void nothingOfARequestIsLeftForTheNext() {
        List<ExtLogRecord> records;
        try (LogCapture logs = LogCapture.start()) {
            for (int i = 0; i < 3; i++) {
                UploadApiTest.upload(Tokens.idToken(0), UploadApiTest.simpleForm("first.txt"))
                        .then()
                        .statusCode(201);
                UploadApiTest.upload(null, UploadApiTest.simpleForm("second.txt"))
                        .then()
                        .statusCode(401);
            }
            records = logs.records();
        }

        List<ExtLogRecord> accepted = all(records, "Upload accepted: 5 bytes");
        List<ExtLogRecord> refused = all(records, "Upload rejected: 401 missing_token");
        assertEquals(3, accepted.size());
        assertEquals(3, refused.size());
        for (ExtLogRecord record : refused) {
            assertNull(record.getMdc("ownerRef"), "no owner reference left over: " + record.getMdcCopy());
            assertNull(record.getMdc("fileId"), "no file id left over: " + record.getMdcCopy());
            assertTrue(
                    record.getMdc("AWSRequestId").matches(UUID),
                    record.getMdcCopy().toString());
        }
        long requestIds = records.stream()
                .filter(r -> accepted.contains(r) || refused.contains(r))
                .map(r -> r.getMdc("AWSRequestId"))
                .distinct()
                .count();
        assertEquals(6, requestIds, "each request has its own request id");
        assertNotEquals(accepted.get(0).getMdc("fileId"), accepted.get(1).getMdc("fileId"));
    }

    private static List<ExtLogRecord> all(List<ExtLogRecord> records, String message) {
        return records.stream()
                .filter(r -> message.equals(LogCapture.message(r)))
                .toList();
    }

    private static ExtLogRecord only(List<ExtLogRecord> records, String message) {
        List<ExtLogRecord> found = all(records, message);
        assertEquals(
                1,
                found.size(),
                message + " among " + records.stream().map(LogCapture::message).toList());
        return found.get(0);
    }
}
