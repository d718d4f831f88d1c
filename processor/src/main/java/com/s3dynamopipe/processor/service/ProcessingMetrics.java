package com.s3dynamopipe.processor.service;

import com.s3dynamopipe.common.telemetry.EmfMetrics;
import com.s3dynamopipe.common.telemetry.EmfMetrics.Metric;
import com.s3dynamopipe.common.telemetry.LogFields;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The processor's half of the metric contract (docs/design.md, "Logs and metrics"; alarms and the dashboard use
 * exactly these names): one EMF record per item the processor ends, in the namespace {@code AWS_EMF_NAMESPACE},
 * dimension set [Function] with {@code Function} = {@value #FUNCTION}:
 * <ul>
 *   <li>{@value #SUCCEEDED} (Count) for each item recorded {@code PROCESSED}, {@value #FAILED} (Count) for each item
 *       recorded {@code FAILED} (missing object, size or checksum mismatch, invalid stream record);</li>
 *   <li>{@value #LATENCY} (Milliseconds) with either: from the item's {@code createdAt} to the {@code processedAt}
 *       just written, when the item has a readable {@code createdAt} (a negative difference, from clock skew, is
 *       0).</li>
 * </ul>
 * Skipped records and transient faults (thrown, retried by the workflow) are not counted. Records carry the
 * properties {@code AWSRequestId} and {@code fileId}.
 */
@ApplicationScoped
public class ProcessingMetrics {

    /** Value of the {@code Function} dimension. */
    public static final String FUNCTION = "processor";

    /** Items recorded {@code PROCESSED}. */
    public static final String SUCCEEDED = "ProcessingSucceeded";

    /** Items recorded {@code FAILED} by the processor. */
    public static final String FAILED = "ProcessingFailed";

    /** Milliseconds from the item's {@code createdAt} to its {@code processedAt}. */
    public static final String LATENCY = "ProcessingLatency";

    private static final String FUNCTION_DIMENSION = "Function";

    private final EmfMetrics metrics;

    ProcessingMetrics(EmfMetrics metrics) {
        this.metrics = metrics;
    }

    /**
     * @param createdAt   the item's {@code createdAt}, or {@code null}
     * @param processedAt the {@code processedAt} written with {@code PROCESSED}
     */
    void succeeded(String createdAt, String processedAt) {
        emit(SUCCEEDED, createdAt, processedAt);
    }

    /**
     * @param createdAt   the item's {@code createdAt}, or {@code null} (e.g. an invalid stream record)
     * @param processedAt the {@code processedAt} written with {@code FAILED}
     */
    void failed(String createdAt, String processedAt) {
        emit(FAILED, createdAt, processedAt);
    }

    private void emit(String outcome, String createdAt, String processedAt) {
        List<Metric> values = new ArrayList<>();
        values.add(new Metric(outcome, 1, EmfMetrics.Unit.COUNT));
        Long latency = latencyMillis(createdAt, processedAt);
        if (latency != null) {
            values.add(new Metric(LATENCY, latency, EmfMetrics.Unit.MILLISECONDS));
        }
        metrics.emit(
                Map.of(FUNCTION_DIMENSION, FUNCTION),
                List.of(List.of(FUNCTION_DIMENSION)),
                values,
                LogFields.metricProperties());
    }

    /** @return milliseconds between two ISO-8601 instants (at least 0), or {@code null} if either is unreadable */
    static Long latencyMillis(String createdAt, String processedAt) {
        if (createdAt == null || processedAt == null) {
            return null;
        }
        try {
            return Math.max(
                    0,
                    Duration.between(Instant.parse(createdAt), Instant.parse(processedAt))
                            .toMillis());
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
