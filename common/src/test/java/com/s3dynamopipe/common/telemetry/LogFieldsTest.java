package com.s3dynamopipe.common.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.jboss.logging.MDC;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The log fields both functions share: the owner reference is what the operators' recipe
 * {@code printf %s "$sub" | sha256sum | cut -c1-16} computes (expected values from that command), and metric records
 * carry exactly the request id and file id that are set.
 */
class LogFieldsTest {

    @AfterEach
    void clearMdc() {
        MDC.clear();
    }

    @Test
    void ownerReferenceIsTheStartOfTheSha256OfTheUtf8OwnerId() {
        assertEquals("9a812ff4786b148b", LogFields.ownerRef("6b8f1c2e-3d4a-4e5f-9a0b-1c2d3e4f5a6b"));
        assertEquals("11f06de567b84713", LogFields.ownerRef("ユーザー"));
    }

    @Test
    void metricPropertiesAreTheRequestIdAndFileIdThatAreSet() {
        assertEquals(Map.of(), LogFields.metricProperties());

        MDC.put(LogFields.FILE_ID, "01a22b3c-e90b-785c-80c2-b19112f1916a");
        MDC.put(LogFields.OWNER_REF, "9a812ff4786b148b");
        assertEquals(Map.of(LogFields.FILE_ID, "01a22b3c-e90b-785c-80c2-b19112f1916a"), LogFields.metricProperties());

        MDC.put(LogFields.REQUEST_ID, "7cac2560-b75d-4da2-bb2e-947b1d5abe17");
        assertEquals(
                List.of(LogFields.REQUEST_ID, LogFields.FILE_ID),
                List.copyOf(LogFields.metricProperties().keySet()));
        assertEquals(
                "7cac2560-b75d-4da2-bb2e-947b1d5abe17",
                LogFields.metricProperties().get(LogFields.REQUEST_ID));
    }
}
