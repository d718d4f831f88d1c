package com.s3dynamopipe.processor.service;

import com.s3dynamopipe.common.telemetry.LogFields;
import com.s3dynamopipe.processor.model.FileKey;
import java.util.regex.Pattern;
import org.jboss.logging.MDC;

/**
 * Sets and clears the fields that every log line written while processing carries ({@link LogFields}:
 * docs/design.md, "Logs and metrics"):
 * <ul>
 *   <li>the Lambda request id, for the whole invocation;</li>
 *   <li>the file id and the owner's opaque reference, for the stream record being processed.</li>
 * </ul>
 * The handler runs on the Lambda runtime's thread, which serves one invocation after the other: {@link #invocation}
 * and {@link #endRecord()} remove what they set.
 */
public final class LogContext {

    private static final Pattern OWNER_SEGMENT = Pattern.compile("uploads/[^/]+/");

    private LogContext() {}

    /** The log context of one invocation; closing it restores the request id that was there before. */
    public static final class Invocation implements AutoCloseable {
        private final Object previous;

        private Invocation(Object previous) {
            this.previous = previous;
        }

        @Override
        public void close() {
            endRecord();
            if (previous == null) {
                MDC.remove(LogFields.REQUEST_ID);
            } else {
                MDC.put(LogFields.REQUEST_ID, previous);
            }
        }
    }

    /**
     * Starts the log context of an invocation.
     *
     * @param requestId the Lambda request id, or {@code null} (then the runtime's own value, if any, stays)
     * @return the context, to be closed when the invocation ends
     */
    public static Invocation invocation(String requestId) {
        Object previous = MDC.get(LogFields.REQUEST_ID);
        if (requestId != null) {
            MDC.put(LogFields.REQUEST_ID, requestId);
        }
        return new Invocation(previous);
    }

    /** @param key the item whose stream record is being processed; the owner is logged only as its reference */
    public static void record(FileKey key) {
        MDC.put(LogFields.FILE_ID, key.fileId());
        MDC.put(LogFields.OWNER_REF, LogFields.ownerRef(key.ownerId()));
    }

    /** Removes the record's fields (file id, owner reference). */
    public static void endRecord() {
        MDC.remove(LogFields.FILE_ID);
        MDC.remove(LogFields.OWNER_REF);
    }

    /**
     * @param text a reason or message that may name object keys ({@code uploads/<ownerId>/<fileId>})
     * @return the text with the owner segment of every key replaced by {@code …}, fit for a log line
     */
    public static String forLogs(String text) {
        return text == null ? null : OWNER_SEGMENT.matcher(text).replaceAll("uploads/…/");
    }
}
