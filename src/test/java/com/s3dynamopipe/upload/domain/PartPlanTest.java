package com.s3dynamopipe.upload.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Part planning of multipart uploads: plain JUnit, no Quarkus. */
class PartPlanTest {

    private static final long MIB = 1024L * 1024L;

    @Test
    void aFileThatFitsTheMaximumPartCountUsesTheConfiguredPartSize() {
        PartPlan plan = PartPlan.of(20 * MIB + 5, 8 * MIB, 100);
        assertEquals(8 * MIB, plan.partSizeBytes());
        assertEquals(3, plan.partCount());
        assertEquals(8 * MIB, plan.partLength(1));
        assertEquals(8 * MIB, plan.partLength(2));
        assertEquals(4 * MIB + 5, plan.partLength(3), "the last part holds the rest");
    }

    @Test
    void aFileOfExactlyWholePartsHasNoShortLastPart() {
        PartPlan plan = PartPlan.of(16 * MIB, 8 * MIB, 100);
        assertEquals(2, plan.partCount());
        assertEquals(8 * MIB, plan.partLength(2));
    }

    @Test
    void aLargerFileGetsLargerWholeMibPartsToStayWithinTheMaximumPartCount() {
        long fiveGib = 5L * 1024 * MIB;
        PartPlan plan = PartPlan.of(fiveGib, 8 * MIB, 100);
        assertEquals(52 * MIB, plan.partSizeBytes(), "5 GiB / 100 = 51.2 MiB, rounded up to whole MiB");
        assertEquals(99, plan.partCount());
        assertEquals(fiveGib - 98 * 52 * MIB, plan.partLength(99));
    }

    @Test
    void theLengthsOfThePartsAddUpToTheFile() {
        long size = 123_456_789L;
        PartPlan plan = PartPlan.of(size, 5 * MIB, 10);
        long sum = 0;
        for (int n = 1; n <= plan.partCount(); n++) {
            sum += plan.partLength(n);
        }
        assertEquals(size, sum);
        assertEquals(10, plan.partCount());
    }
}
