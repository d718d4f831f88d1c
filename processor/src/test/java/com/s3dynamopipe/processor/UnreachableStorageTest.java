package com.s3dynamopipe.processor;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Storage that cannot be reached is a transient fault: the invocation fails (so Step Functions retries) and the
 * item stays claimed but not terminal. S3 points at a local port that nothing listens on; DynamoDB is real.
 */
@QuarkusTest
@TestProfile(UnreachableStorageTest.ClosedS3Port.class)
class UnreachableStorageTest {

    /** Points the S3 client at a port that was free a moment ago, so connections are refused. */
    public static class ClosedS3Port implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                return Map.of("quarkus.s3.endpoint-override", "http://127.0.0.1:" + socket.getLocalPort());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Test
    void invocationFailsAndItemStaysProcessing() {
        TestCloud cloud = TestCloud.ofApplication();
        StoredFile file = StoredFile.of("scan.png", "image/png", ProcessorHandlerTest.PNG);
        cloud.putItem(file, "UPLOADED");

        ProcessorHandlerTest.invoke(Fixtures.load("insert.json", file.fixtureValues(cloud.table())))
                .statusCode(500)
                .body("errorType", containsString("SdkClientException"))
                .body("errorMessage", not(emptyOrNullString()));

        assertEquals("PROCESSING", cloud.attribute(file, "status"));
        assertNull(cloud.attribute(file, "processedAt"));
        assertNull(cloud.attribute(file, "failureReason"));
    }
}
