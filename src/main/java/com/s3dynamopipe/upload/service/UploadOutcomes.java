package com.s3dynamopipe.upload.service;

import com.s3dynamopipe.common.telemetry.EmfMetrics;
import com.s3dynamopipe.common.telemetry.EmfMetrics.Metric;
import com.s3dynamopipe.common.telemetry.LogFields;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * The upload function's half of the metric contract (docs/design.md, "Logs and metrics"; alarms and the dashboard
 * use exactly these names): every accepted or rejected upload writes one log line and one EMF record in the
 * namespace {@code AWS_EMF_NAMESPACE}, dimension {@code Function} = {@value #FUNCTION}.
 * <ul>
 *   <li>{@value #ACCEPTED} (Count, dimension set [Function]) and {@value #BYTES_STORED} (Bytes, the file's size,
 *       [Function]) for each {@code 201} of {@code POST /upload} and {@code POST /uploads/{id}/complete};</li>
 *   <li>{@value #REJECTED} (Count, dimension sets [Function] and [Function, ErrorCode]) for each answer of an upload
 *       route ({@code /upload}, {@code /uploads}, {@code /uploads/…}) that is a problem, {@code ErrorCode} = the
 *       problem's {@code code}.</li>
 * </ul>
 * Records carry the properties {@code AWSRequestId} and, where known, {@code fileId}.
 */
@ApplicationScoped
public class UploadOutcomes {

    /** Value of the {@code Function} dimension. */
    public static final String FUNCTION = "upload";

    /** Uploads stored: one per accepted file. */
    public static final String ACCEPTED = "UploadsAccepted";

    /** Upload requests answered with a problem. */
    public static final String REJECTED = "UploadsRejected";

    /** Bytes of the accepted files. */
    public static final String BYTES_STORED = "BytesStored";

    private static final Logger LOG = Logger.getLogger(UploadOutcomes.class);
    private static final String FUNCTION_DIMENSION = "Function";
    private static final String ERROR_CODE_DIMENSION = "ErrorCode";

    private final EmfMetrics metrics;

    /** @param metrics the EMF writer */
    public UploadOutcomes(EmfMetrics metrics) {
        this.metrics = metrics;
    }

    /**
     * A file was stored and its item inserted.
     *
     * @param fileId    the new file
     * @param sizeBytes its size in bytes
     */
    public void accepted(String fileId, long sizeBytes) {
        LogContext.file(fileId);
        LOG.infof("Upload accepted: %d bytes", sizeBytes);
        metrics.emit(
                Map.of(FUNCTION_DIMENSION, FUNCTION),
                List.of(List.of(FUNCTION_DIMENSION)),
                List.of(
                        new Metric(ACCEPTED, 1, EmfMetrics.Unit.COUNT),
                        new Metric(BYTES_STORED, sizeBytes, EmfMetrics.Unit.BYTES)),
                LogFields.metricProperties());
    }

    /**
     * An upload route answered with a problem.
     *
     * @param status the HTTP status
     * @param code   the problem's {@code code}, e.g. {@code file_too_large}
     */
    public void rejected(int status, String code) {
        LOG.infof("Upload rejected: %d %s", status, code);
        metrics.emit(
                Map.of(FUNCTION_DIMENSION, FUNCTION, ERROR_CODE_DIMENSION, code),
                List.of(List.of(FUNCTION_DIMENSION), List.of(FUNCTION_DIMENSION, ERROR_CODE_DIMENSION)),
                List.of(new Metric(REJECTED, 1, EmfMetrics.Unit.COUNT)),
                LogFields.metricProperties());
    }
}
